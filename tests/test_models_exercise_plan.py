"""Exercise plan: guideline-based, gradual, never over the learner's time, exported without external links."""
import re

import pytest
from hypothesis import given, strategies as st

from backschool.models import exercise_plan as ep

LEVELS = list(ep.activity_levels())
PAINFUL = list(ep.painful_activities())


def test_sources_cite_nice_and_who():
    src = ep.guidance()["source"]
    assert "NG59" in src and "2023" in src and "2020" in src and "150-300" in src


def test_plan_shape_and_two_core_sessions():
    plan = ep.build_plan("some", [], 300)
    assert [w.number for w in plan.weeks] == list(range(1, 13))
    assert all(w.core_sessions == 2 for w in plan.weeks)
    assert plan.weeks[-1].total_minutes >= 150
    assert plan.aerobic_activity.startswith("Brisk walking")


def test_painful_activities_change_the_activity():
    assert ep.build_plan("some", ["walking"], 200).aerobic_activity.startswith("Cycling")
    assert ep.build_plan("some", ["walking", "sitting"], 200).aerobic_activity.startswith("Swimming")
    assert any("bend" in t for t in ep.build_plan("some", ["bending"], 200).tips)


@pytest.mark.parametrize("args,words", [
    (("sporty", [], 100), "Activity level"),
    (("some", ["running"], 100), "Unknown activity"),
    (("some", "walking", 100), "list"),
    (("some", [], 10), "from 30 to 600"),
    (("some", [], 1000), "from 30 to 600"),
    (("some", [], 99.5), "whole number"),
    (("some", [], "lots"), "whole number"),
])
def test_bad_answers_are_value_errors(args, words):
    with pytest.raises(ValueError, match=words):
        ep.build_plan(*args)


@given(level=st.sampled_from(LEVELS), painful=st.lists(st.sampled_from(PAINFUL)), minutes=st.integers(30, 600))
def test_plan_is_gradual_and_fits_the_time(level, painful, minutes):
    plan = ep.build_plan(level, painful, minutes)
    for prev, week in zip(plan.weeks, plan.weeks[1:]):
        assert week.aerobic_minutes >= prev.aerobic_minutes
        # 10% more, give or take the rounding of each session to 5 minutes
        assert week.aerobic_minutes <= prev.aerobic_minutes * 1.10 + 5 * week.aerobic_sessions
        assert week.aerobic_sessions >= prev.aerobic_sessions
        assert week.core_minutes_per_session >= prev.core_minutes_per_session
    assert all(w.total_minutes <= minutes for w in plan.weeks)
    assert all(w.aerobic_minutes <= 300 for w in plan.weeks)


@given(level=st.sampled_from(LEVELS), painful=st.lists(st.sampled_from(PAINFUL)), minutes=st.integers(30, 600))
def test_every_session_has_its_own_minutes_and_the_numbers_add_up(level, painful, minutes):
    plan = ep.build_plan(level, painful, minutes)
    for w in plan.weeks:
        assert w.aerobic_minutes == w.aerobic_sessions * w.aerobic_minutes_per_session
        assert w.total_minutes == w.aerobic_sessions * w.aerobic_minutes_per_session + w.core_sessions * w.core_minutes_per_session
        assert w.aerobic_minutes_per_session % 5 == 0 and w.aerobic_minutes_per_session >= 10
        assert 1 <= w.aerobic_sessions <= 5
    rises = [b.total_minutes - a.total_minutes for a, b in zip(plan.weeks, plan.weeks[1:])]
    low, high = plan.weekly_increase
    if any(rises):
        assert low == min(r for r in rises if r) and high == max(rises)
        assert (f"{low} to {high} minutes" if low != high else f"{low} minutes") in plan.summary
        last_rise = max(i for i, r in enumerate(rises) if r)
        assert ("or stays the same" in plan.summary) == (0 in rises[:last_rise])
        assert f"up to week {last_rise + 2}" in plan.summary
    else:
        assert "stays the same" in plan.summary
    assert f"Week 1 has {plan.weeks[0].total_minutes} minutes" in plan.summary


def test_table_cells_say_the_minutes_of_one_session():
    """Week 1 for a beginner with 150 minutes: the rows, worked out by hand from the table's numbers."""
    plan = ep.build_plan("inactive", [], 150)
    first = plan.weeks[0]
    assert (first.aerobic_sessions, first.aerobic_minutes_per_session) == (2, 25)  # 45 minutes -> 2 walks, rounded to 25
    assert (first.core_sessions, first.core_minutes_per_session, first.total_minutes) == (2, 15, 80)
    assert ep.session_text(2, 25) == "Twice, 25 min each" and ep.session_text(3, 20) == "3 times, 20 min each"
    assert "brisk walking twice, 25 minutes each time" in plan.how_to_use
    assert "strength exercises twice, 15 minutes each time" in plan.how_to_use
    assert any("bridge, knee rolls, bottom to heels" in t for t in plan.tips)


def test_export_html_is_self_contained(tmp_path):
    plan = ep.build_plan("inactive", ["lifting"], 150)
    path = ep.export_html(plan, tmp_path / "plan.html")
    text = path.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<table>" in text and "<svg" in text
    assert "NG59" in text and "Week" in text and "Twice, 15 min each" in text and "How to use it" in text
    urls = re.findall(r"(?:https?:)?//[^\s\"'<]+", text)
    assert urls == ["http://www.w3.org/2000/svg"]  # the SVG namespace only; nothing is fetched
    assert not re.search(r"<(link|script|img|iframe)\b", text)
