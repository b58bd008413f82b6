"""The learner's personal action plan: goals in plain words, who can help, what to do on a bad day.

Goals are SMART in plain words: *what* you will do, *how long* and *how often*, and for *how many
weeks* before you check how it went; each may carry how sure the learner is (0-10) and an if-then
plan for what could get in the way, and is reviewed against the pain and activity diary. The plan is saved as JSON in the learner's own data folder
(``~/.backschool/`` or ``$BACKSCHOOL_DATA_DIR``) and can be written out as a printable web page.
It is never part of a quiz hand-in.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..atomic import write_text
from ..data import Table, table
from ..palette import OKABE_ITO
from ..settings import data_dir
from . import redflags
from .diary import Entry

__all__ = ["ActionPlan", "Goal", "PlanFileError", "data_dir", "export_html", "load", "review", "save", "to_html"]

PLAN_FILE = "action_plan.json"
PRINT_FILE = "my-back-plan.html"
MAX_TEXT = 120


class PlanFileError(ValueError):
    """The saved plan exists but cannot be read."""


def _table() -> Table:
    return table("action_plan")


def max_goals() -> int:
    """How many goals a plan holds at most: the one number the form's words and the check both use."""
    return int(_table()["max_goals"])


def goals_hint() -> str:
    """What the form says about how many goals to add."""
    return (f"Pick something small you can do most days. Start with one goal, or a few: you can add up to "
            f"{max_goals()}. A few goals you keep are better than many.")


def activities() -> tuple[str, ...]:
    return tuple(_table()["activities"])


def helpers() -> tuple[str, ...]:
    return tuple(_table()["helpers"])


def review_weeks() -> tuple[int, int]:
    """When to look again if not better: the red-flag table's review weeks (one number, one place)."""
    return redflags.review_weeks()


def limits(name: str) -> tuple[int, int]:
    raw = _table()["limits"][name]
    return int(raw["min"]), int(raw["max"])


def confident_enough() -> int:
    return int(_table()["confident_enough"])


def source() -> str:
    return _table().source


def _clean_text(text: str, what: str, required: bool = True) -> str:
    text = " ".join(str(text).split())
    if required and not text:
        raise ValueError(f"Please write {what}.")
    if len(text) > MAX_TEXT:
        raise ValueError(f"Please keep {what} short: {MAX_TEXT} letters at most.")
    return text


def _whole_number(value, name: str, what: str) -> int:
    low, high = limits(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"The number of {what} must be a whole number.")
    if not low <= value <= high:
        raise ValueError(f"The number of {what} must be between {low} and {high}.")
    return value


@dataclass(frozen=True)
class Goal:
    activity: str
    minutes: int
    days_per_week: int
    weeks: int
    confidence: int | None = None  # how sure the learner is, 0 to 10
    if_then: str = ""  # "If <something gets in the way>, then I will <do this>."

    def __post_init__(self) -> None:
        object.__setattr__(self, "activity", _clean_text(self.activity, "what you will do"))
        _whole_number(self.minutes, "minutes", "minutes")
        _whole_number(self.days_per_week, "days_per_week", "days a week")
        _whole_number(self.weeks, "weeks", "weeks")
        if self.confidence is not None:
            low, high = limits("confidence")
            if isinstance(self.confidence, bool) or not isinstance(self.confidence, int) \
                    or not low <= self.confidence <= high:
                raise ValueError(f"How sure you are must be a whole number from {low} to {high}.")
        object.__setattr__(self, "if_then", _clean_text(self.if_then, "your if-then plan", required=False))

    @property
    def minutes_per_week(self) -> int:
        return self.minutes * self.days_per_week

    def sentence(self) -> str:
        """The goal as one plain sentence, e.g. 'I will walk for 10 minutes, on 5 days a week, for 4 weeks.'"""
        what = self.activity[0].lower() + self.activity[1:] if self.activity[:2] != "I " else self.activity
        minutes = "1 minute" if self.minutes == 1 else f"{self.minutes} minutes"
        days = "every day" if self.days_per_week == 7 else (
            "on 1 day a week" if self.days_per_week == 1 else f"on {self.days_per_week} days a week")
        weeks = "1 week" if self.weeks == 1 else f"{self.weeks} weeks"
        return f"I will {what} for {minutes}, {days}, for the next {weeks}."

    def tips(self) -> tuple[str, ...]:
        """Plain checks of the goal: is it clear, measurable, realistic and timed?"""
        found = ["Clear: you said what you will do, how long and how often."]
        upper = int(_table()["weekly_minutes_upper"])
        if self.minutes_per_week > upper:
            found.append(
                f"Big goal: {self.minutes_per_week} minutes a week is more than {upper}. "
                "Start smaller and build up a little each week.")
        elif self.minutes > 60:
            found.append("Long sessions: think about two shorter times a day instead.")
        else:
            found.append("Realistic: a small start you can build on. Some activity is better than none.")
        found.append(f"Timed: check how it went after {self.weeks} week{'s' if self.weeks != 1 else ''}.")
        if self.confidence is not None:
            enough = confident_enough()
            if self.confidence < enough:
                found.append(f"Sure: {self.confidence} out of 10 is below {enough}. Make the goal a bit smaller "
                             f"or easier, until you feel at least {enough} out of 10 sure you can do it.")
            else:
                found.append(f"Sure: {self.confidence} out of 10. You feel you can do it.")
        if not self.if_then:
            found.append("Add an if-then plan for what could get in your way, for example: "
                         "If it rains, then I will walk indoors.")
        return tuple(found)

    def to_dict(self) -> dict:
        return {"activity": self.activity, "minutes": self.minutes,
                "days_per_week": self.days_per_week, "weeks": self.weeks,
                "confidence": self.confidence, "if_then": self.if_then}


@dataclass(frozen=True)
class ActionPlan:
    goals: tuple[Goal, ...] = ()
    helpers: tuple[str, ...] = ()
    bad_day: str = ""
    made_on: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        object.__setattr__(self, "goals", tuple(self.goals))
        object.__setattr__(self, "helpers", tuple(_clean_text(h, "who can help") for h in self.helpers))
        object.__setattr__(self, "bad_day", _clean_text(self.bad_day, "your bad-day plan", required=False))
        if len(self.goals) > max_goals():
            raise ValueError(f"Pick at most {max_goals()} goals. A few goals you keep are better than many.")
        if len(set(self.helpers)) != len(self.helpers):
            raise ValueError("Each helper should be listed once.")

    def with_goal(self, goal: Goal) -> "ActionPlan":
        return ActionPlan(self.goals + (goal,), self.helpers, self.bad_day, self.made_on)

    def without_last_goal(self) -> "ActionPlan":
        return ActionPlan(self.goals[:-1], self.helpers, self.bad_day, self.made_on)

    def check_date(self) -> date:
        """When to look at the plan again: when the longest goal ends, or in 4 weeks without goals."""
        weeks = max((g.weeks for g in self.goals), default=review_weeks()[0])
        return self.made_on + timedelta(weeks=weeks)

    def to_dict(self) -> dict:
        return {"goals": [g.to_dict() for g in self.goals], "helpers": list(self.helpers),
                "bad_day": self.bad_day, "made_on": self.made_on.isoformat()}

    @classmethod
    def from_dict(cls, raw: dict) -> "ActionPlan":
        try:
            return cls(
                goals=tuple(Goal(**g) for g in raw.get("goals", [])),
                helpers=tuple(raw.get("helpers", [])),
                bad_day=raw.get("bad_day", ""),
                made_on=date.fromisoformat(raw["made_on"]) if raw.get("made_on") else date.today(),
            )
        except (TypeError, KeyError, AttributeError) as exc:
            raise PlanFileError(f"The saved plan is not in the expected form ({exc}).") from exc


def review(plan: ActionPlan, entries: list[Entry], today: date | None = None) -> tuple[str, ...]:
    """Each goal against the diary since the plan was made: on how many days were you active that long?

    The diary keeps one number of active minutes a day, not what was done, so this counts days with at
    least the goal's minutes and compares them with the days the goal asked for so far.
    """
    today = today or date.today()
    days = [e for e in entries if plan.made_on <= e.day <= today]
    if not plan.goals:
        return ()
    if not days:
        return ("Your diary has no days since you made this plan. Fill it in to see how your goals are going.",)
    elapsed = (today - plan.made_on).days + 1
    found = []
    for g in plan.goals:
        met = sum(1 for e in days if e.minutes >= g.minutes)
        asked = min(g.days_per_week * g.weeks, max(1, g.days_per_week * elapsed // 7))
        verdict = "You are on track." if met >= asked else "A smaller goal may be easier to keep. That is fine."
        found.append(f"{g.activity}: your diary shows {met} day{'s' if met != 1 else ''} with at least "
                     f"{g.minutes} active minutes since {plan.made_on.strftime('%d %B')}. "
                     f"The goal asked for {asked} so far. {verdict}")
    return tuple(found)


def save(plan: ActionPlan, folder: Path | None = None) -> Path:
    """Save the plan in the learner's folder (readable by the learner only); returns the file."""
    path = (folder or data_dir()) / PLAN_FILE
    write_text(path, json.dumps(plan.to_dict(), indent=1, ensure_ascii=False))
    return path


def load(folder: Path | None = None) -> ActionPlan | None:
    """The saved plan, or None if there is none yet. A damaged file raises PlanFileError."""
    path = (folder or data_dir()) / PLAN_FILE
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanFileError(f"{path.name} cannot be read ({exc}).") from exc
    if not isinstance(raw, dict):
        raise PlanFileError(f"{path.name} does not hold a plan.")
    return ActionPlan.from_dict(raw)


def _goal_extras(goal: Goal) -> str:
    parts = []
    if goal.confidence is not None:
        parts.append(f"How sure I am: {goal.confidence} out of 10.")
    if goal.if_then:
        parts.append(f"My if-then plan: {goal.if_then}")
    return "".join(f"<br>{html.escape(p)}" for p in parts)


def to_html(plan: ActionPlan) -> str:
    """The plan as a complete, printable web page (everything the learner typed is escaped)."""
    e = html.escape
    goals = "".join(f"<li>{e(g.sentence())}{_goal_extras(g)}</li>" for g in plan.goals) or "<li>No goals yet.</li>"
    people = "".join(f"<li>{e(h)}</li>" for h in plan.helpers) or "<li>Not chosen yet.</li>"
    bad_day = e(plan.bad_day) if plan.bad_day else "Not written yet."
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>My back plan</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 16px; max-width: 40em; margin: 2em auto; line-height: 1.5; }}
h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.2em; margin-top: 1.5em; }}
.box {{ border: 2px solid {OKABE_ITO['vermillion']}; padding: 0.5em 1em; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>My back plan</h1>
<p>Made on {plan.made_on.strftime("%d %B %Y")}. Look at it again on {plan.check_date().strftime("%d %B %Y")}.</p>
<h2>My goals</h2>
<ul>{goals}</ul>
<h2>Who can help me</h2>
<ul>{people}</ul>
<h2>On a bad day I will</h2>
<p>{bad_day}</p>
<h2>When to get help</h2>
<p>{e(redflags.review_advice())}</p>
<div class="box">
{redflags.signs_html(("emergency", "urgent", "caution"))}
<p><b>{e(redflags.numbers_line())}</b></p>
</div>
<p><small>From the Back School course. This plan is for me. It does not replace my doctor.</small></p>
</body>
</html>
"""


def export_html(plan: ActionPlan, folder: Path | None = None) -> Path:
    """Write the printable page to the learner's folder; returns the file."""
    path = (folder or data_dir()) / PRINT_FILE
    write_text(path, to_html(plan))
    return path
