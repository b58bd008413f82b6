"""The treatment explorer view: choosing a treatment updates the card, the chart outline and the summary."""
from backschool.models import treatments as model
from backschool.palette import OKABE_ITO, SEQUENCE
from backschool.widgets import treatment_explorer


def test_choosing_a_treatment_updates_card_and_chart():
    w = treatment_explorer()
    assert w.result.id == "exercise"
    w.choose("belts")
    assert w.result.label == model.NOT_RECOMMENDED
    assert "Not recommended" in w.card.value and "cochrane-belts-2008" in w.card.value
    widths = w.panel.figure.data[0].marker.line.width
    assert widths[list(model.LABELS).index(model.NOT_RECOMMENDED)] > 0 and sum(1 for x in widths if x) == 1
    assert "Of " in w.panel.summary.value


def test_chart_is_titled_counts_every_treatment_and_uses_safe_colours():
    w = treatment_explorer("acupuncture")
    fig = w.panel.figure
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert sum(fig.data[0].y) == len(model.treatments())
    assert set(fig.data[0].marker.color) <= set(OKABE_ITO.values()) | set(SEQUENCE)
    assert "guidelines disagree" in w.card.value
