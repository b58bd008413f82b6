"""A 12-week exercise plan that starts where the learner is and builds up about 10% a week.

Guidelines (NICE NG59, WHO 2023 low back pain, WHO 2020 physical activity) recommend structured
exercise and 150-300 minutes a week of moderate activity with strength work twice a week. The plan
picks an aerobic activity that does not hurt, adds two core/Pilates-style sessions a week, and never
goes over the time the learner says they have.
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
    aerobic_minutes: int
    aerobic_sessions: int
    core_sessions: int
    core_minutes_per_session: int

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
    def summary(self) -> str:
        first, last = self.weeks[0], self.weeks[-1]
        return (
            f"{self.aerobic_activity}: from {first.aerobic_minutes} minutes in week 1 to {last.aerobic_minutes} "
            f"minutes in week {last.number}, plus {self.core_name} twice a week "
            f"({first.core_minutes_per_session} to {last.core_minutes_per_session} minutes each). "
            f"Week {last.number} totals {last.total_minutes} of your {self.minutes_available} minutes."
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
    weeks = []
    for n in range(1, int(g["weeks"]) + 1):
        aerobic_minutes = min(_round5(start * rate ** (n - 1)), aerobic_cap)
        core_each = min(_round5(core_start * rate ** (n - 1)), core_cap)
        weeks.append(Week(n, aerobic_minutes, _sessions(aerobic_minutes), sessions, core_each))
    tips = [
        "Moderate means you can talk but not sing. Some discomfort is normal and not harmful; ease off if pain is much worse the next day.",
        "If a week felt too hard, repeat it before moving on.",
    ]
    tips += [core["adapt"][p] for p in painful if p in core["adapt"]]
    if weeks[-1].total_minutes < g["weekly_moderate_minutes"]["minimum"]:
        tips.append("Adults are advised to build up to at least 150 minutes a week; add time when you can.")
    return Plan(activity_level, painful, minutes_available, aerobic["name"], core["name"], tuple(weeks), tuple(tips), source())


def _floor5(x: float) -> int:
    return int(5 * math.floor(x / 5))


def _sessions(minutes: int) -> int:
    """Spread aerobic minutes over 1 to 5 days of about 30 minutes."""
    return 0 if minutes <= 0 else max(1, min(5, math.ceil(minutes / 30)))


def _svg_chart(plan: Plan) -> str:
    width, height, pad = 640, 260, 40
    top = max(w.total_minutes for w in plan.weeks) or 1
    bar = (width - 2 * pad) / len(plan.weeks)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">Minutes per week: aerobic (blue) and core (orange)</title>'
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
        f"<tr><td>{w.number}</td><td>{w.aerobic_minutes} min in {w.aerobic_sessions} sessions</td>"
        f"<td>{w.core_sessions} x {w.core_minutes_per_session} min</td><td>{w.total_minutes}</td></tr>"
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
<h2>Week by week</h2>
<table><thead><tr><th scope="col">Week</th><th scope="col">{e(plan.aerobic_activity)}</th>
<th scope="col">{e(plan.core_name[:1].upper() + plan.core_name[1:])}</th><th scope="col">Total minutes</th></tr></thead><tbody>{rows}</tbody></table>
<h2>Chart</h2>{_svg_chart(plan)}
<h2>Tips</h2><ul>{tips}</ul>
<h2>Sources</h2><p>{e(plan.source)}</p>
</body></html>
"""


def export_html(plan: Plan, path: str | Path) -> Path:
    """Write the printable plan to ``path`` and return the path."""
    out = Path(path).expanduser()
    write_text(out, to_html(plan))
    return out
