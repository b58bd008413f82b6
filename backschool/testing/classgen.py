"""A synthetic class for the instructor tests and the benchmark.

Everything here is computed independently of backschool.instructor: the items and right answers
come from the quiz *source* notebook through ``quizkey``, learners answer at random with a fixed
seed and a spread of abilities, and the expected scores are worked out here.

A few learners hand in broken work, one of each kind the grader must survive.
"""
from __future__ import annotations

import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from backschool.answers import save_answer
from backschool.testing.quizkey import Item, is_right

# kind -> words the grading report must show for it
BAD_KINDS = {
    "deleted-cell": "deleted",
    "edited-readonly": "read-only",
    "missing-answers": "no answers file",
    "corrupt-answers": "answers file cannot be read",
    "invalid-json": "notebook was not read",
    "infinite-loop": "were not run",
    "kernel-dies": "were not run",
    "blank": "blank",
}


@dataclass
class Learner:
    id: str
    kind: str  # "normal" or one of BAD_KINDS
    ability: float
    answers: dict = field(default_factory=dict)
    correct: dict = field(default_factory=dict)  # item -> bool, as the grader should find it
    reflection: str | None = None

    @property
    def score(self) -> int:
        return sum(self.correct.values())


def _answer(rng: random.Random, item: Item, p_right: float):
    if rng.random() < p_right:
        return item.right if isinstance(item.right, str) else list(item.right)
    if item.kind == "choice":
        return rng.choice([o for o in item.options if o != item.right])
    while True:  # a wrong set of ticks
        pick = [o for o in item.options if rng.random() < 0.5]
        if set(pick) != set(item.right):
            return pick


def plan_class(items: dict[str, Item], n: int = 30, seed: int = 20261123,
               bad_kinds: tuple[str, ...] = tuple(BAD_KINDS)) -> list[Learner]:
    """n learners, abilities spread evenly from weak to strong; the first len(bad_kinds) are broken."""
    rng = random.Random(seed)
    difficulty = {item: rng.uniform(-1.2, 1.2) for item in items}
    learners = []
    for i in range(n):
        ability = -2.5 + 5.0 * i / max(1, n - 1)
        kind = bad_kinds[i] if i < len(bad_kinds) else "normal"
        lr = Learner(id=f"learner{i:02d}", kind=kind, ability=ability)
        if kind != "blank":
            for item in items.values():
                p = 1 / (1 + math.exp(-(ability - difficulty[item.id])))
                lr.answers[item.id] = _answer(rng, item, p)
            lr.reflection = f"Reflection by {lr.id}: I will keep moving and watch for red flags."
        for item in items.values():
            ok = item.id in lr.answers and is_right(item, lr.answers[item.id])
            if kind in ("missing-answers", "corrupt-answers", "blank"):
                ok = False
            lr.correct[item.id] = ok
        learners.append(lr)
    return learners


def fixed_learner(lid: str, items: dict[str, Item], how: str) -> Learner:
    """'right', 'wrong', 'half' (first half right) or 'blank'."""
    lr = Learner(id=lid, kind="blank" if how == "blank" else "normal", ability=0.0)
    rng = random.Random(lid)
    for n, item in enumerate(items.values()):
        if how == "blank":
            lr.correct[item.id] = False
            continue
        want = how == "right" or (how == "half" and n < len(items) // 2)
        lr.answers[item.id] = _answer(rng, item, 1.0 if want else 0.0)
        lr.correct[item.id] = want
    if how != "blank":
        lr.reflection = f"{lid} reflects."
    return lr


def _set_reflection(nb, text: str) -> None:
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = text
            return


def write_submission(release_notebook: Path, submitted_root: Path, quiz: str, lr: Learner,
                     loop_seconds_hint: str = "while True:\n    pass") -> Path:
    """Put one learner's hand-in at submitted/<learner>/<quiz>/ (idempotent)."""
    folder = submitted_root / lr.id / quiz
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    nb = nbformat.read(release_notebook, as_version=4)
    if lr.reflection:
        _set_reflection(nb, lr.reflection)
    target = folder / f"{quiz}.ipynb"
    first_test = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")
                      and c.cell_type == "code")
    if lr.kind == "deleted-cell":
        del nb.cells[first_test]
    elif lr.kind == "edited-readonly":
        nb.cells[first_test].source = "print('All tests passed, honest!')"
    elif lr.kind == "infinite-loop":
        nb.cells.insert(first_test, nbformat.v4.new_code_cell(loop_seconds_hint))
    elif lr.kind == "kernel-dies":
        nb.cells.insert(first_test, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(nb, target)
    if lr.kind == "invalid-json":
        text = target.read_text(encoding="utf-8")
        target.write_text(text[: len(text) // 2], encoding="utf-8")
    if lr.kind != "missing-answers":
        for item, value in lr.answers.items():
            save_answer(item, value, folder)
    if lr.kind == "corrupt-answers":
        (folder / "answers.json").write_text('{"answers": {"q01": ', encoding="utf-8")
    return folder


def write_class(release_notebook: Path, submitted_root: Path, quiz: str, learners: list[Learner]) -> None:
    for lr in learners:
        write_submission(release_notebook, submitted_root, quiz, lr)
