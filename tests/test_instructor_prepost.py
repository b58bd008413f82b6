"""Pre- and post-course knowledge checks graded for real; the gain in the report is the one a hand count gives."""
from __future__ import annotations

import csv
import random

import pytest

from backschool.cli import main
from backschool.instructor import paths, steps
from backschool.manifest import load_course
from backschool.testing import classgen, quizkey

pytestmark = pytest.mark.slow
# learner -> (items right before the course, items right after it)
PLAN = {"ana": (2, 9), "bo": (5, 5), "cleo": (0, 10), "dev": (7, 4)}


def _learner(lid: str, items: dict, n_right: int) -> classgen.Learner:
    """Right on the first ``n_right`` items, wrong on the rest."""
    lr = classgen.Learner(id=lid, kind="normal", ability=0.0, reflection=f"{lid} writes a line.")
    rng = random.Random(lid)
    for n, item in enumerate(items.values()):
        lr.answers[item.id] = classgen._answer(rng, item, 1.0 if n < n_right else 0.0)
    return lr


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    course = load_course()
    lay = paths.layout(tmp_path_factory.mktemp("course"))
    for which, column in (("pre", 0), ("post", 1)):
        quiz = course.knowledge_checks[which]
        steps.generate(lay, quiz)
        items = quizkey.items(course.quiz(quiz).notebook)
        learners = [_learner(lid, items, counts[column]) for lid, counts in PLAN.items()]
        classgen.write_class(lay.release / quiz / f"{quiz}.ipynb", lay.submitted, quiz, learners)
        assert main(["instructor", "run", quiz, "--course-dir", str(lay.root)]) == 0
    with open(lay.exports / "knowledge-gain.csv", newline="") as fh:
        return {row["learner"]: row for row in csv.DictReader(fh)}, len(items)


def test_knowledge_gain_matches_a_hand_count(report):
    rows, n_items = report
    assert set(rows) == set(PLAN)
    for learner, (before, after) in PLAN.items():
        pre, post = 100 * before / n_items, 100 * after / n_items
        row = rows[learner]
        assert float(row["pre"]) == pytest.approx(pre)
        assert float(row["post"]) == pytest.approx(post)
        assert float(row["gain"]) == pytest.approx(post - pre)
        assert float(row["normalized_gain"]) == pytest.approx((post - pre) / (100 - pre), abs=1e-4)
