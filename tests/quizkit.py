"""Test helpers: read a quiz's right answers from its source, and answer a quiz in a real kernel."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell


def _calls(source: str, name: str) -> list[list]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
            found.append([ast.literal_eval(a) for a in node.args])
    return found


def items(source_notebook: Path) -> dict[str, dict]:
    """item id -> {options, right, kind} read from the question and hidden-test cells."""
    nb = nbformat.read(str(source_notebook), as_version=4)
    found: dict[str, dict] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for kind in ("choice", "choose_all"):
            for item, _question, options in _calls(cell.source, kind):
                found[item] = {"options": options, "kind": kind}
        for item, right, _why in _calls(cell.source, "check"):
            found[item]["right"] = right
    return found


def wrong_answer(spec: dict):
    """An answer that is certainly wrong for this item."""
    if spec["kind"] == "choice":
        return next(o for o in spec["options"] if o != spec["right"])
    wrong = [o for o in spec["options"] if o not in spec["right"]]
    return wrong or spec["options"][:1] if set(spec["options"][:1]) != set(spec["right"]) else []


def answer_in_kernel(notebook: Path, answers: dict, reflection: str | None = None, timeout: int = 120) -> None:
    """Open ``notebook`` in a real kernel in its folder, click the answers through the widgets, save it.

    This is what a learner does: run the quiz, click, write the reflection, save.
    """
    nb = nbformat.read(str(notebook), as_version=4)
    client = NotebookClient(nb, timeout=timeout, resources={"metadata": {"path": str(notebook.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
                client.execute_cell(cell, index)
        clicks = "\n".join(f"click({json.dumps(k)}, {json.dumps(v)})" for k, v in answers.items())
        nb.cells.append(new_code_cell("from backschool.quiz import click\n" + clicks))
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        nb.cells.pop()
    if reflection is not None:
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "reflection":
                cell.source = reflection
    nbformat.write(nb, str(notebook))
