"""One warm boxed kernel grades many hand-ins, and nothing carries over from one learner to the next.

Learners are graded one after another by one grader in one kernel, in an order chosen to catch a
leak: all right, then no answers file at all (a stale answers file would score), then all wrong,
then a blank file, then half right. Each must score exactly what its own answers earn.
"""
from __future__ import annotations

import pytest

from backschool.instructor import box, intake, paths, steps, worker
from backschool.manifest import load_course
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
pytestmark = pytest.mark.slow


def test_warm_kernel_is_reused_and_carries_nothing_over(tmp_path):
    lay = paths.layout(tmp_path / "course")
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    order = [("a-right", "right"), ("b-none", None), ("c-wrong", "wrong"), ("d-blank", "blank"), ("e-half", "half")]
    release = lay.release / QUIZ / f"{QUIZ}.ipynb"
    expected = {}
    for learner, how in order:
        folder = lay.submitted_dir(learner, QUIZ)
        if how is None:
            folder.mkdir(parents=True)
            expected[learner] = 0
        else:
            lr = classgen.fixed_learner(learner, items, how)
            classgen.write_submission(release, lay.submitted, QUIZ, lr)
            expected[learner] = lr.score
        taken = intake.take(folder, QUIZ, learner, release)
        intake.build(taken, QUIZ, release, lay.built / learner / QUIZ)
    assert (lay.built / "b-none" / QUIZ / "answers.json").read_text().count('"q') == 0
    grader = worker.Grader(lay, lay.gradebook, 10, False)
    try:
        got = {}
        for learner, _how in order:
            out = grader.grade(QUIZ, learner)
            assert out["status"] == "graded", out
            got[learner] = sum(g["auto_score"] or 0 for nb in out["notebooks"].values()
                               for g in nb["grades"].values() if g["cell_type"] == "code")
        assert box._WARM["uses"] == len(order), "one kernel graded every hand-in"
    finally:
        box.close_warm_kernel()
    assert got == expected
    assert expected["a-right"] == len(items) and expected["e-half"] == len(items) // 2
