"""Alone on a computer: the quiz the learner answers and grading at hand-in, on this computer.

The learner works in <learner dir>/<quiz>/ on a copy of nbgrader's *release* notebook (no hidden
tests, no model answers), generated into a private nbgrader course folder <learner dir>/.grading/.
Handing in puts that notebook (with the written answers filled in) and answers.json into the
course's submitted/ folder and grades it with the course's one pipeline
(``backschool.instructor.grading.autograde``), which also writes the feedback page.

Run as ``python -m backschool.learnerapp.local release|handin QUIZ``: the Jupyter server calls it
in a separate process so nbgrader's kernels and worker processes never live inside the server.
"""
from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..answers import ANSWERS_FILE, read_reflections
from ..atomic import KEEP, write_bytes, write_text
from .mode import learner_dir

LEARNER = "me"  # the only learner on this computer


def course_layout(folder: Path | None = None):
    from ..instructor.paths import layout

    root = (folder or learner_dir()) / ".grading"
    return layout(root, root / "exchange")


def feedback_page(quiz: str, folder: Path | None = None) -> Path:
    return course_layout(folder).feedback_dir(LEARNER, quiz) / f"{quiz}.html"


def _paths(quiz: str, folder: Path) -> tuple[Path, Path, Path]:
    from ..manifest import load_course

    released = course_layout(folder).release_notebook(quiz)
    return load_course().quiz(quiz).notebook, released, folder / quiz / f"{quiz}.ipynb"


def release_is_current(quiz: str, folder: Path | None = None) -> bool:
    """True when nbgrader's release is newer than the source (no nbgrader run needed to open the quiz)."""
    source, released, _ = _paths(quiz, folder or learner_dir())
    return released.exists() and released.stat().st_mtime >= source.stat().st_mtime


def working_copy(quiz: str, folder: Path | None = None) -> Path:
    """The learner's copy of the release notebook, replaced when the release changed."""
    _, released, work = _paths(quiz, folder or learner_dir())
    if not work.exists() or work.read_bytes() != released.read_bytes():
        write_bytes(work, released.read_bytes(), KEEP)
    return work


def ensure_release(quiz: str, folder: Path | None = None) -> Path:
    """The learner's working copy of the release notebook (nbgrader generates the release when needed)."""
    folder = folder or learner_dir()
    if not release_is_current(quiz, folder):
        from ..instructor.steps import generate

        generate(course_layout(folder), quiz)
    return working_copy(quiz, folder)


def fill_written(notebook: dict, reflections: dict[str, str]) -> dict:
    """The notebook with each written-answer cell holding the learner's saved text (for the formgrader)."""
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") == "markdown" and meta.get("solution") and meta.get("grade_id") in reflections:
            cell["source"] = reflections[meta["grade_id"]]
    return notebook


def handin(quiz: str, folder: Path | None = None, echo=print) -> dict:
    """Hand the quiz in on this computer and grade it at once. Returns the pipeline's entry."""
    from ..instructor.grading import autograde

    folder = folder or learner_dir()
    work = ensure_release(quiz, folder)
    lay = course_layout(folder)
    target = lay.submitted_dir(LEARNER, quiz)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    nb = fill_written(json.loads(work.read_text(encoding="utf-8")), read_reflections(work.parent))
    write_text(target / f"{quiz}.ipynb", json.dumps(nb, indent=1), KEEP)
    answers = work.parent / ANSWERS_FILE
    if answers.exists():
        write_bytes(target / ANSWERS_FILE, answers.read_bytes(), KEEP)
    when = datetime.now(timezone.utc)
    write_text(target / "timestamp.txt", when.strftime("%Y-%m-%d %H:%M:%S.%f %Z"), KEEP)
    result = autograde(lay, quiz, learners=[LEARNER], workers=1, feedback=True, echo=echo)
    entry = dict(result.entries.get(LEARNER) or {"status": "failed", "flags": ["not graded"]})
    entry["handed_in"] = when.isoformat(timespec="seconds")
    return entry


def main(argv: list[str]) -> int:
    action, quiz = argv
    log = lambda *a: print(*a, file=sys.stderr)  # noqa: E731  (stdout carries the answer)
    if action == "release":
        print(json.dumps({"notebook": str(ensure_release(quiz))}))
    elif action == "handin":
        print(json.dumps(handin(quiz, echo=log)))
    else:
        raise SystemExit(f"unknown action {action}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
