"""Revised NIOSH Lifting Equation (Waters et al. 1993; Applications Manual 1994).

RWL = LC x HM x VM x DM x AM x FM x CM and LI = load / RWL. Tables and constants are data
(assets/data/niosh_1994.yml). A factor outside the equation's range gets multiplier 0 and a
message naming it, as the manual says; impossible input (negative, not a number) is a ValueError.
``worksheet=True`` rounds as the manual's worked examples do (multipliers to 2 places, RWL and LI
to 1), so those examples can be reproduced to their printed precision.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..data import table

TABLE = "niosh_1994"  # assets/data/niosh_1994.yml

UNITS = ("metric", "us")
DURATIONS = ("1h", "2h", "8h")
COUPLINGS = ("good", "fair", "poor")
FACTORS = ("HM", "VM", "DM", "AM", "FM", "CM")
FACTOR_NAMES = {
    "HM": "Distance from body (H)",
    "VM": "Height of hands (V)",
    "DM": "Distance lifted (D)",
    "AM": "Twisting (A)",
    "FM": "How often (F)",
    "CM": "Grip (C)",
}


@dataclass(frozen=True)
class LiftTask:
    """One lift, measured at one end (origin or destination). Lengths in cm (metric) or inches (us)."""

    load: float
    h: float
    v: float
    d: float
    a: float = 0.0
    frequency: float = 0.2
    duration: str = "1h"
    coupling: str = "good"
    units: str = "metric"
    v_origin: float | None = None  # V at the origin, which Table 5 uses; defaults to v


@dataclass(frozen=True)
class NioshResult:
    task: LiftTask
    load_constant: float
    multipliers: dict[str, float]
    rwl: float
    li: float
    level: str
    verdict: str
    problems: tuple[str, ...] = ()
    rules_applied: tuple[str, ...] = field(default=())

    @property
    def weight_unit(self) -> str:
        return _units(self.task.units)["weight_unit"]

    def steps(self) -> list[tuple[str, float, float]]:
        """(factor, multiplier, limit after applying it), starting from the load constant."""
        out, limit = [], self.load_constant
        for key in FACTORS:
            limit *= self.multipliers[key]
            out.append((key, self.multipliers[key], limit))
        return out


def _units(units: str) -> dict:
    return table(TABLE)["units"][units]


def durations() -> dict[str, str]:
    """Duration key -> how long the lifting lasts, in plain words (Table 5's three columns)."""
    return dict(table(TABLE)["frequency"]["durations"])


def lift_rates() -> tuple[float, ...]:
    """The lifts-per-minute rows of Table 5, lowest first (0.2 = one lift every 5 minutes or less often)."""
    return tuple(float(r[0]) for r in table(TABLE)["frequency"]["table5"])


def grips() -> dict[str, str]:
    """Coupling key -> what that grip looks like, in plain words (Table 7)."""
    return dict(table(TABLE)["coupling"]["plain"])


def unit_names(units: str) -> tuple[str, str]:
    """(weight unit, length unit) for "metric" or "us"."""
    u = _units(units)
    return u["weight_unit"], u["length_unit"]


def source() -> str:
    return table(TABLE).source


def _round(x: float, places: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _number(name: str, value: float) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number.")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}.") from None
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{name} must be a real number, not {value!r}.")
    if x < 0:
        raise ValueError(f"{name} cannot be negative (you gave {value}).")
    return x


def _validate(task: LiftTask) -> None:
    if task.units not in UNITS:
        raise ValueError(f"Units must be 'metric' or 'us', not {task.units!r}.")
    if task.duration not in DURATIONS:
        raise ValueError(f"Duration must be one of {', '.join(DURATIONS)} (not {task.duration!r}).")
    if task.coupling not in COUPLINGS:
        raise ValueError(f"Grip (coupling) must be good, fair or poor, not {task.coupling!r}.")
    vals = {
        "Load weight": task.load,
        "Horizontal distance H": task.h,
        "Hand height V": task.v,
        "Lift distance D": task.d,
        "Twist angle A": task.a,
        "Lifts per minute F": task.frequency,
    }
    if task.v_origin is not None:
        vals["Hand height at the start"] = task.v_origin
    for name, value in vals.items():
        _number(name, value)


def frequency_multiplier(frequency: float, duration: str, v_origin: float, units: str = "metric") -> tuple[float, str | None]:
    """FM from Table 5, interpolated linearly between rows; (0, reason) above the table's maximum."""
    freq = table(TABLE)["frequency"]
    col = 1 + 2 * DURATIONS.index(duration) + (0 if v_origin < _units(units)["v_split"] else 1)
    rows = [(float(r[0]), float(r[col])) for r in freq["table5"]]
    f = max(frequency, float(freq["min_lifts_per_min"]))
    f_max = max(rate for rate, fm in rows if fm > 0)
    if f > f_max:
        return 0.0, (
            f"How often (F): {frequency:g} lifts a minute is more than the {f_max:g} a minute the table allows "
            f"for this duration and hand height, so FM = 0."
        )
    for (f0, m0), (f1, m1) in zip(rows, rows[1:]):
        if f0 <= f <= f1:
            return m0 + (m1 - m0) * (f - f0) / (f1 - f0), None
    return rows[0][1], None


def _by_distance(letter: str, what: str, value: float, u: dict, problems: list[str], rules: list[str]) -> float:
    """HM and DM: [base +] factor / distance, where a distance under the minimum counts as the minimum
    and one over the maximum makes the multiplier 0 (the table's ``h_*`` and ``d_*`` values)."""
    key, length = letter.lower(), u["length_unit"]
    low, high = u[f"{key}_min"], u[f"{key}_max"]
    if value > high:
        problems.append(f"{what} ({letter}): {value:g} {length} is more than {high} {length}, so {letter}M = 0.")
        return 0.0
    if value < low:
        rules.append(f"{letter} under {low} {length} counts as {low} {length} ({letter}M = 1).")
    return u.get(f"{key}_base", 0) + u[f"{key}_factor"] / max(value, low)


def assess(task: LiftTask, worksheet: bool = False) -> NioshResult:
    """RWL, LI and a plain verdict for one lift; see the module docstring for the rules."""
    _validate(task)
    u, asym = _units(task.units), table(TABLE)["asymmetry"]
    length = u["length_unit"]
    problems: list[str] = []
    rules: list[str] = []
    h, v, d, a = task.h, task.v, task.d, task.a
    v0 = task.v if task.v_origin is None else task.v_origin

    hm = _by_distance("H", "Distance from body", h, u, problems, rules)

    if v > u["v_max"]:
        vm = 0.0
        problems.append(f"Height of hands (V): {v:g} {length} is above {u['v_max']} {length}, so VM = 0.")
    else:
        vm = 1 - u["v_slope"] * abs(v - u["v_optimum"])

    dm = _by_distance("D", "Distance lifted", d, u, problems, rules)

    if a > asym["max_degrees"]:
        am = 0.0
        problems.append(f"Twisting (A): {a:g} degrees is more than {asym['max_degrees']} degrees, so AM = 0.")
    else:
        am = 1 - asym["slope"] * a

    f_min = table(TABLE)["frequency"]["min_lifts_per_min"]
    if task.frequency < f_min:
        rules.append(f"Fewer than {f_min:g} lifts a minute counts as {f_min:g} (one lift every {1 / f_min:g} minutes).")
    fm, why = frequency_multiplier(task.frequency, task.duration, v0, task.units)
    if why:
        problems.append(why)

    cm = float(table(TABLE)["coupling"]["table7"][task.coupling][0 if v < u["v_split"] else 1])

    mult = dict(zip(FACTORS, (hm, vm, dm, am, fm, cm)))
    lc = float(u["load_constant"])
    if worksheet:
        mult = {k: _round(m, 2) for k, m in mult.items()}
    rwl = lc * math.prod(mult.values())
    if worksheet:
        rwl = _round(rwl, 1)
    li = task.load / rwl if rwl > 0 else math.inf
    if worksheet and rwl > 0:
        li = _round(li, 1)
    level, verdict = _verdict(li, rwl)
    return NioshResult(task, lc, mult, rwl, li, level, verdict, tuple(problems), tuple(rules))


def _verdict(li: float, rwl: float) -> tuple[str, str]:
    if rwl <= 0:
        return "outside", (
            "The recommended limit is zero: part of this lift is outside what the equation covers "
            "(see the messages). Change the task so no one has to lift this way."
        )
    for band in table(TABLE)["verdicts"]:
        if li <= float(band["max_li"]):
            return band["level"], band["text"]
    raise AssertionError("the last verdict band is unbounded")
