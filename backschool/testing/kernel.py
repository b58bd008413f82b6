"""Answer a quiz in a real kernel, as a learner does (the answer key is read by quizkey)."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell


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
