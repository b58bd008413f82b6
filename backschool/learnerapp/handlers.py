"""Tornado handlers of the learner's pages, behind the Jupyter server's own login (token or hub)."""
from __future__ import annotations

import json

from jupyter_server.base.handlers import JupyterHandler
from tornado import web

from . import pages, state
from .course import LearnerCourse, QuizNotReady
from .mode import instant_feedback
from .warm import WarmKernelManager

MAX_WORDS = 5000  # characters in one written answer


class Base(JupyterHandler):
    @property
    def lc(self) -> LearnerCourse:
        return self.settings["backschool_course"]()

    @property
    def base(self) -> str:
        return self.base_url

    def html(self, text: str) -> None:
        self.xsrf_token  # sets the _xsrf cookie the lesson pages' link request sends back (hub)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(text)

    def known_quiz(self, quiz: str) -> None:
        if quiz not in self.lc.course.quizzes:
            raise web.HTTPError(404, f"no quiz {quiz}")


class HomeHandler(Base):
    @web.authenticated
    def get(self):
        lc = self.lc
        lc.refresh_feedback()
        if isinstance(self.kernel_manager, WarmKernelManager):
            self.kernel_manager.at_home()  # the learner picks a lesson from here
        self.html(pages.home(lc, self.base))


class NavHandler(Base):
    """The links at the top and bottom of a lesson (the Voila template asks for them)."""

    @web.authenticated
    def get(self, stem: str):
        lc = self.lc
        lesson = pages.lesson_by_stem(lc.course, stem)
        if lesson is not None:
            state.visited(lc.folder, "lesson", lesson.id)
        self.html(pages.nav(lc.course, self.base, stem))


class DrawnHandler(Base):
    """A lesson page has drawn its widgets (the Voila template says so): the next warm kernel may start."""

    @web.authenticated
    def post(self, kernel_id: str):
        if isinstance(self.kernel_manager, WarmKernelManager):
            self.kernel_manager.page_drawn(kernel_id)
        self.set_status(204)
        self.finish()


class QuizHandler(Base):
    @web.authenticated
    async def get(self, quiz: str):
        self.known_quiz(quiz)
        lc = self.lc
        try:
            spec = await lc.open_quiz(quiz)
        except QuizNotReady:
            return self.html(pages.message(lc.course.quiz(quiz).title,
                                           "Your instructor has not opened this quiz yet. Please come back later.",
                                           self.base))
        self.html(pages.quiz(lc, spec, self.base, self.xsrf_token.decode()))


class FeedbackHandler(Base):
    @web.authenticated
    async def get(self, quiz: str):
        self.known_quiz(quiz)
        lc = self.lc
        lc.refresh_feedback()
        try:
            spec = await lc.open_quiz(quiz)
        except QuizNotReady:
            return self.html(pages.message("Feedback", "There is no feedback for this quiz yet.", self.base))
        self.html(pages.feedback_page(lc, spec, lc.feedback(quiz), self.base))


class AnswerHandler(Base):
    """Save one chosen answer or one written answer (as data, in answers.json)."""

    @web.authenticated
    def post(self, quiz: str):
        from ..answers import save_answer, save_reflection
        from ..quizspec import read_spec

        self.known_quiz(quiz)
        lc = self.lc
        notebook = lc.notebook(quiz)
        if not notebook.exists():
            raise web.HTTPError(409, "open the quiz first")
        spec = read_spec(notebook, quiz)
        data = self.get_json_body() or {}
        folder = lc.quiz_folder(quiz)
        if "item" in data:
            try:
                q = spec.question(str(data["item"]))
            except KeyError:
                raise web.HTTPError(400, "unknown question") from None
            value = data.get("value")
            if q.kind == "choice":
                if value not in q.options:
                    raise web.HTTPError(400, "not one of the options")
            elif not (isinstance(value, list) and set(value) <= set(q.options)):
                raise web.HTTPError(400, "not a list of the options")
            else:
                value = [o for o in q.options if o in value]
            save_answer(q.item, value, folder)
        elif "written" in data:
            if data["written"] not in {w.grade_id for w in spec.written}:
                raise web.HTTPError(400, "unknown written answer")
            text = str(data.get("text", ""))[:MAX_WORDS]
            save_reflection(data["written"], text, folder)
        else:
            raise web.HTTPError(400, "nothing to save")
        self.finish(json.dumps({"saved": True}))


class HandInHandler(Base):
    @web.authenticated
    async def post(self, quiz: str):
        from ..quizspec import read_spec

        self.known_quiz(quiz)
        lc = self.lc
        if not lc.notebook(quiz).exists():
            raise web.HTTPError(409, "open the quiz first")
        spec = read_spec(lc.notebook(quiz), quiz)
        try:
            entry = await lc.hand_in(quiz)
        except Exception as exc:  # the learner gets a plain message; the log keeps the details
            self.log.error("hand-in of %s failed: %s", quiz, exc)
            raise web.HTTPError(500, "the hand-in failed") from None
        if lc.mode == "local":
            fb = lc.feedback(quiz)
            if entry.get("status") != "graded" or fb is None:
                self.log.error("grading %s: %s", quiz, entry)
                raise web.HTTPError(500, "the quiz could not be graded")
            body = pages.result(lc, spec, fb, entry.get("handed_in"))
        else:
            body = pages.submitted(entry["handed_in"], instant_feedback())
        self.finish(json.dumps({"html": body, "entry": entry, "wait_for_feedback": instant_feedback()}))


class LatestFeedbackHandler(Base):
    """On a hub: the score and why of the newest hand-in, once the feedback is back."""

    @web.authenticated
    def get(self, quiz: str):
        from ..quizspec import read_spec

        self.known_quiz(quiz)
        lc = self.lc
        fb = lc.latest_feedback(quiz) if lc.mode == "hub" and lc.notebook(quiz).exists() else None
        if fb is None:
            return self.finish(json.dumps({"ready": False}))
        spec = read_spec(lc.notebook(quiz), quiz)
        self.finish(json.dumps({"ready": True, "html": pages.result(lc, spec, fb, lc.state()["handed_in"].get(quiz))}))


def handlers(base_url: str) -> list:
    from jupyter_server.base.handlers import FileFindHandler
    from jupyter_server.utils import url_path_join as join

    from ..figureview import PLOTLY_JS

    quiz = r"([A-Za-z0-9_-]+)"
    return [
        # plotly.js for the course's figures (backschool/figureview.py); asked for with ?v=<plotly version>,
        # so the browser keeps it. Public code, served like Jupyter's own static files.
        (join(base_url, r"backschool/static/(plotly\.min\.js)"), FileFindHandler, {"path": str(PLOTLY_JS.parent)}),
        (join(base_url, r"backschool/?"), HomeHandler),
        (join(base_url, r"backschool/nav/([^/]+)"), NavHandler),
        (join(base_url, r"backschool/api/drawn/([0-9a-f-]{36})"), DrawnHandler),
        (join(base_url, rf"backschool/quiz/{quiz}"), QuizHandler),
        (join(base_url, rf"backschool/feedback/{quiz}"), FeedbackHandler),
        (join(base_url, rf"backschool/api/answer/{quiz}"), AnswerHandler),
        (join(base_url, rf"backschool/api/handin/{quiz}"), HandInHandler),
        (join(base_url, rf"backschool/api/feedback/{quiz}"), LatestFeedbackHandler),
    ]
