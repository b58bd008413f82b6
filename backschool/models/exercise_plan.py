"""A 12-week exercise plan that starts where the learner is and builds up slowly.

Guidelines (NICE NG59, WHO 2023 low back pain, WHO 2020 physical activity) recommend structured
exercise and 150-300 minutes a week of moderate activity with strength work twice a week. The plan
picks an activity that gets you breathing faster and does not hurt, adds two strength sessions a week,
and never goes over the time the learner says they have. Every session has a whole number of minutes
(a multiple of 5), so the learner never has to divide a weekly total by the number of sessions.
"""
from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_text
from ..data import Table, table
from ..palette import NEUTRAL, OKABE_ITO

MIN_WEEKLY_MINUTES = 30
MAX_WEEKLY_MINUTES = 600


@dataclass(frozen=True)
class Week:
    number: int
    aerobic_sessions: int
    aerobic_minutes_per_session: int
    core_sessions: int
    core_minutes_per_session: int

    @property
    def aerobic_minutes(self) -> int:
        return self.aerobic_sessions * self.aerobic_minutes_per_session

    @property
    def core_minutes(self) -> int:
        return self.core_sessions * self.core_minutes_per_session

    @property
    def total_minutes(self) -> int:
        return self.aerobic_minutes + self.core_minutes


@dataclass(frozen=True)
class Plan:
    activity_level: str
    painful: tuple[str, ...]
    minutes_available: int
    aerobic_activity: str
    core_name: str
    weeks: tuple[Week, ...]
    tips: tuple[str, ...]
    source: str

    @property
    def core_title(self) -> str:
        return self.core_name[:1].upper() + self.core_name[1:]

    @property
    def weekly_increase(self) -> tuple[int, int]:
        """The smallest and largest rise in total minutes from one week to the next, over the weeks that rise."""
        rises = [b.total_minutes - a.total_minutes for a, b in zip(self.weeks, self.weeks[1:])]
        rises = [r for r in rises if r > 0] or [0]
        return min(rises), max(rises)

    @property
    def summary(self) -> str:
        first, last = self.weeks[0], self.weeks[-1]
        low, high = self.weekly_increase
        peak = next(w.number for w in self.weeks if w.total_minutes == last.total_minutes)
        if peak == 1:
            grow = "It stays the same each week."
        else:
            rise = f"{low} minutes" if low == high else f"{low} to {high} minutes"
            flat = any(a.total_minutes == b.total_minutes for a, b in zip(self.weeks[:peak], self.weeks[1:peak]))
            grow = (f"From one week to the next, it adds {rise} or stays the same, up to week {peak}." if flat
                    else f"Each week adds {rise}, up to week {peak}.")
        return (
            f"Week 1 has {first.total_minutes} minutes in all. {grow} "
            f"Week {last.number} has {last.total_minutes} minutes, out of the {self.minutes_available} "
            f"minutes you can spare."
        )

    @property
    def how_to_use(self) -> str:
        """One worked example from the plan's own first row, so nobody has to divide."""
        w = self.weeks[0]
        return (
            f"How to use it: find this week's row and do what it says. In week 1, that is "
            f"{self.aerobic_activity.lower()} {_times(w.aerobic_sessions)}, {w.aerobic_minutes_per_session} minutes "
            f"each time, and {self.core_name} {_times(w.core_sessions)}, {w.core_minutes_per_session} minutes each "
            f"time. Tick off each one. Then go on to the next row the next week."
        )


def guidance() -> Table:
    return table("exercise_guidance")


def source() -> str:
    return guidance().source


def activity_levels() -> dict[str, str]:
    return dict(guidance()["activity_levels"])


def painful_activities() -> dict[str, str]:
    return dict(guidance()["painful_activities"])


def _round5(x: float) -> int:
    return int(5 * math.floor(x / 5 + 0.5))


def build_plan(activity_level: str, painful: Iterable[str], minutes_available: int) -> Plan:
    """The plan, or ValueError with a plain message for an unknown answer or an impossible time budget."""
    g = guidance()
    if activity_level not in g["activity_levels"]:
        raise ValueError(f"Activity level must be one of: {', '.join(g['activity_levels'])}.")
    if isinstance(painful, str):
        raise ValueError("Give the painful activities as a list.")
    painful = tuple(dict.fromkeys(painful))
    unknown = [p for p in painful if p not in g["painful_activities"]]
    if unknown:
        raise ValueError(f"Unknown activity: {', '.join(map(str, unknown))}.")
    if isinstance(minutes_available, bool) or not isinstance(minutes_available, int | float) or (
        isinstance(minutes_available, float) and not minutes_available.is_integer()
    ):
        raise ValueError("Minutes a week must be a whole number.")
    minutes_available = int(minutes_available)
    if not MIN_WEEKLY_MINUTES <= minutes_available <= MAX_WEEKLY_MINUTES:
        raise ValueError(
            f"Minutes a week must be from {MIN_WEEKLY_MINUTES} to {MAX_WEEKLY_MINUTES} (you gave {minutes_available})."
        )

    aerobic = next(
        (o for o in g["aerobic_options"] if not set(o["painful_if"]) & set(painful)), g["aerobic_options"][-1]
    )
    core = g["core"]
    sessions = int(core["sessions_per_week"])
    rate = 1 + float(g["progression_per_week"])
    # Core work gets at most 30% of the time; aerobic work gets the rest, up to the WHO upper amount.
    core_cap = max(5, min(int(core["max_minutes_per_session"]), _floor5(0.3 * minutes_available / sessions)))
    aerobic_cap = min(int(g["weekly_moderate_minutes"]["upper"]), minutes_available - sessions * core_cap)
    start, core_start = float(g["start_minutes"][activity_level]), float(core["start_minutes_per_session"])
    weeks: list[Week] = []
    for n in range(1, int(g["weeks"]) + 1):
        core_each = min(_round5(core_start * rate ** (n - 1)), core_cap)
        count, each = _split(min(start * rate ** (n - 1), aerobic_cap), aerobic_cap)
        if weeks and count * each < weeks[-1].aerobic_minutes:
            count, each = weeks[-1].aerobic_sessions, weeks[-1].aerobic_minutes_per_session
        weeks.append(Week(n, count, each, sessions, core_each))
    tips = [
        str(core["session"]),
        "Go at a pace where you breathe faster and can talk, but not sing. Some discomfort is normal and "
        "not harmful. Do a bit less if the pain is much worse the next day.",
        "If a week felt too hard, do it again before you go on to the next row.",
    ]
    tips += [core["adapt"][p] for p in painful if p in core["adapt"]]
    if weeks[-1].total_minutes < g["weekly_moderate_minutes"]["minimum"]:
        tips.append("Adults are advised to build up to at least 150 minutes a week; add time when you can.")
    return Plan(activity_level, painful, minutes_available, aerobic["name"], core["name"], tuple(weeks), tuple(tips), source())


def _floor5(x: float) -> int:
    return int(5 * math.floor(x / 5))


def _split(minutes: float, cap: int) -> tuple[int, int]:
    """Spread a week's minutes over 1 to 5 sessions of up to about 30 minutes, each a multiple of 5 (at least 10).

    The count only grows as the minutes grow, so the plan does not jump between counts; the total never
    goes over ``cap``.
    """
    count = max(1, min(5, math.ceil(min(minutes, cap) / 30)))
    each = max(10, _round5(min(minutes, cap) / count))
    while count * each > cap and each > 5:
        each -= 5
    return count, each


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _svg_chart(plan: Plan) -> str:
    width, height, pad = 640, 260, 40
    top = max(w.total_minutes for w in plan.weeks) or 1
    bar = (width - 2 * pad) / len(plan.weeks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">Minutes per week: '
        f'{html.escape(plan.aerobic_activity.lower())} (blue) and {html.escape(plan.core_name)} (orange)</title>'
    ]
    for i, w in enumerate(plan.weeks):
        x = pad + i * bar + 4
        ha = (height - 2 * pad) * w.aerobic_minutes / top
        hc = (height - 2 * pad) * w.core_minutes / top
        y = height - pad - ha
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 8:.1f}" height="{ha:.1f}" fill="{OKABE_ITO["blue"]}"/>')
        parts.append(f'<rect x="{x:.1f}" y="{y - hc:.1f}" width="{bar - 8:.1f}" height="{hc:.1f}" fill="{OKABE_ITO["orange"]}"/>')
        parts.append(f'<text x="{x + (bar - 8) / 2:.1f}" y="{height - pad + 16}" font-size="12" text-anchor="middle">{w.number}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 6}" font-size="12" text-anchor="middle">Week</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(plan: Plan) -> str:
    """A printable, self-contained page (inline style and SVG, no links to other files or sites)."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{w.number}</td><td>{e(session_text(w.aerobic_sessions, w.aerobic_minutes_per_session))}</td>"
        f"<td>{e(session_text(w.core_sessions, w.core_minutes_per_session))}</td><td>{w.total_minutes}</td></tr>"
        for w in plan.weeks
    )
    tips = "".join(f"<li>{e(t)}</li>" for t in plan.tips)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>My 12-week exercise plan</title>
<style>body{{font-family:DejaVu Sans,Arial,sans-serif;max-width:46em;margin:2em auto;line-height:1.5;color:{OKABE_ITO['black']}}}
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid {NEUTRAL['rule']};padding:.3em .6em;text-align:left}}
th{{background:{NEUTRAL['shade']}}}@media print{{body{{margin:0}}}}</style></head>
<body><h1>My 12-week exercise plan</h1>
<p>{e(plan.summary)}</p>
<p>{e(plan.how_to_use)}</p>
<h2>Week by week</h2>
<table><thead><tr><th scope="col">Week</th><th scope="col">{e(plan.aerobic_activity)}</th>
<th scope="col">{e(plan.core_title)}</th><th scope="col">Total minutes in the week</th></tr></thead><tbody>{rows}</tbody></table>
<h2>Chart</h2>{_svg_chart(plan)}
<h2>Tips</h2><ul>{tips}</ul>
<h2>Sources</h2><p>{e(plan.source)}</p>
</body></html>
"""


def session_text(count: int, minutes_each: int) -> str:
    """How one cell of the plan reads: the number of times in the week and the minutes each time."""
    return f"{_times(count).capitalize()}, {minutes_each} min each"


def export_html(plan: Plan, path: str | Path) -> Path:
    """Write the printable plan to ``path`` and return the path."""
    out = Path(path).expanduser()
    write_text(out, to_html(plan))
    return out
