"""Quiz answers saved beside the quiz notebook, so they travel with an nbgrader submission.

Widget state is lost when nbgrader re-runs a notebook; a small JSON file in the notebook's
folder is copied with the submission and is there when the grading kernel runs the tests.
The file holds ``{"answers": {item: value}, "reflections": {grade_id: text}}``: the chosen
options and the written answers, as data. The grader reads only this (see instructor/intake.py).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .atomic import write_text

ANSWERS_FILE = "answers.json"


class AnswersFileError(ValueError):
    """The answers file exists but cannot be read as answers."""


def answers_path(folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / ANSWERS_FILE


def read_answers(folder: Path | None = None) -> dict[str, Any]:
    """All saved answers; an empty dict when none were saved. Raises on a corrupt file."""
    path = answers_path(folder)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnswersFileError(f"{path.name} cannot be read ({exc}).") from exc
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        raise AnswersFileError(f"{path.name} does not hold a table of answers.")
    return dict(data.get("answers", {}))


def read_reflections(folder: Path | None = None) -> dict[str, str]:
    """The written answers saved by the code-free quiz page; empty when none (or the file is corrupt)."""
    try:
        data = json.loads(answers_path(folder).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    found = data.get("reflections", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}


def _write(folder: Path | None, answers: dict, reflections: dict) -> None:
    """Replace the file atomically so a crash never leaves half a file."""
    write_text(answers_path(folder), json.dumps({"answers": answers, "reflections": reflections}, indent=1, sort_keys=True))


def save_answer(item: str, value: Any, folder: Path | None = None) -> None:
    """Store one answer, keeping the others and the written answers."""
    try:
        answers = read_answers(folder)
    except AnswersFileError:
        answers = {}
    answers[item] = value
    _write(folder, answers, read_reflections(folder))


def save_reflection(grade_id: str, text: str, folder: Path | None = None) -> None:
    """Store one written answer, keeping the chosen options."""
    try:
        answers = read_answers(folder)
    except AnswersFileError:
        answers = {}
    reflections = read_reflections(folder)
    reflections[grade_id] = text
    _write(folder, answers, reflections)
