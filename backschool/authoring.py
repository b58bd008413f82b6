"""Authoring helpers: turn lesson text and quiz specs into clean notebooks.

Course authors write a lesson as Markdown with one-line widget calls and a quiz as a
small dict; these functions produce notebooks that already meet the skeleton, the nbgrader
cell metadata and the clean-notebook rules checked by the tests. The notebooks, not the
inputs, are what is kept in git.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .sources import bibliography

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
HIDDEN = {"jupyter": {"source_hidden": True}}
CODE_LINE = re.compile(r"^>>> (.+)$")
SOURCE_BULLET = re.compile(r"^- \[([a-z0-9-]+)\]\s*$")


def _expand_sources(text: str) -> str:
    """Write ``- [key]`` bullets out as ``- [key] full reference`` so learners see the source."""
    refs = bibliography()
    lines = []
    for line in text.splitlines():
        match = SOURCE_BULLET.match(line)
        if match:
            key = match.group(1)
            if key not in refs:
                raise KeyError(f"Source [{key}] is not in assets/sources.yml")
            line = f"- [{key}] {refs[key]}"
        lines.append(line)
    return "\n".join(lines)


def _notebook(cells: list) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    for index, cell in enumerate(nb.cells):
        cell.id = f"c{index:02d}"
    return nb


def lesson_from_markdown(text: str) -> nbformat.NotebookNode:
    """Each ``#``/``##`` heading starts a Markdown cell; a line ``>>> call()`` becomes a hidden code cell."""
    cells = [new_code_cell("import backschool.widgets as bs", metadata=dict(HIDDEN, tags=["preamble"]))]
    block: list[str] = []

    def flush() -> None:
        body = "\n".join(block).strip()
        if body.startswith("## Sources"):
            body = _expand_sources(body)
        if body:
            cells.append(new_markdown_cell(body))
        block.clear()

    for line in text.splitlines():
        code = CODE_LINE.match(line)
        if code:
            flush()
            cells.append(new_code_cell(code.group(1).strip(), metadata=dict(HIDDEN)))
        elif line.startswith(("# ", "## ")):
            flush()
            block.append(line)
        else:
            block.append(line)
    flush()
    return _notebook(cells)


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = True, points: int = 0) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _call(func: str, *args) -> str:
    return f"{func}(" + ", ".join(json.dumps(a, ensure_ascii=False) for a in args) + ")"


def quiz_notebook(spec: Mapping) -> nbformat.NotebookNode:
    """Build an nbgrader source notebook from a quiz spec.

    ``spec``: ``title``, ``intro``, ``items`` (each ``id``, ``kind`` = choice|all,
    ``question``, ``options``, ``right``, ``why``) and ``reflection`` (``prompt``,
    ``model_answer``, ``points``).
    """
    cells = [
        new_markdown_cell(f"# {spec['title']}\n\n{spec['intro']}", metadata=_meta("intro")),
        new_code_cell(
            "from backschool.quiz import answered, check, choice, choose_all",
            metadata=dict(_meta("setup"), **HIDDEN),
        ),
    ]
    for item in spec["items"]:
        func = {"choice": "choice", "all": "choose_all"}[item["kind"]]
        cells.append(new_code_cell(_call(func, item["id"], item["question"], list(item["options"])),
                                   metadata=dict(_meta(f"{item['id']}-ask"), **HIDDEN)))
        right = item["right"] if isinstance(item["right"], str) else list(item["right"])
        test = "\n".join([
            _call("answered", item["id"]),
            "### BEGIN HIDDEN TESTS",
            _call("check", item["id"], right, item["why"]),
            "### END HIDDEN TESTS",
        ])
        cells.append(new_code_cell(test, metadata=dict(_meta(item["id"], grade=True, points=1), **HIDDEN)))
    reflection = spec["reflection"]
    cells.append(new_markdown_cell(f"## Your own words\n\n{reflection['prompt']}", metadata=_meta("reflection-ask")))
    cells.append(new_markdown_cell(reflection["model_answer"],
                                   metadata=_meta("reflection", grade=True, solution=True, locked=False,
                                                  points=reflection["points"])))
    cells.append(new_markdown_cell(
        "**You are done.** Press *Hand in* at the end of the quiz page.",
        metadata=_meta("outro")))
    return _notebook(cells)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Validate and write a notebook with no outputs."""
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
