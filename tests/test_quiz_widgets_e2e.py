"""End to end: widget clicks in a real kernel survive nbgrader's re-execution and are graded exactly.

Four learners answer quiz01 by clicking its widgets (all right, all wrong, half right, blank);
nbgrader generates, autogrades and writes feedback; the scores, feedback files and CSV rows are checked.
"""
from __future__ import annotations

import csv
import json
import shutil

import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins.export import CsvExportPlugin
from traitlets.config import Config

from backschool.testing.kernel import answer_in_kernel
from backschool.testing.quizkey import items, wrong_answer

pytestmark = pytest.mark.slow
QUIZ = "quiz01"


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    root = tmp_path_factory.mktemp("course")
    quiz = course.quiz(QUIZ)
    shutil.copytree(quiz.notebook.parent, root / "source" / QUIZ)
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = course.course_id
    config.Execute.timeout = 60
    config.Exchange.root = str(root / "exchange")
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    result = api.generate_assignment(QUIZ)
    assert result["success"], result["log"]

    spec = items(quiz.notebook)
    ids = sorted(spec)
    half = ids[: len(ids) // 2]
    plans = {
        "all-right": ({i: spec[i].right for i in ids}, "Loss of bladder control: go to A&E now."),
        "all-wrong": ({i: wrong_answer(spec[i]) for i in ids}, None),
        "half-right": ({i: spec[i].right if i in half else wrong_answer(spec[i]) for i in ids}, None),
        "blank": ({}, None),
    }
    release = root / "release" / QUIZ / f"{QUIZ}.ipynb"
    for learner, (answers, reflection) in plans.items():
        folder = root / "submitted" / learner / QUIZ
        folder.mkdir(parents=True)
        shutil.copy(release, folder)
        answer_in_kernel(folder / f"{QUIZ}.ipynb", answers, reflection)
        graded_result = api.autograde(QUIZ, learner)
        assert graded_result["success"], graded_result["log"]
        feedback = api.generate_feedback(QUIZ, learner)
        assert feedback["success"], feedback["log"]
    out = root / "grades.csv"
    config.CsvExportPlugin.to = str(out)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=course.course_id) as gb:
        CsvExportPlugin(config=config).export(gb)
    return root, spec, half, out


def test_answers_file_written_by_clicks(graded):
    root, spec, _half, _ = graded
    saved = json.loads((root / "submitted" / "all-right" / QUIZ / "answers.json").read_text())["answers"]
    assert saved == {i: spec[i].right for i in spec}
    assert not (root / "submitted" / "blank" / QUIZ / "answers.json").exists()


@pytest.mark.parametrize("learner, expected", [("all-right", "all"), ("all-wrong", "none"), ("half-right", "half"), ("blank", "none")])
def test_exact_item_scores(graded, course, learner, expected):
    root, spec, half, _ = graded
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id=course.course_id) as gb:
        for item in spec:
            grade = gb.find_grade(item, QUIZ, QUIZ, learner)
            want = {"all": 1.0, "none": 0.0, "half": 1.0 if item in half else 0.0}[expected]
            assert grade.auto_score == want, f"{learner} {item}"
        submission = gb.find_submission(QUIZ, learner)
        reflection = gb.find_grade("reflection", QUIZ, QUIZ, learner)
        if learner == "all-right":
            assert reflection.needs_manual_grade, "a written reflection waits for the instructor"
        else:
            assert reflection.auto_score == 0 and not reflection.needs_manual_grade
        total = {"all": len(spec), "none": 0, "half": len(half)}[expected]
        assert submission.score == total


def test_feedback_per_learner_explains_answers(graded):
    root, spec, _half, _ = graded
    for learner in ("all-right", "all-wrong", "half-right", "blank"):
        page = (root / "feedback" / learner / QUIZ / f"{QUIZ}.html").read_text()
        assert "Question q01" in page
    wrong = (root / "feedback" / "all-wrong" / QUIZ / f"{QUIZ}.html").read_text()
    assert "not quite" in wrong and "The answer is" in wrong
    blank = (root / "feedback" / "blank" / QUIZ / f"{QUIZ}.html").read_text()
    assert "has no answer yet" in blank


def test_csv_rows(graded):
    _root, spec, half, out = graded
    rows = {r["student_id"]: r for r in csv.DictReader(out.open())}
    assert set(rows) == {"all-right", "all-wrong", "half-right", "blank"}
    scores = {k: float(v["raw_score"]) for k, v in rows.items()}
    assert scores == {"all-right": len(spec), "all-wrong": 0, "half-right": len(half), "blank": 0}
    assert all(float(r["max_score"]) == len(spec) + 2 for r in rows.values())


def test_release_leaks_no_answers(graded, course):
    root, spec, _half, _ = graded
    release = (root / "release" / QUIZ / f"{QUIZ}.ipynb").read_text()
    source = course.quiz(QUIZ).notebook.read_text()
    assert "BEGIN HIDDEN TESTS" in source and "BEGIN HIDDEN TESTS" not in release
    assert "check(" not in release
    for line in source.splitlines():
        if "check(" in line:
            assert line.strip().strip('",').replace('\\"', '"')[:40] not in release
    assert "A good answer" in source and "A good answer" not in release
