"""A quiz's answer key: its questions (from backschool.quizspec) with the right answers.

The right answers live only in the source notebook's hidden tests, as ``check(item, right, why)``
calls with literal arguments; this is the one reader of them.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from backschool.models import beliefs
from backschool.quizspec import QuizSpec, QuizSpecError, from_cells


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # "choice" (one answer) or "choose_all" (any number), as in quizspec
    options: list[str]
    right: str | list[str]
    points: float = 0.0
    why: str = ""  # the feedback the hidden test gives


def _checks(source: str) -> dict[str, tuple[object, str]]:
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check":
            item, right, why = (ast.literal_eval(a) for a in node.args)
            found[item] = (right, why)
    return found


def _read(source_notebook: Path) -> tuple[QuizSpec, dict[str, tuple[object, str]]]:
    cells = json.loads(Path(source_notebook).read_text(encoding="utf-8")).get("cells", [])
    spec = from_cells(Path(source_notebook).stem, cells)
    keys: dict[str, tuple[object, str]] = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            src = cell.get("source", "")
            keys.update(_checks("".join(src) if isinstance(src, list) else src))
    graded = {q.item for q in spec.questions if q.item not in beliefs.items()}  # beliefs have no right answer
    if set(keys) != graded:
        raise QuizSpecError(f"{source_notebook}: questions {sorted(graded)} but checks for {sorted(keys)}")
    return spec, keys


def read(source_notebook: Path) -> tuple[QuizSpec, dict[str, object]]:
    """The quiz's spec and its right answers (item -> answer) from the hidden tests' check calls."""
    spec, keys = _read(source_notebook)
    return spec, {item: right for item, (right, _why) in keys.items()}


def items(source_notebook: Path) -> dict[str, Item]:
    """item id -> Item (options, right answer, points, feedback), in item-id order."""
    spec, keys = _read(source_notebook)
    found = {}
    for q in spec.questions:
        if q.item not in keys:
            continue
        answer, why = keys[q.item]
        found[q.item] = Item(q.item, q.kind, list(q.options),
                             answer if isinstance(answer, str) else list(answer), q.points, why)
    return dict(sorted(found.items()))


def is_right(item: Item, value) -> bool:
    if isinstance(item.right, str):
        return value == item.right
    return isinstance(value, list) and set(value) == set(item.right)


def wrong_answer(item: Item):
    """An answer that is certainly wrong for this item."""
    if item.kind == "choice":
        return next(o for o in item.options if o != item.right)
    wrong = [o for o in item.options if o not in item.right]
    return wrong or item.options[:1] if set(item.options[:1]) != set(item.right) else []
