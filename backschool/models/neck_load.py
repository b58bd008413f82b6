"""Estimated neck load as the head tilts forward (Hansraj 2014), with honest labels between points.

The paper gives five angles. Between them the course draws a straight line and says so, so a
learner never mistakes an estimate for a published value.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..data import table

TABLE = "hansraj_2014"  # assets/data/hansraj_2014.yml

LB_TO_KG = 0.45359237
MIN_DEGREES = 0.0
MAX_DEGREES = 60.0


@dataclass(frozen=True)
class NeckLoad:
    degrees: float
    lb: float
    published: bool

    @property
    def kg(self) -> float:
        return self.lb * LB_TO_KG

    @property
    def label(self) -> str:
        return "published value" if self.published else "estimated between published points"


def points() -> tuple[tuple[float, float], ...]:
    """The published (degrees, lb) pairs, in order of angle."""
    return tuple((float(p["degrees"]), float(p["lb"])) for p in table(TABLE)["points"])


def source() -> str:
    return table(TABLE).source


def load_at(degrees: float) -> NeckLoad:
    """Load at a forward head tilt of 0 to 60 degrees; outside that range the paper says nothing."""
    try:
        angle = float(degrees)
    except (TypeError, ValueError):
        raise ValueError(f"The head angle must be a number of degrees, not {degrees!r}.") from None
    if math.isnan(angle) or not MIN_DEGREES <= angle <= MAX_DEGREES:
        raise ValueError(
            f"The head angle must be between 0 and 60 degrees (you gave {degrees}). "
            "The study only looked at angles in that range."
        )
    pts = points()
    for x, y in pts:
        if angle == x:
            return NeckLoad(angle, y, published=True)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if x0 < angle < x1:
            return NeckLoad(angle, y0 + (y1 - y0) * (angle - x0) / (x1 - x0), published=False)
    raise AssertionError("unreachable: angle checked to lie inside the table")
