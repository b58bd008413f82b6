"""The personal action plan: plain-word goals, checks, saving in the learner's folder, printable page."""
import html
import json
import os
import stat
from datetime import date

import pytest

from backschool.models import action_plan as ap, redflags


def test_choices_and_numbers_are_sourced():
    assert "WHO" in ap.source() and "NICE" in ap.source()
    assert ap.review_weeks() == (4, 6)
    assert "Walk" in ap.activities()
    assert any("doctor" in h for h in ap.helpers())


def test_goal_sentence_is_plain():
    assert ap.Goal("Walk", 10, 5, 4).sentence() == "I will walk for 10 minutes, on 5 days a week, for the next 4 weeks."
    assert ap.Goal("Swim", 1, 7, 1).sentence() == "I will swim for 1 minute, every day, for the next 1 week."
    assert "on 1 day a week" in ap.Goal("Cycle", 20, 1, 2).sentence()


def test_goal_tips_flag_a_big_jump():
    small = ap.Goal("Walk", 10, 5, 4).tips()
    assert any(t.startswith("Realistic") for t in small)
    big = ap.Goal("Walk", 60, 7, 4).tips()
    assert any(t.startswith("Big goal") and "420" in t for t in big)
    long = ap.Goal("Walk", 90, 2, 4).tips()
    assert any(t.startswith("Long sessions") for t in long)


@pytest.mark.parametrize("kwargs", [
    dict(activity="", minutes=10, days_per_week=3, weeks=4),
    dict(activity="Walk", minutes=0, days_per_week=3, weeks=4),
    dict(activity="Walk", minutes=10, days_per_week=8, weeks=4),
    dict(activity="Walk", minutes=10, days_per_week=3, weeks=13),
    dict(activity="Walk", minutes=10.5, days_per_week=3, weeks=4),
    dict(activity="Walk", minutes=True, days_per_week=3, weeks=4),
    dict(activity="x" * 200, minutes=10, days_per_week=3, weeks=4),
])
def test_bad_goals_are_refused_in_plain_words(kwargs):
    with pytest.raises(ValueError, match="Please|must be"):
        ap.Goal(**kwargs)


def test_plan_limits_and_check_date():
    plan = ap.ActionPlan(made_on=date(2025, 1, 1))
    assert plan.check_date() == date(2025, 1, 29)
    plan = plan.with_goal(ap.Goal("Walk", 10, 5, 6))
    assert plan.check_date() == date(2025, 2, 12)
    assert plan.without_last_goal().goals == ()
    with pytest.raises(ValueError):
        ap.ActionPlan(goals=[ap.Goal("Walk", 10, 5, 4)] * 6)
    with pytest.raises(ValueError):
        ap.ActionPlan(helpers=("A pharmacist", "A pharmacist"))


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSCHOOL_DATA_DIR", str(tmp_path / "mine"))
    assert ap.data_dir() == tmp_path / "mine"
    monkeypatch.delenv("BACKSCHOOL_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert ap.data_dir() == tmp_path / ".backschool"


def test_save_and_load_round_trip(tmp_path):
    plan = ap.ActionPlan(goals=(ap.Goal("Walk", 10, 5, 4),), helpers=("A physiotherapist",),
                         bad_day="Walk for 5 minutes and use the relaxation steps.", made_on=date(2025, 3, 1))
    path = ap.save(plan, tmp_path)
    assert path == tmp_path / ap.PLAN_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, "only the learner can read the plan"
    assert ap.load(tmp_path) == plan
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary file left behind"


def test_default_folder_is_the_data_dir():
    assert ap.load() is None
    path = ap.save(ap.ActionPlan())
    assert path.parent == ap.data_dir()
    assert ap.load().goals == ()


def test_damaged_file_raises_a_plain_error(tmp_path):
    (tmp_path / ap.PLAN_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ap.PlanFileError):
        ap.load(tmp_path)
    (tmp_path / ap.PLAN_FILE).write_text(json.dumps({"goals": [{"walk": 1}]}), encoding="utf-8")
    with pytest.raises(ap.PlanFileError):
        ap.load(tmp_path)
    (tmp_path / ap.PLAN_FILE).write_text("[]", encoding="utf-8")
    with pytest.raises(ap.PlanFileError):
        ap.load(tmp_path)


def test_printable_page_escapes_and_sends_to_urgent_care(tmp_path):
    plan = ap.ActionPlan(goals=(ap.Goal("<script>alert(1)</script>", 10, 5, 4),),
                         helpers=("My family doctor (GP)",), bad_day="Rest & <b>move</b>")
    page = ap.to_html(plan)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Rest &amp; &lt;b&gt;move&lt;/b&gt;" in page
    for sign in redflags.flags():
        if sign.level != "none":
            assert html.escape(sign.label) in page
    assert html.escape(redflags.level("emergency").list_intro) in page
    assert html.escape(redflags.review_advice()) in page and "4 to 6 weeks" in page
    assert "112" in page
    assert "does not replace my doctor" in page
    path = ap.export_html(plan, tmp_path)
    assert path.read_text(encoding="utf-8") == page


def test_confidence_and_if_then_plan_are_checked_and_kept(tmp_path):
    low = ap.Goal("Walk", 30, 5, 4, confidence=4)
    assert any("below 7" in t and "smaller" in t for t in low.tips())
    assert any("if-then" in t for t in low.tips()), "no if-then plan yet: the tips ask for one"
    sure = ap.Goal("Walk", 10, 5, 4, confidence=8, if_then="If it rains, then I will walk in the shopping centre.")
    tips = sure.tips()
    assert any("8 out of 10" in t for t in tips) and not any("below" in t or "if-then" in t for t in tips)
    for bad in (11, -1, 7.5, True):
        with pytest.raises(ValueError, match="0 to 10"):
            ap.Goal("Walk", 10, 5, 4, confidence=bad)
    plan = ap.ActionPlan(goals=(sure, ap.Goal("Cycle", 20, 2, 2)))
    ap.save(plan, tmp_path)
    again = ap.load(tmp_path)
    assert again.goals[0].confidence == 8 and again.goals[0].if_then.startswith("If it rains")
    assert again.goals[1].confidence is None and again.goals[1].if_then == ""
    page = ap.to_html(plan)
    assert "How sure I am: 8 out of 10." in page and "My if-then plan: If it rains" in page


def test_old_saved_goals_without_confidence_still_load(tmp_path):
    (tmp_path / ap.PLAN_FILE).write_text(
        '{"goals": [{"activity": "Walk", "minutes": 10, "days_per_week": 5, "weeks": 4}], "helpers": [], '
        '"bad_day": "", "made_on": "2026-11-02"}')
    assert ap.load(tmp_path).goals[0].confidence is None


def test_goals_are_reviewed_against_the_diary():
    from datetime import date, timedelta

    from backschool.models.diary import Entry

    start = date(2026, 11, 2)
    plan = ap.ActionPlan(goals=(ap.Goal("Walk", 20, 3, 4),), made_on=start)
    assert ap.review(plan, [], today=start + timedelta(days=13))[0].startswith("Your diary has no days")
    entries = [Entry(start - timedelta(days=1), 5, 60)]  # before the plan: not counted
    entries += [Entry(start + timedelta(days=d), 4, m) for d, m in ((0, 25), (2, 10), (4, 20), (8, 30), (9, 40))]
    (line,) = ap.review(plan, entries, today=start + timedelta(days=13))  # two weeks: 6 days asked
    assert "4 days with at least 20 active minutes" in line and "asked for 6 so far" in line
    assert "smaller goal" in line
    (line,) = ap.review(plan, entries[:4], today=start + timedelta(days=6))  # one week: 3 asked, 2 met
    assert "2 days" in line and "asked for 3" in line
    (line,) = ap.review(plan, entries, today=start + timedelta(days=9))  # 10 days: 4 asked, 4 met
    assert "asked for 4 so far. You are on track." in line
    assert ap.review(ap.ActionPlan(made_on=start), entries) == ()


def test_the_goal_limit_in_words_is_the_limit_the_plan_checks():
    n = ap.max_goals()
    assert f"up to {n}" in ap.goals_hint()
    assert len(ap.ActionPlan(goals=[ap.Goal("Walk", 10, 5, 4)] * n).goals) == n
    with pytest.raises(ValueError, match=f"at most {n} goals"):
        ap.ActionPlan(goals=[ap.Goal("Walk", 10, 5, 4)] * (n + 1))
