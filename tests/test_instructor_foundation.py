"""Foundation end to end: four learners (all right, all wrong, half right, blank) through `run`."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from backschool.cli import main
from backschool.instructor import paths, steps
from backschool.instructor.errors import InstructorError
from backschool import settings
from backschool.manifest import load_course
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    lay = paths.layout(root)
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    learners = [classgen.fixed_learner(f"{how}-learner", items, how) for how in ("right", "wrong", "half", "blank")]
    classgen.write_class(lay.release / QUIZ / f"{QUIZ}.ipynb", lay.submitted, QUIZ, learners)
    for learner in learners[:3]:  # what a learner's submit writes; the fourth was copied in by hand
        (lay.submitted / learner.id / QUIZ / "timestamp.txt").write_text("2026-11-23 10:00:00.000000 UTC")
        (lay.submitted / learner.id / QUIZ / "submission_secret.txt").write_text(f"secret-{learner.id}")
    rc = main(["instructor", "run", QUIZ, "--course-dir", str(root), "--cell-timeout", "10"])
    return lay, items, learners, rc


def test_exact_scores_feedback_and_csv(four):
    lay, items, learners, rc = four
    assert rc == 0
    n = len(items)
    expected = {"right-learner": n, "wrong-learner": 0, "half-learner": n // 2, "blank-learner": 0}
    with open(lay.exports / f"{QUIZ}-grades.csv", newline="") as fh:
        rows = {r["learner"]: r for r in csv.DictReader(fh)}
    assert set(rows) == set(expected)
    for learner, score in expected.items():
        assert float(rows[learner]["auto_score"]) == score
        assert float(rows[learner]["auto_max"]) == n
        html = lay.feedback_dir(learner, QUIZ) / f"{QUIZ}.html"
        assert html.is_file() and html.stat().st_size > 1000
    assert "blank" in rows["blank-learner"]["flags"]
    assert rows["right-learner"]["flags"] == ""
    assert rows["right-learner"]["needs_manual_grade"] == "True"  # the written reflection
    returned = [p for p in lay.exchange.rglob("*.html") if "feedback" in p.parts]
    assert len(returned) == 3, "feedback of every hand-in submitted through the exchange is returned there"


def test_run_twice_is_idempotent(four, capsys):
    lay, items, learners, _ = four
    before = (lay.exports / f"{QUIZ}-grades.csv").read_text()
    assert main(["instructor", "run", QUIZ, "--course-dir", str(lay.root)]) == 0
    out = capsys.readouterr().out
    assert "4 learner(s) already graded and unchanged: skipped." in out
    assert (lay.exports / f"{QUIZ}-grades.csv").read_text() == before
    assert (lay.root / "source").resolve() == (Path(load_course().quiz(QUIZ).notebook).parents[1]).resolve()


def test_clear_errors(tmp_path, capsys):
    assert main(["instructor", "autograde", "quiz99", "--course-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "No quiz 'quiz99'" in err and "quiz01" in err
    with pytest.raises(InstructorError, match="Learners with a submission"):
        from backschool.instructor import grading
        grading.autograde(paths.layout(tmp_path), QUIZ, ["ghost"])


def test_course_dir_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.COURSE_DIR_ENV, str(tmp_path / "c"))
    assert settings.course_dir() == (tmp_path / "c").resolve()
    assert settings.course_dir(tmp_path / "x") == (tmp_path / "x").resolve()
    lay = paths.ensure_layout(paths.layout())
    assert lay.exchange == (tmp_path / "c" / "exchange").resolve() and lay.exchange.is_dir()
