"""Belief answers in a real pre/post hand-in are taken as data but never graded: knowledge scores stay exact."""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest

from backschool.testing import classgen, quizkey  # noqa: E402

from backschool.answers import read_answers  # noqa: E402
from backschool.cli import main  # noqa: E402
from backschool.instructor import paths, steps  # noqa: E402
from backschool.manifest import load_course  # noqa: E402
from backschool.models import beliefs  # noqa: E402

pytestmark = pytest.mark.slow


def test_beliefs_do_not_change_the_knowledge_score(tmp_path):
    course = load_course()
    lay = paths.layout(tmp_path / "course")
    scale = beliefs.scale()
    for which, right, view in (("pre", 3, scale[0]), ("post", 8, scale[-1])):
        quiz = course.knowledge_checks[which]
        steps.generate(lay, quiz)
        items = quizkey.items(course.quiz(quiz).notebook)
        assert set(items) == {i.id for i in course.quiz(quiz).items}, "belief items are not graded items"
        lr = classgen.Learner(id="ana", kind="normal", ability=0.0, reflection="A line.")
        rng = random.Random(which)
        for n, item in enumerate(items.values()):
            lr.answers[item.id] = classgen._answer(rng, item, 1.0 if n < right else 0.0)
        lr.answers.update({item: view for item in beliefs.items()})
        classgen.write_class(lay.release / quiz / f"{quiz}.ipynb", lay.submitted, quiz, [lr])
        assert main(["instructor", "run", quiz, "--course-dir", str(lay.root)]) == 0
        graded = read_answers(lay.autograded_dir("ana", quiz))  # what the intake passed on to grading
        assert beliefs.score(graded).total == 4 * (scale.index(view) + 1)
    with open(lay.exports / "knowledge-gain.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["learner"], float(r["pre"]), float(r["post"])) for r in rows] == [("ana", 30.0, 80.0)]
