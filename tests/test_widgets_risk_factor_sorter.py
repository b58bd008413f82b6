"""The risk factor sorter view, driven without a browser: ticks reach the model and the page."""
from backschool.widgets import risk_factor_sorter


def test_ticks_update_result_and_page():
    view = risk_factor_sorter()
    assert view.result.ticked == ()
    view.tick("smoking", "past_pain")
    assert [f.id for f in view.result.ticked] == ["smoking", "past_pain"]
    assert "Things you can change" in view.answer.value
    assert "Things you cannot change" in view.answer.value
    assert "Where this comes from</summary>" in view.answer.value and "Hartvigsen J" in view.answer.value
    assert 'role="status"' in view.status.value
    view.tick()
    assert view.answer.value == ""
