"""Checklist view driven from Python: unticking a step leaves it off the printable page."""
import base64
import re

import backschool.widgets as bs


def linked_page(w) -> str:
    link = re.search(r'href="data:text/html;base64,([^"]+)"', w.download.value)
    assert link, w.download.value
    return base64.b64decode(link.group(1)).decode("utf-8")


def test_the_link_is_there_from_the_start_and_follows_the_ticks():
    w = bs.checklist("move-often")
    steps = w.card.steps
    assert len(w.chosen) == len(steps) and f"{len(steps)} of {len(steps)}" in w.count.value
    assert linked_page(w) == w.page and all(s.text in w.page for s in steps)
    first = steps[0]
    w.boxes[first].value = False
    assert first not in w.result and f"{len(steps) - 1} of {len(steps)}" in w.count.value
    page = linked_page(w)
    assert first.text not in page and steps[1].text in page and page == w.page


def test_nothing_ticked_offers_no_page():
    w = bs.checklist("lifting-and-desk")
    for box in w.boxes.values():
        box.value = False
    assert w.page is None and w.download.value == "" and "at least one" in w.count.value


def test_the_download_link_looks_like_a_link_and_is_a_big_enough_tap_target():
    from backschool.palette import NEUTRAL
    style = re.search(r'<a [^>]*style="([^"]+)"', bs.checklist("sleep-habits").download.value).group(1)
    assert "text-decoration: underline" in style and NEUTRAL["blue_text"] in style
    assert "min-height: 44px" in style
