"""What the evidence says about each treatment for low back pain: one label, a plain reason, sources.

The table lives in ``assets/data/treatment_evidence.yml`` (NICE NG59, WHO 2023 and Cochrane reviews).
Every treatment says in plain words what it is (``what``) and carries exactly one label from ``LABELS``;
``guide`` says what each label means and what a learner can do about it, for the explorer's table.
Nothing here draws or displays anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..data import find, table

RECOMMENDED = "recommended"
CONSIDER = "a doctor may consider it"  # NICE's word "consider": a weaker recommendation, for some people
ALONGSIDE = "may help alongside exercise"
NOT_RECOMMENDED = "not recommended"
UNCLEAR = "not enough evidence"
LABELS = (RECOMMENDED, CONSIDER, ALONGSIDE, NOT_RECOMMENDED, UNCLEAR)

TABLE = "treatment_evidence"


@dataclass(frozen=True)
class Treatment:
    id: str
    name: str
    what: str
    label: str
    reason: str
    sources: tuple[str, ...]
    refs: str
    disagreement: str = ""

    @property
    def summary(self) -> str:
        """The facts in one plain sentence or three, for the text under the chart."""
        text = f"{self.name}: {self.label}. {self.reason}"
        if self.disagreement:
            text += f" The guidelines disagree: {self.disagreement}"
        return text


def _treatment(entry: dict) -> Treatment:
    key = entry.get("id", "?")
    label = entry.get("label")
    if label not in LABELS:
        raise ValueError(f"Treatment {key!r} has label {label!r}; use one of: {', '.join(LABELS)}.")
    sources = tuple(entry.get("sources") or ())
    if not sources:
        raise ValueError(f"Treatment {key!r} has no sources.")
    reason = str(entry.get("reason") or "").strip()
    if not reason:
        raise ValueError(f"Treatment {key!r} has no reason.")
    what = str(entry.get("what") or "").strip()
    if not what:
        raise ValueError(f"Treatment {key!r} does not say what it is (`what`).")
    return Treatment(
        id=str(key),
        name=str(entry["name"]),
        what=what,
        label=label,
        reason=reason,
        sources=sources,
        refs=str(entry.get("refs") or ""),
        disagreement=str(entry.get("disagreement") or "").strip(),
    )


@dataclass(frozen=True)
class LabelGuide:
    label: str
    means: str
    action: str


@lru_cache(maxsize=1)
def guide() -> tuple[LabelGuide, ...]:
    """What each label means and what you can do about it, in the order of ``LABELS``."""
    entries = table(TABLE).get("label_guide") or {}
    if set(entries) != set(LABELS):
        raise ValueError(f"{TABLE}.yml label_guide should cover exactly these labels: {', '.join(LABELS)}.")
    found = []
    for label in LABELS:
        means = str(entries[label].get("means") or "").strip()
        action = str(entries[label].get("action") or "").strip()
        if not means or not action:
            raise ValueError(f"{TABLE}.yml label_guide: {label!r} needs both `means` and `action`.")
        found.append(LabelGuide(label, means, action))
    return tuple(found)


def label_guide(label: str) -> LabelGuide:
    """The meaning of one label and what to do about it."""
    for item in guide():
        if item.label == label:
            return item
    raise ValueError(f"{label!r} is not a label; use one of: {', '.join(LABELS)}.")


@lru_cache(maxsize=1)
def _all() -> tuple[Treatment, ...]:
    entries = table(TABLE)
    if tuple(entries.get("labels", ())) != LABELS:
        raise ValueError(f"{TABLE}.yml should list exactly these labels: {', '.join(LABELS)}.")
    found = tuple(_treatment(entry) for entry in entries["treatments"])
    ids = [t.id for t in found]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{TABLE}.yml lists a treatment twice.")
    return found


def treatments() -> list[Treatment]:
    """Every treatment in the table, in the table's order."""
    return list(_all())


def source() -> str:
    """The full citation of the table."""
    return table(TABLE).source


def treatment(key: str) -> Treatment:
    """One treatment, by id or by its exact name."""
    return find(_all(), key, "treatment", names=lambda item: (item.id, item.name))


def by_label(label: str) -> list[Treatment]:
    """The treatments that carry ``label``."""
    if label not in LABELS:
        raise ValueError(f"{label!r} is not a label; use one of: {', '.join(LABELS)}.")
    return [t for t in _all() if t.label == label]
