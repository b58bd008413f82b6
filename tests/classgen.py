"""A synthetic class for the instructor tests and the benchmark.

Everything here is computed independently of backschool.instructor: the right answers are read
from the quiz *source* notebook with ``ast`` (the ``choice``/``choose_all`` calls give the options,
the hidden ``check`` calls give the right answers), learners answer at random with a fixed seed
and a spread of abilities, and the expected scores are worked out here.

A few learners hand in broken work, one of each kind the grader must survive.
"""
from __future__ import annotations

import ast
import json
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from backschool.answers import save_answer

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
class Item:
    id: str
    kind: str  # "choice" or "all"
    options: list[str]
    right: str | list[str]


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


def _literal(node):
    return ast.literal_eval(node)


def parse_quiz(source_notebook: Path) -> dict[str, Item]:
    """Items of a quiz source notebook, with their options and right answers."""
    nb = nbformat.read(source_notebook, as_version=4)
    options: dict[str, tuple[str, list[str]]] = {}
    rights: dict[str, object] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("choice", "choose_all"):
                args = {**{k.arg: k.value for k in node.keywords}}
                pos = list(node.args)
                item = _literal(pos[0] if pos else args["item"])
                opts = _literal(pos[2] if len(pos) > 2 else args["options"])
                options[item] = ("choice" if name == "choice" else "all", [str(o) for o in opts])
            elif name == "check":
                pos = list(node.args)
                item = _literal(pos[0])
                rights[item] = _literal(pos[1] if len(pos) > 1 else node.keywords[0].value)
    items = {}
    for item, (kind, opts) in options.items():
        right = rights[item]
        items[item] = Item(item, kind, opts, right if isinstance(right, str) else list(right))
    return dict(sorted(items.items()))


def is_right(item: Item, value) -> bool:
    if isinstance(item.right, str):
        return value == item.right
    return isinstance(value, list) and set(value) == set(item.right)


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


# --- a stand-in quiz for when the real one is not there -------------------------------------------

def _nbg(grade_id, *, grade=False, solution=False, locked=True, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def write_standin_quiz(folder: Path, quiz: str = "quiz01") -> Path:
    """A small nbgrader source notebook shaped like the real quizzes (6 items + reflection)."""
    items = [
        ("q01", "choice", "Which sign needs urgent care?", ["Numb saddle area", "Stiff in the morning", "Ache after gardening"], "Numb saddle area"),
        ("q02", "all", "Which are red flags?", ["Loss of bladder control", "Fever with back pain", "Sore after a walk"], ["Loss of bladder control", "Fever with back pain"]),
        ("q03", "choice", "Most back pain gets better within", ["6 weeks", "6 years", "never"], "6 weeks"),
        ("q04", "choice", "This course can", ["Teach you about back pain", "Diagnose you"], "Teach you about back pain"),
        ("q05", "choice", "Sudden weakness in both legs means", ["Call for help now", "Wait a week"], "Call for help now"),
        ("q06", "all", "How do you answer a question?", ["Click an option", "Type code", "Tick boxes"], ["Click an option", "Tick boxes"]),
    ]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {quiz}", metadata=_nbg("intro")))
    nb.cells.append(nbformat.v4.new_code_cell("from backschool.quiz import answered, check, choice, choose_all",
                                              metadata=_nbg("setup")))
    for item, kind, question, opts, right in items:
        fn = "choice" if kind == "choice" else "choose_all"
        nb.cells.append(nbformat.v4.new_code_cell(f"{fn}({item!r}, {question!r}, {opts!r})",
                                                  metadata=_nbg(f"{item}-question")))
        nb.cells.append(nbformat.v4.new_code_cell(
            f"answered({item!r})\n### BEGIN HIDDEN TESTS\ncheck({item!r}, {right!r}, 'Because.')\n### END HIDDEN TESTS",
            metadata=_nbg(item, grade=True, points=1)))
    nb.cells.append(nbformat.v4.new_markdown_cell("YOUR ANSWER HERE",
                                                  metadata=_nbg("reflection", grade=True, solution=True, locked=False, points=2)))
    out = folder / quiz / f"{quiz}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


def expected_flags_json(learners: list[Learner]) -> str:
    return json.dumps({lr.id: lr.kind for lr in learners}, indent=1)
