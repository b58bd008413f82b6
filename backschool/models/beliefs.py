"""Beliefs about back pain, before and after the course: a short agree/disagree measure.

The statements, the scale and the source are one table (``assets/data/back_beliefs.yml``). The same
statements are asked in the pre- and post-course checks (a repeated measure, unlike the knowledge
items, which are parallel forms). They are not right or wrong answers, so nbgrader never scores them;
this model scores them from the learner's saved answers, and the total is shown apart from knowledge.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..data import load_table


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("back_beliefs")


def items() -> dict[str, str]:
    """{item id: statement}, in the order asked."""
    return dict(_table()["items"])


def question(item: str) -> str:
    """The question as the quizzes ask it."""
    return f'Do you agree? "{items()[item]}"'


def scale() -> tuple[str, ...]:
    """The answer options, from most to least agreement."""
    return tuple(_table()["scale"])


def source() -> str:
    return " ".join(_table()["source"].split())


@dataclass(frozen=True)
class BeliefsScore:
    total: int
    max_total: int
    answered: int


def item_score(answer: str) -> int:
    """1 for the strongest agreement with an unhelpful belief, up to 5 for the strongest disagreement."""
    return scale().index(answer) + 1


def score(answers: Mapping[str, object]) -> BeliefsScore | None:
    """The total over the statements answered with an option of the scale; None if none was."""
    picked = [answers.get(item) for item in items()]
    valid = [a for a in picked if isinstance(a, str) and a in scale()]
    if not valid:
        return None
    return BeliefsScore(sum(item_score(a) for a in valid), len(scale()) * len(valid), len(valid))


def summary(before: BeliefsScore | None, after: BeliefsScore | None) -> str:
    """One plain sentence per check; a higher total means more helpful beliefs."""
    n = len(items())
    lines = []
    for when, s in (("Before the course", before), ("After the course", after)):
        if s is None:
            continue
        part = "" if s.answered == n else f" ({s.answered} of {n} answered)"
        lines.append(f"{when}: {s.total} out of {s.max_total}{part}.")
    if not lines:
        return ""
    return ("What you think about back pain (a higher number means more helpful beliefs, "
            "not more right answers): " + " ".join(lines))
