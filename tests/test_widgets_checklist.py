"""Checklist view driven from Python: unticking a step leaves it off the printable page."""
import base64
import re

import backschool.widgets as bs


def test_untick_then_make_the_page():
    w = bs.checklist("move-often")
    steps = w.card.steps
    assert len(w.chosen) == len(steps) and f"{len(steps)} of {len(steps)}" in w.count.value
    first = steps[0]
    w.boxes[first].value = False
    assert first not in w.result and f"{len(steps) - 1} of {len(steps)}" in w.count.value
    page = w.make_page()
    assert first.text not in page and steps[1].text in page
    link = re.search(r'href="data:text/html;base64,([^"]+)"', w.download.value)
    assert link and base64.b64decode(link.group(1)).decode("utf-8") == page
    w.boxes[first].value = True
    assert w.page is None and "again" in w.download.value


def test_nothing_ticked_disables_the_button():
    w = bs.checklist("lifting-and-desk")
    for box in w.boxes.values():
        box.value = False
    assert w.make.disabled and "at least one" in w.count.value
