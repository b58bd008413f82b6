"""Sorting the things linked with back pain into those a person can change and those they cannot.

The learner ticks what applies to them. The model returns the ticked factors grouped by whether
they can be changed, each with a short tip and its source keys. It never adds anything up: the
studies describe groups of people, so a score for one person would pretend a precision they do not
have. It never names a diagnosis either: some factors only say "tell your doctor".
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..data import find, id_list, table
from . import redflags

TABLE = "risk_factors"  # assets/data/risk_factors.yml

GROUP_ORDER = ("change", "partly", "fixed", "doctor")


@dataclass(frozen=True)
class Factor:
    id: str
    label: str
    group: str
    tip: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Sorted:
    """The ticked factors, grouped; ``groups`` keeps the order change, partly, fixed, doctor."""

    groups: tuple[tuple[str, tuple[Factor, ...]], ...]

    def factors(self, group: str) -> tuple[Factor, ...]:
        if group not in GROUP_ORDER:
            raise ValueError(f"There is no group called {group!r}. Use one of: {', '.join(GROUP_ORDER)}.")
        return dict(self.groups).get(group, ())

    @property
    def ticked(self) -> tuple[Factor, ...]:
        return tuple(f for _, factors in self.groups for f in factors)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source key behind the ticked factors, each once, in the order first met."""
        return tuple(dict.fromkeys(key for f in self.ticked for key in f.sources))

    @property
    def summary(self) -> str:
        """The result in plain words, the same facts the view shows."""
        if not self.ticked:
            return "You have not ticked anything yet. Tick the things that are true for you."
        parts = []
        for group, factors in self.groups:
            if factors:
                parts.append(f"{group_title(group)}: {len(factors)}.")
        parts.append("This is not a score and not a diagnosis. It shows where you can make a change.")
        return " ".join(parts)


def source() -> str:
    return table(TABLE).source


def group_title(group: str) -> str:
    titles = table(TABLE)["groups"]
    if group not in titles:
        raise ValueError(f"There is no group called {group!r}. Use one of: {', '.join(GROUP_ORDER)}.")
    return titles[group]


def factors() -> tuple[Factor, ...]:
    """All factors in the order the learner sees them."""
    return tuple(
        Factor(f["id"], f["label"], f["group"], _tip(f), tuple(f["sources"])) for f in table(TABLE)["factors"]
    )


def _tip(raw: dict) -> str:
    """The table's tip, then the red-flag table's own sentence for each warning sign it names."""
    return " ".join([raw["tip"], *(redflags.sentence(s) for s in raw.get("red_flags", ()))])


def get(factor_id: str) -> Factor:
    return find(factors(), factor_id, "factor")


def sort_factors(factor_ids: Iterable[str]) -> Sorted:
    """Group the ticked factors (no repeats) by whether they can be changed, in table order."""
    chosen = {get(fid).id for fid in id_list(factor_ids, "factor")}
    groups = tuple(
        (group, tuple(f for f in factors() if f.group == group and f.id in chosen)) for group in GROUP_ORDER
    )
    return Sorted(groups=groups)
