"""Look at a submission before grading and say, in plain words, what is wrong with it.

Also the two notebook repairs the grader applies while sanitising (as nbgrader preprocessors):
``RestoreMissingCells`` puts deleted quiz cells back (nbgrader's own ``add_missing_cells``
assumes the cell before a grade cell is a solution or grade cell, which is not so in our quizzes
where a locked question cell comes first), and ``DropAddedCode`` removes code cells the learner
added (used only to re-grade after such a cell killed the kernel).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from ..answers import ANSWERS_FILE, AnswersFileError, read_answers
from .paths import CourseLayout

PLACEHOLDER = "YOUR ANSWER HERE"


@dataclass
class Inspection:
    learner: str
    flags: list[str] = field(default_factory=list)
    # the notebook cannot be read: grade a fresh copy of the quiz with the learner's answers.json
    use_standin: bool = False
    blank: bool = False


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def fingerprint(folder: Path) -> str:
    """A hash of every file handed in, so a new hand-in is graded again and an old one is not."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _reflection_written(nb, release_nb) -> bool:
    released = {_grade_id(c): c.source for c in release_nb.cells if _grade_id(c)}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "markdown":
            text = cell.source.strip()
            if text and text != released.get(meta.get("grade_id"), PLACEHOLDER).strip() and text != PLACEHOLDER:
                return True
    return False


def inspect(lay: CourseLayout, quiz: str, learner: str) -> Inspection:
    folder = lay.submitted_dir(learner, quiz)
    out = Inspection(learner)
    release_nb = nbformat.read(lay.release / quiz / f"{quiz}.ipynb", as_version=4)

    answers: dict = {}
    answers_problem = None
    if not (folder / ANSWERS_FILE).exists():
        answers_problem = "missing"
    else:
        try:
            answers = read_answers(folder)
        except AnswersFileError as exc:
            reason = str(exc.__cause__ or exc).strip()
            answers_problem = f"answers file cannot be read ({reason}); every question scores 0"

    nb_path = folder / f"{quiz}.ipynb"
    nb = None
    if not nb_path.exists():
        out.use_standin = True
        out.flags.append(f"no notebook {nb_path.name} was handed in; graded from answers.json on a fresh copy of the quiz")
    else:
        try:
            nb = nbformat.read(nb_path, as_version=4)
        except Exception as exc:  # invalid JSON, wrong structure, unreadable bytes
            reason = str(exc).splitlines()[0][:120]
            out.use_standin = True
            out.flags.append(
                f"the notebook is not a valid notebook ({reason}); graded from answers.json on a fresh copy "
                "of the quiz, the written reflection is lost"
            )

    if nb is not None:
        present = {_grade_id(c): c for c in nb.cells if _grade_id(c)}
        missing = [_grade_id(c) for c in release_nb.cells if _grade_id(c) and _grade_id(c) not in present]
        if missing:
            out.flags.append(f"cell(s) deleted: {', '.join(missing)}; put back from the quiz before grading")
        edited = []
        for cell in release_nb.cells:
            gid = _grade_id(cell)
            meta = cell.metadata.get("nbgrader", {}) if gid else {}
            if gid in present and meta.get("locked") and not meta.get("solution"):
                if present[gid].source.strip() != cell.source.strip():
                    edited.append(gid)
        if edited:
            out.flags.append(f"read-only cell(s) edited: {', '.join(edited)}; the original was put back before grading")

    no_answers = answers_problem == "missing" or (answers_problem is None and not any(
        v not in (None, "", []) for v in answers.values()))
    wrote = nb is not None and _reflection_written(nb, release_nb)
    if no_answers and not wrote and not out.use_standin:
        out.blank = True
        out.flags.append("blank submission: no answer was saved and no reflection was written")
    elif answers_problem == "missing":
        out.flags.append("no answers file (answers.json) was handed in; every question scores 0")
    elif answers_problem:
        out.flags.append(answers_problem)
    return out


def make_standin(lay: CourseLayout, quiz: str, learner: str) -> Path:
    """A fresh release copy of the quiz plus the learner's other files, under .backschool/repaired/."""
    src = lay.submitted_dir(learner, quiz)
    dest = lay.repaired / learner / quiz
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in src.iterdir() if src.is_dir() else []:
        if path.is_file() and path.name != f"{quiz}.ipynb":
            shutil.copy2(path, dest / path.name)
    shutil.copy(lay.release / quiz / f"{quiz}.ipynb", dest / f"{quiz}.ipynb")
    return dest


# --- preprocessors used while sanitising ------------------------------------------------------------

class RestoreMissingCells(NbGraderPreprocessor):
    """Put back quiz cells (with an nbgrader grade_id) that the learner deleted, in their place.

    The release notebook gives the cells and their order; OverwriteCells, which runs next,
    then restores the hidden tests from the gradebook.
    """

    def preprocess(self, nb, resources):
        assignment = resources["nbgrader"]["assignment"]
        notebook = resources["nbgrader"]["notebook"]
        release = Path(self.course_root or os.getcwd()) / "release" / assignment / f"{notebook}.ipynb"
        if not release.exists():
            return nb, resources
        ref = nbformat.read(release, as_version=4)
        have = {_grade_id(c) for c in nb.cells if _grade_id(c)}
        for i, cell in enumerate(ref.cells):
            gid = _grade_id(cell)
            if not gid or gid in have:
                continue
            # after the nearest earlier quiz cell that is present, else at the top
            pos = 0
            for prev in reversed(ref.cells[:i]):
                pg = _grade_id(prev)
                if pg in have:
                    pos = next(k for k, c in enumerate(nb.cells) if _grade_id(c) == pg) + 1
                    break
            nb.cells.insert(pos, nbformat.from_dict(json.loads(json.dumps(cell))))
            have.add(gid)
        return nb, resources

    course_root = Unicode("", help="The nbgrader course root (release/ is read from it).").tag(config=True)


class DropAddedCode(NbGraderPreprocessor):
    """Remove code cells that are not part of the quiz (learners never need to write code here)."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or _grade_id(c)]
        return nb, resources
