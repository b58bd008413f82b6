"""Put each learner's own progress (scores per quiz and topic, lessons done) into their feedback
page, so the learner's progress notebook can show it after they fetch their feedback."""
from __future__ import annotations

from ..atomic import KEEP, write_text
from ..manifest import load_course
from ..progress import learner as learner_view
from ..progress import stats
from .export import class_rows
from .paths import CourseLayout


def learner_progress(rows: list[dict], learner: str) -> dict:
    course = load_course()
    mine = [r for r in rows if r["learner"] == learner]
    scores = stats.quiz_scores(mine)
    return {
        "learner": learner,
        "quizzes": {q: {"score": s, "max_score": m} for (_, q), (s, m) in sorted(scores.items())},
        "topics": stats.topic_mastery(mine, course).get(learner, {}),
        "lessons_done": stats.lessons_done(mine, course).get(learner, []),
    }


def embed_all(lay: CourseLayout, quiz: str) -> int:
    rows, _ = class_rows(lay)
    count = 0
    for learner in lay.learners_in("feedback", quiz):
        for page in sorted(lay.feedback_dir(learner, quiz).glob("*.html")):
            text = page.read_text(encoding="utf-8")
            # KEEP: nbgrader's release_feedback copies the page's mode into the exchange, where the learner reads it
            write_text(page, learner_view.embed(text, learner_progress(rows, learner)), KEEP)
            count += 1
    return count
