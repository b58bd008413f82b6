"""Pressure in the L4-L5 disc by posture, from Wilke et al. 1999 (in vivo, one volunteer).

Shown relative to relaxed standing so learners see that lying unloads the disc and that bending
and lifting with a round back load it most, without over-reading one person's absolute numbers.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..data import find, id_list, table

TABLE = "wilke_1999"  # assets/data/wilke_1999.yml


@dataclass(frozen=True)
class Posture:
    id: str
    label: str
    mpa: float


@dataclass(frozen=True)
class Comparison:
    postures: tuple[Posture, ...]
    reference: Posture

    def relative(self, posture: Posture) -> float:
        """Pressure as a multiple of relaxed standing (1.0 = the same as standing)."""
        return posture.mpa / self.reference.mpa

    @property
    def highest(self) -> Posture | None:
        return max(self.postures, key=lambda p: p.mpa, default=None)

    @property
    def lowest(self) -> Posture | None:
        return min(self.postures, key=lambda p: p.mpa, default=None)


def postures() -> tuple[Posture, ...]:
    """All postures in the table, lowest pressure first."""
    return tuple(Posture(p["id"], p["label"], float(p["mpa"])) for p in table(TABLE)["postures"])


def source() -> str:
    return table(TABLE).source


def get(posture_id: str) -> Posture:
    return find(postures(), posture_id, "posture")


def compare(posture_ids: Iterable[str]) -> Comparison:
    """The chosen postures (in table order, no repeats) and the standing reference."""
    wanted = [get(pid) for pid in id_list(posture_ids, "posture")]
    order = {p.id: i for i, p in enumerate(postures())}
    wanted.sort(key=lambda p: order[p.id])
    return Comparison(postures=tuple(wanted), reference=get(table(TABLE)["reference"]))
