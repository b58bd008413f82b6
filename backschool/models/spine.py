"""The parts of the spine in plain words (Gray's Anatomy, 42nd ed.), for the spine explorer.

Regions and structures are data; this module only turns them into the bones to draw and the
plain-language description of whatever part the learner picks.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import find, table
from . import redflags

TABLE = "spine_anatomy"  # assets/data/spine_anatomy.yml


@dataclass(frozen=True)
class Part:
    id: str
    name: str
    what: str
    hurts: str
    kind: str  # "region", "structure" or "core"


@dataclass(frozen=True)
class Bone:
    label: str
    region: str
    index: int  # 0 = top of the neck, counting down
    fused: bool


def source() -> str:
    return table(TABLE).source


def regions() -> tuple[Part, ...]:
    return tuple(Part(r["id"], r["name"], r["what"], _hurts(r), "region") for r in table(TABLE)["regions"])


def _hurts(raw: dict) -> str:
    """The table's note, then the red-flag table's own sentence for each warning sign it names."""
    return " ".join([raw["hurts"], *(redflags.sentence(s) for s in raw.get("red_flags", ()))])


def structures() -> tuple[Part, ...]:
    return tuple(Part(s["id"], s["name"], s["what"], s["hurts"], "structure") for s in table(TABLE)["structures"])


def core_muscles() -> tuple[Part, ...]:
    """The four deep core muscles; ``hurts`` holds where each one sits."""
    return tuple(Part(m["id"], m["name"], m["what"], m["where"], "core") for m in table(TABLE)["core_muscles"])


def core_positions() -> dict[str, tuple[float, float]]:
    """Schematic (x, y) of each core muscle around the 'core box'."""
    return {m["id"]: (float(m["x"]), float(m["y"])) for m in table(TABLE)["core_muscles"]}


def region_counts() -> dict[str, int]:
    return {r["id"]: int(r["count"]) for r in table(TABLE)["regions"]}


@lru_cache(maxsize=1)
def bones() -> tuple[Bone, ...]:
    """Every vertebra top to bottom (C1..L5); the sacrum and the coccyx are one fused bone each."""
    out: list[Bone] = []
    for r in table(TABLE)["regions"]:
        if r["fused"]:
            out.append(Bone(r["name"].split(" (")[0], r["id"], len(out), True))
        else:
            base = len(out)
            out.extend(Bone(f"{r['prefix']}{i}", r["id"], base + i - 1, False) for i in range(1, r["count"] + 1))
    return tuple(out)


def describe(part_id: str) -> Part:
    """The region, structure or core muscle with this id."""
    return find((*regions(), *structures(), *core_muscles()), part_id, "part of the spine")
