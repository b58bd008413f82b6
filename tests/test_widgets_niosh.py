"""NIOSH calculator view driven from Python."""
import backschool.widgets as bs


def test_changing_inputs_recalculates():
    w = bs.niosh_calculator()
    fig = w.panel.figure
    assert fig.layout.title.text and fig.layout.xaxis.title.text and "kg" in fig.layout.yaxis.title.text
    rwl, bars = w.result.rwl, tuple(fig.data[0].y)
    w.inputs["h"].value = 50.0
    assert w.result.rwl < rwl and tuple(w.panel.figure.data[0].y) != bars
    assert "Lifting index" in w.verdict.value and "Recommended weight limit" in w.verdict.value


def test_bad_and_out_of_range_inputs_are_explained():
    w = bs.niosh_calculator()
    good = w.result
    w.inputs["load"].value = -5.0
    assert w.result is good and "cannot be negative" in w.message.value
    w.inputs["load"].value = 10.0
    w.inputs["a"].value = 150.0
    assert w.result.rwl == 0 and "Twisting (A)" in w.message.value and "zero" in w.verdict.value


def test_us_units():
    w = bs.niosh_calculator()
    w.units.value = "us"
    assert w.result.task.units == "us" and w.result.load_constant == 51
    assert "(lb)" in w.inputs["load"].description and "lb" in w.panel.figure.layout.yaxis.title.text


def test_defaults_reproduce_the_lessons_worked_example():
    """Lesson 5: waist height (105 cm), 25 cm out, moved under 25 cm, now and then: about 20.9 kg; 50 cm out: 10.5."""
    w = bs.niosh_calculator()
    assert round(w.result.rwl, 1) == 20.9
    w.inputs["h"].value = 50.0
    assert round(w.result.rwl, 1) == 10.5


def test_plain_labels_and_how_often_in_words():
    """No one has to work out lifts per minute: the choices are Table 5's rows in words."""
    w = bs.niosh_calculator()
    labels = [b.description for b in w.inputs.values()]
    assert not [x for x in labels if any(f", {c}" in x for c in "HVDAF")]
    assert w.frequency.label == "1 lift every 5 minutes or less often" and w.result.task.frequency == 0.2
    assert "10 kg, about half as much as the limit" in w.verdict.value  # 10 kg against 20.9 kg
    before = w.result.rwl
    w.frequency.value = 1.0
    assert w.frequency.label == "1 lift a minute" and w.result.rwl < before
