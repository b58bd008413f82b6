"""A synthetic class of 30 (fixed seed, a spread of abilities, one of each broken hand-in), graded
once for the module; scores, flags, topic mastery and item statistics checked against values
worked out here from the generated answers and course.yml alone."""
from __future__ import annotations

import csv
import re
from collections import defaultdict

import pytest
import yaml

from backschool.instructor import grading, paths, steps
from backschool.instructor.report import write_report
from backschool.manifest import load_course, repo_root
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
TIMEOUT = 4
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    lay = paths.layout(root)
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    learners = classgen.plan_class(items, n=30, seed=20261123)
    classgen.write_class(lay.release / QUIZ / f"{QUIZ}.ipynb", lay.submitted, QUIZ, learners)
    result = grading.autograde(lay, QUIZ, workers=2, cell_timeout=TIMEOUT, feedback=False, echo=lambda *_: None)
    files = write_report(lay)
    return lay, items, learners, result, files


def _csv(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_score(graded):
    lay, items, learners, result, files = graded
    assert sorted(result.graded) == sorted(lr.id for lr in learners) and not result.failed
    rows = {r["learner"]: r for r in _csv(files["grades"])}
    for lr in learners:
        assert float(rows[lr.id]["auto_score"]) == lr.score, (lr.id, lr.kind)
        assert float(rows[lr.id]["auto_max"]) == len(items)
    scores = {lr.score for lr in learners}
    assert min(scores) == 0 and max(scores) == len(items)  # the class spans the range


def test_each_bad_submission_flagged_with_reason(graded):
    lay, items, learners, result, files = graded
    rows = {r["learner"]: r for r in _csv(files["grades"])}
    for lr in learners:
        flags = rows[lr.id]["flags"]
        if lr.kind == "normal":
            assert flags == "", lr.id
        else:
            assert classgen.BAD_KINDS[lr.kind] in flags, (lr.kind, flags)
    by_kind = {lr.kind: rows[lr.id]["flags"] for lr in learners}
    assert re.search(r"cell\(s\) deleted: q01", by_kind["deleted-cell"])
    assert "read-only cell(s) edited: q01" in by_kind["edited-readonly"]
    # learners never write code: an added loop or a cell that kills Python is never run, only named
    assert "1 code cell(s) the learner added were not run" in by_kind["infinite-loop"]
    assert "1 code cell(s) the learner added were not run" in by_kind["kernel-dies"]
    assert "graded from answers.json" in by_kind["invalid-json"]
    # the report lists every problem hand-in
    page = files["report"].read_text()
    for lr in learners:
        if lr.kind != "normal":
            assert f"<td>{lr.id}</td>" in page


def test_topic_mastery(graded):
    lay, items, learners, result, files = graded
    raw = yaml.safe_load((repo_root() / "course.yml").read_text())
    topic_of = {item: spec["topic"] for item, spec in raw["quizzes"][QUIZ]["items"].items()}
    got = {(r["learner"], r["topic"]): float(r["mastery"]) for r in _csv(files["topic-mastery"])}
    for lr in learners:
        acc = defaultdict(list)
        for item, ok in lr.correct.items():
            acc[topic_of[item]].append(ok)
        for topic, oks in acc.items():
            assert got[(lr.id, topic)] == pytest.approx(sum(oks) / len(oks), abs=1e-4)


def test_item_statistics(graded):
    lay, items, learners, result, files = graded
    got = {r["item"]: r for r in _csv(files["item-statistics"]) if r["quiz"] == QUIZ}
    n = len(learners)
    ranked = sorted(learners, key=lambda lr: (-lr.score, lr.id))
    k = max(1, round(0.27 * n))
    upper, lower = ranked[:k], ranked[-k:]
    for item in items:
        p = sum(lr.correct[item] for lr in learners) / n
        d = sum(lr.correct[item] for lr in upper) / k - sum(lr.correct[item] for lr in lower) / k
        assert float(got[item]["difficulty"]) == pytest.approx(p, abs=1e-4)
        assert float(got[item]["discrimination"]) == pytest.approx(d, abs=1e-4)
        assert int(got[item]["n"]) == n


def test_both_workers_used_and_rerun_grades_nothing(graded):
    lay, items, learners, result, files = graded
    workers = {e["worker"] for e in result.entries.values()}
    assert workers == {0, 1}
    again = grading.autograde(lay, QUIZ, workers=2, cell_timeout=TIMEOUT, feedback=False, echo=lambda *_: None)
    assert not again.graded and len(again.skipped) == len(learners)


def test_report_is_self_contained(graded):
    lay, items, learners, result, files = graded
    page = files["report"].read_text()
    assert page.count("<script type='text/javascript'>") == 1  # plotly.js inline, once
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img[^>]+src=['\"]http", page)
    for name in ("quiz-scores", "topic-mastery", "item-statistics", "knowledge-gain", "lessons-done"):
        assert f"id='{name}'" in page and files[name].exists()
    assert page.count('class="plotly-graph-div"') == 5
