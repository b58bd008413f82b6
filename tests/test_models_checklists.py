"""Printable checklists: every step has a real source, and the page holds the chosen steps only."""
import re

import pytest

from backschool.models import checklists
from backschool.sources import bibliography


def test_every_checklist_loads_with_known_sources():
    refs = bibliography()
    assert set(checklists.names()) >= {"move-often", "lifting-and-desk"}
    for name in checklists.names():
        card = checklists.checklist(name)
        assert card.title and card.intro and len(card.steps) >= 4  # at least the four ways of lesson 8's cycle picture
        assert all(s.source in refs for s in card.steps)


def test_the_lifting_checklist_has_the_lessons_steps():
    texts = " ".join(s.text for s in checklists.checklist("lifting-and-desk").steps)
    for words in ("close to the load", "feet apart", "held the load close", "moving my feet", "eye level", "breaks"):
        assert words in texts


def test_page_has_chosen_steps_a_box_per_day_and_full_sources():
    card = checklists.checklist("lifting-and-desk")
    lifting = [s for s in card.steps if s.source == "hse-indg143"]
    page = checklists.card_html(card, lifting[:2])
    assert lifting[0].text in page and lifting[1].text in page and lifting[2].text not in page
    assert "At my desk" not in page  # a section with no chosen step is left out
    assert page.count('<td class="box">') == 2 * len(checklists.DAYS)
    assert bibliography()["hse-indg143"] in page and bibliography()["hse-dse"] not in page
    assert not re.search(r"<(script|link|img)\b|href=", page)  # self-contained, prints offline
    assert page.count("<svg") == len(card.drawings) == 2  # the lesson's drawings, inlined
    full = checklists.card_html(card)
    assert full.count('<tr><th scope="row">') == len(card.steps)


def test_unknown_checklist_is_refused():
    with pytest.raises(ValueError, match="no checklist"):
        checklists.checklist("juggling")


def test_a_checklist_can_name_its_own_columns_and_a_column_to_write_in():
    card = checklists.checklist("offered-treatment")
    assert card.columns == ("Asked",) and card.notes == "What I was told"
    page = checklists.card_html(card)
    assert page.count('<td class="box">') == page.count('<td class="notes">') == len(card.steps)
    assert "<th scope=\"col\">What I was told</th>" in page and ">Mon<" not in page
    weeks = checklists.card_html(checklists.checklist("back-to-work"))
    assert ">Week 4<" in weeks and ">Mon<" not in weeks and 'class="notes"' not in weeks
    assert checklists.checklist("sleep-habits").columns == checklists.DAYS  # the default: a box per day
