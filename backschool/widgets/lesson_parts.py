"""A lesson's "What you will learn" and "Sources", shown from the manifest and the bibliography.

The text is made in backschool.lessontext, which the tests read too, so a lesson's objectives and its
reference list are never copied into the notebook and cannot disagree with course.yml or its citations.
"""
from __future__ import annotations

from IPython.display import Markdown

from .. import lessontext
from ..manifest import load_course


def objectives(lesson_id: str) -> Markdown:
    """The heading and the lesson's objectives from course.yml."""
    return Markdown(lessontext.objectives_markdown(load_course().lesson(lesson_id)))


def sources(lesson_id: str) -> Markdown:
    """The heading and the full reference of every [key] the lesson's Markdown cites."""
    return Markdown(lessontext.sources_markdown(load_course().lesson(lesson_id)))
