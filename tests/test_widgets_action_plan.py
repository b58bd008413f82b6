"""The action plan form drives its model and writes only to the learner's data folder."""
from backschool.models import action_plan as model
from backschool.widgets import action_plan
from backschool.widgets.action_plan import OWN


def test_add_goal_save_and_reload():
    form = action_plan()
    assert "I will" in form.preview.value
    form.activity.value = "Walk"
    form.minutes.value = 15
    form.days.value = 5
    form.add.click()
    assert form.plan.goals == (model.Goal("Walk", 15, 5, 4),)
    form.helper_boxes[0].value = True
    form.bad_day.value = "Walk for 5 minutes."
    form.save_button.click()
    assert form.saved_to.parent == model.data_dir()
    again = action_plan()
    assert again.plan.goals == form.plan.goals
    assert again.helper_boxes[0].value and again.bad_day.value == "Walk for 5 minutes."
    assert "loaded" in again.status.value


def test_own_goal_needs_words():
    form = action_plan()
    form.activity.value = OWN
    assert not form.own.disabled and form.add.disabled
    form.own.value = "Walk the dog"
    assert not form.add.disabled and "walk the dog" in form.preview.value


def test_printable_page_is_written_and_offered_for_download():
    form = action_plan()
    form.add.click()
    form.print_button.click()
    assert form.printed_to.parent == model.data_dir()
    assert 'download="my-back-plan.html"' in form.download.value
    form.remove.click()
    assert form.plan.goals == ()
