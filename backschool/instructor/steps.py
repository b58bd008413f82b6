"""The single nbgrader steps, each through ``NbGraderAPI`` (never the nbgrader CLI)."""
from __future__ import annotations

import logging
import os
import shutil
import sys

from ..manifest import ManifestError, load_course
from .config import nbgrader_config
from .errors import InstructorError
from .paths import CourseLayout, ensure_layout


def known_quiz(quiz: str) -> str:
    """The quiz id if course.yml lists it and its source notebook exists; a clear error otherwise."""
    course = load_course()
    try:
        q = course.quiz(quiz)
    except ManifestError as exc:
        raise InstructorError(str(exc)) from None
    if not q.notebook.is_file():
        raise InstructorError(f"Quiz {quiz} is in course.yml but {q.notebook} does not exist yet.")
    return quiz


def _alembic_on_path() -> None:
    """nbgrader runs the ``alembic`` program when it makes a new gradebook; it sits beside python."""
    bindir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + path


def api(lay: CourseLayout, **config_kw):
    """An NbGraderAPI for the course (imported late: nbgrader takes about a second to import)."""
    _alembic_on_path()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = nbgrader_config(lay, **config_kw)
    coursedir = CourseDirectory(config=config)
    a = NbGraderAPI(coursedir=coursedir, config=config)
    a.log.setLevel(logging.ERROR)
    return a


def _check(result: dict, what: str) -> dict:
    if not result or not result.get("success"):
        detail = (result or {}).get("error") or (result or {}).get("log") or "no details"
        raise InstructorError(f"{what} failed:\n{detail.strip()[-2000:]}")
    return result


def generate(lay: CourseLayout, quiz: str) -> None:
    """source/QUIZ -> release/QUIZ, and the quiz, its cells and points into the gradebook."""
    known_quiz(quiz)
    ensure_layout(lay)
    _check(api(lay).generate_assignment(quiz, force=True, create=True), f"generate {quiz}")
    # A stray answers.json in the source folder (someone tried the quiz) must not reach learners.
    stray = lay.release_dir(quiz) / "answers.json"
    if stray.exists():
        stray.unlink()


def release(lay: CourseLayout, quiz: str) -> None:
    """release/QUIZ -> the exchange's outbound folder (replaced if already released)."""
    known_quiz(quiz)
    ensure_layout(lay)
    if not lay.release_dir(quiz).is_dir():
        generate(lay, quiz)
    course_id = load_course().course_id
    outbound = lay.exchange / course_id / "outbound" / quiz
    if outbound.exists():  # idempotent: release again replaces the old copy
        shutil.rmtree(outbound)
    _check(api(lay).release_assignment(quiz), f"release {quiz}")


def collect(lay: CourseLayout, quiz: str) -> list[str]:
    """The exchange's inbound submissions -> submitted/ (newest per learner). Returns who is there."""
    known_quiz(quiz)
    ensure_layout(lay)
    inbound = lay.exchange / load_course().course_id / "inbound"
    if inbound.is_dir() and any(p.name.split("+")[1:2] == [quiz] for p in inbound.iterdir()):
        _check(api(lay).collect(quiz, update=True), f"collect {quiz}")
    return lay.learners_submitted(quiz)


def feedback(lay: CourseLayout, quiz: str, learners: list[str] | None = None) -> list[str]:
    """autograded/ -> feedback/<learner>/QUIZ/QUIZ.html from the main gradebook (after manual grading too)."""
    known_quiz(quiz)
    a = api(lay)
    done = []
    for learner in learners or lay.learners_in("autograded", quiz):
        if not (lay.autograded_dir(learner, quiz) / f"{quiz}.ipynb").exists():
            continue
        res = a.generate_feedback(quiz, learner, force=True)
        if res.get("success"):
            done.append(learner)
    return done


def release_feedback(lay: CourseLayout, quiz: str) -> tuple[list[str], dict[str, str]]:
    """Return each learner's feedback through the exchange; say why any could not be returned.

    nbgrader matches feedback to a hand-in by the timestamp and secret that a learner's submit
    writes; a hand-in copied into submitted/ by hand has neither and its feedback stays in feedback/.
    """
    known_quiz(quiz)
    a = api(lay)
    returned, held = [], {}
    for learner in lay.learners_in("feedback", quiz):
        folder = lay.feedback_dir(learner, quiz)
        if not ((folder / "timestamp.txt").exists() and (folder / "submission_secret.txt").exists()):
            held[learner] = "the hand-in was not submitted through the exchange (no timestamp or secret)"
            continue
        res = a.release_feedback(quiz, learner)
        if res.get("success"):
            returned.append(learner)
        else:
            held[learner] = (res.get("error") or res.get("log") or "nbgrader refused").strip().splitlines()[-1][:200]
    return returned, held
