"""Instant feedback on a clinic hub: grade each hand-in within a minute and return the feedback.

nbgrader leaves grading on submit out of scope; this is a small hub service (started by
deploy/jupyterhub_config.py as the grader user, unless the clinic sets BACKSCHOOL_INSTANT_FEEDBACK=0
to review first). Every few seconds, for each quiz with hand-ins in the exchange, it runs the steps
of ``backschool instructor run`` that concern a hand-in: collect, the one grading pipeline
(``grading.autograde``, which also writes the feedback) and return. Written answers still need the
instructor: their feedback page says so (a small block read by learnerapp.feedback) until the
instructor scores them and sends feedback again from the formgrader.

    python -m backschool.learnerapp.instant [--every SECONDS] [--once]
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from ..atomic import KEEP, write_text
from ..manifest import load_course
from .feedback import WAITING_ID, WAITING_BLOCK


def _waiting(lay, quiz: str, learner: str) -> list[str]:
    """Grade ids of written answers the instructor has not scored yet."""
    from nbgrader.api import Gradebook

    with Gradebook(lay.db_url, load_course().course_id) as gb:
        sub = gb.find_submission(quiz, learner)
        return sorted(g.name for nb in sub.notebooks for g in nb.grades
                      if g.cell.cell_type == "markdown" and g.needs_manual_grade)


def mark_waiting(lay, quiz: str, learner: str) -> None:
    page = lay.feedback_dir(learner, quiz) / f"{quiz}.html"
    if not page.exists():
        return
    text = WAITING_BLOCK.sub("", page.read_text(encoding="utf-8"))
    block = (f'<script type="application/json" id="{WAITING_ID}">'
             f'{json.dumps(_waiting(lay, quiz, learner))}</script>')
    end = text.rfind("</body>")
    write_text(page, text[:end] + block + text[end:] if end >= 0 else text + block, KEEP)  # the learner reads it


def once(lay, echo=print) -> dict[str, list[str]]:
    """One pass over the quizzes; returns the learners whose feedback was returned, per quiz."""
    from ..instructor import grading, steps

    course = load_course()
    inbound = lay.exchange / course.course_id / "inbound"
    if not inbound.is_dir():
        return {}
    handed = {p.name.split("+")[1] for p in inbound.iterdir() if p.name.count("+") >= 2}
    returned = {}
    for quiz in course.quiz_order:
        if quiz not in handed or not lay.release_dir(quiz).is_dir():
            continue
        steps.collect(lay, quiz)
        result = grading.autograde(lay, quiz, workers=1, feedback=True, echo=echo)
        if not result.graded:
            continue
        for learner in result.graded:
            mark_waiting(lay, quiz, learner)
        done, held = steps.release_feedback(lay, quiz)
        returned[quiz] = done
        for learner, why in held.items():
            echo(f"{quiz}: feedback not returned to {learner}: {why}")
    return returned


def main(argv: list[str] | None = None) -> int:
    from ..instructor.paths import ensure_layout, layout

    ap = argparse.ArgumentParser(prog="python -m backschool.learnerapp.instant", description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=10.0, help="seconds between passes (default 10)")
    ap.add_argument("--once", action="store_true", help="one pass, then stop")
    args = ap.parse_args(argv)
    lay = ensure_layout(layout())

    def echo(*a):
        print(*a, flush=True)

    while True:
        try:
            for quiz, learners in once(lay, echo).items():
                echo(f"{quiz}: feedback returned to {', '.join(learners) or 'nobody'}")
        except Exception as exc:  # a bad pass must not stop the service; the next pass tries again
            echo(f"instant feedback pass failed: {type(exc).__name__}: {exc}")
        if args.once:
            return 0
        time.sleep(args.every)


if __name__ == "__main__":
    sys.exit(main())
