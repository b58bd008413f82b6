"""A quiz read as data: its questions, options and written answers, without running any of it.

A quiz notebook's question cells each hold one ``choice(...)`` or ``choose_all(...)`` call whose
arguments are literals, or an ``agree(item)`` call: a belief statement on an agree/disagree scale,
both taken from ``backschool.models.beliefs`` (no right answer, so it is never graded). Reading them with ``ast.literal_eval`` gives the quiz's structure to the
code that must never execute a notebook: the grader's intake (which options exist), the code-free
quiz page, and the tests.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from pathlib import Path

QUESTION_KINDS = ("choice", "choose_all", "agree")


class QuizSpecError(ValueError):
    """The quiz notebook does not have the shape the course writes."""


@dataclass(frozen=True)
class Question:
    item: str
    kind: str  # "choice" (one answer) or "choose_all" (any number)
    text: str
    options: tuple[str, ...]
    points: float = 0.0


@dataclass(frozen=True)
class Written:
    """A written answer (markdown solution cell) graded by hand."""

    grade_id: str
    prompt: str
    points: float = 0.0


@dataclass(frozen=True)
class QuizSpec:
    quiz: str
    questions: tuple[Question, ...]
    written: tuple[Written, ...] = field(default=())

    def question(self, item: str) -> Question:
        for q in self.questions:
            if q.item == item:
                return q
        raise KeyError(item)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(q.item for q in self.questions)


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _question_call(source: str) -> tuple[str, list] | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in QUESTION_KINDS:
            try:
                return node.func.id, [ast.literal_eval(a) for a in node.args]
            except ValueError:
                return None
    return None


def _belief(quiz: str, meta: dict, args: list, points: dict) -> Question:
    """``agree(item)``: one answer on the beliefs scale, shown and checked like a ``choice``."""
    from .models import beliefs

    if len(args) != 1 or args[0] not in beliefs.items():
        raise QuizSpecError(f"{quiz}: cell {meta.get('grade_id')} does not call agree(<a belief item>)")
    item = args[0]
    return Question(item, "choice", beliefs.question(item), beliefs.scale(), points.get(item, 0.0))


def from_cells(quiz: str, cells: list[dict]) -> QuizSpec:
    """The spec of a quiz from its (source or release) notebook cells, given as plain dicts."""
    points = {_meta(c).get("grade_id"): float(_meta(c).get("points") or 0) for c in cells if _meta(c).get("grade")}
    questions: list[Question] = []
    written: list[Written] = []
    prompt = ""
    for cell in cells:
        meta = _meta(cell)
        if cell.get("cell_type") == "markdown" and meta.get("locked") and not meta.get("solution"):
            prompt = _source(cell)
        if cell.get("cell_type") == "markdown" and meta.get("solution") and meta.get("grade"):
            written.append(Written(meta["grade_id"], prompt, points.get(meta["grade_id"], 0.0)))
        if cell.get("cell_type") != "code" or not meta.get("locked") or meta.get("grade"):
            continue
        call = _question_call(_source(cell))
        if call is None:
            continue
        kind, args = call
        if kind == "agree":
            questions.append(_belief(quiz, meta, args, points))
            continue
        if len(args) != 3 or not all(isinstance(o, str) for o in args[2]):
            raise QuizSpecError(f"{quiz}: cell {meta.get('grade_id')} does not call {kind}(item, question, options)")
        item, text, options = args
        questions.append(Question(item, kind, text, tuple(options), points.get(item, 0.0)))
    if len({q.item for q in questions}) != len(questions):
        raise QuizSpecError(f"{quiz}: two questions share an item id")
    return QuizSpec(quiz, tuple(questions), tuple(written))


def read_spec(notebook: Path, quiz: str | None = None) -> QuizSpec:
    """The spec of the quiz notebook at ``notebook`` (read as JSON, never executed)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return from_cells(quiz or Path(notebook).stem, nb.get("cells", []))
