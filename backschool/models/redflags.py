"""Red-flag check: which warning signs need emergency or urgent care (NICE NG59, NICE CKS).

The model only says how urgently to get help. It never names a condition: a tick list cannot
diagnose, and a named diagnosis could frighten or falsely reassure.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_table

# From most to least urgent; the highest level among the ticked flags decides the advice.
LEVELS = ("emergency", "urgent", "caution", "none")


@dataclass(frozen=True)
class Flag:
    id: str
    label: str
    level: str


@dataclass(frozen=True)
class RedFlagResult:
    level: str
    headline: str
    advice: tuple[str, ...]
    ticked: tuple[str, ...]

    @property
    def needs_care_now(self) -> bool:
        """True when the learner should seek help today (emergency or urgent)."""
        return self.level in ("emergency", "urgent")

    def texts(self) -> tuple[str, ...]:
        """Every sentence shown to the learner, for display and for wording checks."""
        return (self.headline, *self.advice)


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("red_flags")


def flags() -> tuple[Flag, ...]:
    """All warning signs in display order (emergency signs first)."""
    return tuple(Flag(f["id"], f["label"], f["level"]) for f in _table()["flags"])


def source() -> str:
    return _table()["source"]


def check(ticked: Iterable[str]) -> RedFlagResult:
    """Advice for the ticked flag ids; an unknown id is a programming error and raises ValueError."""
    if isinstance(ticked, str):
        raise ValueError("Give a list of warning-sign ids, not a single string.")
    by_id = {f.id: f for f in flags()}
    chosen = tuple(dict.fromkeys(ticked))
    unknown = [t for t in chosen if t not in by_id]
    if unknown:
        raise ValueError(f"Unknown warning sign(s): {', '.join(map(str, unknown))}.")
    levels = {by_id[t].level for t in chosen}
    level = next((lv for lv in LEVELS if lv in levels), "none")
    text = _table()["levels"][level]
    return RedFlagResult(level=level, headline=text["headline"], advice=tuple(text["advice"]), ticked=chosen)
