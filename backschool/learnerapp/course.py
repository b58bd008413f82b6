"""One learner's course, wherever it runs: where their quizzes are, what they have done, handing in.

Alone on a computer the quiz comes from a local nbgrader release and a hand-in is graded at once
(local.py, in a separate process). On a hub the quiz is fetched from nbgrader's exchange and handed
in there as the learner (hub.py); the instructor grades it and returns feedback.
"""
from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from ..answers import ANSWERS_FILE, AnswersFileError, read_answers, read_reflections
from ..manifest import Course, load_course
from ..quizspec import QuizSpec, read_spec
from . import feedback as fb
from . import local, state
from .mode import learner_dir, mode


class QuizNotReady(RuntimeError):
    """The quiz cannot be opened yet (on a hub: the instructor has not released it)."""


@dataclass
class QuizStatus:
    quiz: str
    title: str
    answered: int
    questions: int
    handed_in: str | None
    feedback: fb.QuizFeedback | None
    graded_by_hand: bool = False  # on a hub the instructor scores the written answers

    @property
    def label(self) -> str:
        if self.feedback is not None:
            got, of = self.feedback.question_score
            total = (f"; with your own words: {self.feedback.score:g} out of {self.feedback.max_score:g}"
                     if self.graded_by_hand else "")
            return f"Score: {got:g} out of {of:g}{total}"
        if self.handed_in:
            return "Handed in, waiting for feedback"
        if self.answered:
            return f"Started: {self.answered} of {self.questions} answered"
        return "Not started"


async def _run(*args: str) -> dict:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backschool.learnerapp.local", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(err.decode(errors="replace")[-3000:])
    return json.loads(out.decode().strip().splitlines()[-1])


class LearnerCourse:
    def __init__(self, root_dir: str, exchange=None) -> None:
        self.course: Course = load_course()
        self.mode = mode()
        self.folder = learner_dir(root_dir, self.course.course_id)
        self.exchange = exchange  # hub.Exchange on a hub

    # -- where things are -------------------------------------------------------------------
    def quiz_folder(self, quiz: str) -> Path:
        return self.folder / quiz

    def notebook(self, quiz: str) -> Path:
        return self.quiz_folder(quiz) / f"{quiz}.ipynb"

    def feedback_page(self, quiz: str) -> Path | None:
        if self.mode == "local":
            page = local.feedback_page(quiz, self.folder)
            return page if page.exists() else None
        stamp = self.state()["stamps"].get(quiz)
        newest = self.quiz_folder(quiz) / "feedback" / str(stamp) / f"{quiz}.html"
        if stamp and newest.exists():
            return newest
        pages = sorted(self.quiz_folder(quiz).glob(f"feedback/*/{quiz}.html"))
        return pages[-1] if pages else None

    # -- reading ----------------------------------------------------------------------------
    def state(self) -> dict:
        return state.read(self.folder)

    def answers(self, quiz: str) -> dict:
        try:
            return read_answers(self.quiz_folder(quiz))
        except AnswersFileError:
            return {}

    def reflections(self, quiz: str) -> dict[str, str]:
        return read_reflections(self.quiz_folder(quiz))

    def graded_folder(self, quiz: str) -> Path:
        """Where the answers the feedback is about are: alone on a computer, the hand-in's own copy
        (the learner may have changed answers since); on a hub, the quiz folder that was submitted."""
        if self.mode == "local":
            handed = local.course_layout(self.folder).submitted_dir(local.LEARNER, quiz)
            if (handed / ANSWERS_FILE).exists():
                return handed
        return self.quiz_folder(quiz)

    def feedback(self, quiz: str) -> fb.QuizFeedback | None:
        page = self.feedback_page(quiz)
        return fb.read(page) if page else None

    def status(self, quiz: str) -> QuizStatus:
        q = self.course.quiz(quiz)
        saved = self.answers(quiz)
        answered = sum(1 for it in q.items if saved.get(it.id) not in (None, "", []))
        return QuizStatus(quiz, q.title, answered, len(q.items), self.state()["handed_in"].get(quiz),
                          self.feedback(quiz), graded_by_hand=self.mode == "hub")

    # -- doing ------------------------------------------------------------------------------
    async def open_quiz(self, quiz: str) -> QuizSpec:
        """The quiz as data, read from the learner's copy of the *release* notebook."""
        self.course.quiz(quiz)
        if self.mode == "local":
            if local.release_is_current(quiz, self.folder):
                local.working_copy(quiz, self.folder)
            else:
                await _run("release", quiz)
        elif not self.notebook(quiz).exists():
            self.exchange.fetch(quiz)
            if not self.notebook(quiz).exists():
                raise QuizNotReady(quiz)
        state.visited(self.folder, "quiz", quiz)
        return read_spec(self.notebook(quiz), quiz)

    async def hand_in(self, quiz: str) -> dict:
        """Local: grade now and return the pipeline's entry. Hub: submit through the exchange."""
        if self.mode == "local":
            entry = await _run("handin", quiz)
            state.handed_in(self.folder, quiz, entry.get("handed_in") or state.now())
            return entry
        when, stamp = self.exchange.submit(quiz, self.quiz_folder(quiz))
        state.handed_in(self.folder, quiz, when, stamp)
        return {"status": "submitted", "handed_in": when, "timestamp": stamp}

    def latest_feedback(self, quiz: str) -> fb.QuizFeedback | None:
        """On a hub: the feedback of the newest hand-in, once returned (fetched from the exchange)."""
        stamp = self.state()["stamps"].get(quiz)
        if not stamp:
            return None
        self.exchange.fetch_feedback(quiz)
        page = self.quiz_folder(quiz) / "feedback" / stamp / f"{quiz}.html"
        return fb.read(page) if page.exists() else None

    def refresh_feedback(self) -> None:
        """On a hub: fetch any feedback the instructor has returned for quizzes handed in."""
        if self.mode != "hub" or self.exchange is None:
            return
        for quiz in self.state()["handed_in"]:
            self.exchange.fetch_feedback(quiz)
