"""The treatment explorer view: choosing a treatment updates the card, its next step and the marked table row."""
import re

from backschool.models import treatments as model
from backschool.palette import OKABE_ITO
from backschool.widgets import treatment_explorer


def _marked_rows(table_html: str) -> list[str]:
    return [row for row in re.findall(r"<tr[^>]*>.*?</tr>", table_html) if "outline" in row]


def test_choosing_a_treatment_updates_card_and_the_marked_row():
    w = treatment_explorer()
    assert w.result.id == "exercise"
    w.choose("belts")
    assert w.result.label == model.NOT_RECOMMENDED
    assert "Not recommended" in w.card.value and "cochrane-belts-2008" in w.card.value
    assert model.label_guide(model.NOT_RECOMMENDED).action in w.card.value
    marked = _marked_rows(w.guide.value)
    assert len(marked) == 1 and "Not recommended" in marked[0] and "your choice" in marked[0]


def test_table_has_a_caption_headings_a_row_per_label_and_safe_colours():
    w = treatment_explorer("acupuncture")
    table = w.guide.value
    assert "<caption" in table and table.count("scope='col'") == 3
    assert table.count("scope='row'") == len(model.LABELS)
    for item in model.guide():
        assert item.means in table and item.action in table
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", table + w.card.value))
    assert colours <= set(OKABE_ITO.values()) | {"#999999"}
    assert "guidelines disagree" in w.card.value
