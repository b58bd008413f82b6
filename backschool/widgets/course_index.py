"""The list of lessons a learner sees, read from the manifest so it never goes out of date."""
from __future__ import annotations

from pathlib import Path

from IPython.display import Markdown

from ..manifest import load_course


def course_index() -> Markdown:
    """A numbered list of the lessons with links, and the quiz that follows each."""
    course = load_course()
    lines = ["| Lesson | Title | Quiz after it |", "|---|---|---|"]
    for lesson in course.lessons:
        name = Path(lesson.notebook_path).name
        lines.append(f"| {lesson.number} | [{lesson.title}]({name}) | {course.quizzes[lesson.quiz].title if lesson.quiz in course.quizzes else lesson.quiz} |")
    return Markdown("\n".join(lines))
