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


def test_confidence_and_if_then_plan_and_a_review_against_the_diary():
    from datetime import date

    from backschool.models import diary

    form = action_plan()
    assert form.confidence.value is None and "How sure" in form.confidence.description
    form.activity.value = "Walk"
    form.minutes.value = 20
    form.confidence.value = 4
    assert "below 7" in form.preview.value and "if-then" in form.preview.value
    form.confidence.value = 8
    form.if_then.value = "If it rains, then I will walk indoors."
    assert "8 out of 10" in form.preview.value and "below 7" not in form.preview.value
    form.add.click()
    assert form.plan.goals[-1].confidence == 8 and form.plan.goals[-1].if_then.startswith("If it rains")
    assert "no days since you made this plan" in form.diary_review.value
    form.save_button.click()
    diary.add(date.today(), 3, 25, today=date.today())
    again = action_plan()
    assert "1 day with at least 20 active minutes" in again.diary_review.value


def test_form_says_the_model_goal_limit():
    form = action_plan()
    assert any(model.goals_hint() in getattr(c, "value", "") for c in form.children)
