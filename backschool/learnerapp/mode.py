"""Where the course runs (alone on one computer, or on a clinic's hub) and what that means for a learner.

``BACKSCHOOL_MODE`` (``local`` | ``hub``) is set by ``./course learn`` and by deploy/jupyterhub_config.py;
unset, a server started by JupyterHub counts as ``hub``. The privacy statements are the one text that
tells a learner who sees their quiz answers, and where their diary and plan are kept: every page and
lesson that says it takes it from here.
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import settings
from ..manifest import load_course

MODES = ("local", "hub")

PRIVACY = {
    "local": "Your answers stay on this computer. Nothing is sent to anyone else.",
    "hub": ("Your answers are kept on your clinic's server. When you hand in a quiz, your instructor "
            "sees your answers and what you wrote, and no one else does."),
}

SAVED_WORK = {
    "local": "Your diary and your plan are saved in your own folder on this computer. They are not sent anywhere.",
    "hub": ("Your diary and your plan are saved in your own folder on your clinic's server. "
            "They are not handed in with your quizzes."),
}


def mode() -> str:
    """``local`` or ``hub``."""
    chosen = settings.mode()
    if chosen in MODES:
        return chosen
    return "hub" if settings.started_by_hub() else "local"


def instant_feedback() -> bool:
    """On a hub: is each hand-in graded and returned by itself (BACKSCHOOL_INSTANT_FEEDBACK, on by default)?"""
    return mode() == "hub" and settings.instant_feedback()


def privacy_statement(where: str | None = None) -> str:
    return PRIVACY[where or mode()]


def saved_work_statement(where: str | None = None) -> str:
    """Where the pain diary and the action plan are kept (they are never part of a hand-in)."""
    return SAVED_WORK[where or mode()]


def learner_dir(root_dir: str | os.PathLike | None = None, course_id: str | None = None) -> Path:
    """The learner's own quiz folders: on a hub nbgrader fetches into <server root>/<course_id>/."""
    course_id = course_id or load_course().course_id
    chosen = settings.learner_dir()
    if chosen:
        return chosen
    if mode() == "hub" and root_dir:
        return Path(root_dir).expanduser().resolve() / course_id
    return Path.home() / course_id
