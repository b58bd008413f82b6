"""Kill a grading run mid-batch, run again: every learner graded, none twice, scores right."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from backschool.instructor import grading, ledger, paths, steps
from backschool.manifest import load_course
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
N = 10
pytestmark = pytest.mark.slow


def test_kill_mid_batch_then_resume(tmp_path):
    lay = paths.layout(tmp_path)
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    learners = classgen.plan_class(items, n=N, seed=7, bad_kinds=())
    classgen.write_class(lay.release / QUIZ / f"{QUIZ}.ipynb", lay.submitted, QUIZ, learners)

    cmd = [sys.executable, "-m", "backschool.cli", "instructor", "autograde", QUIZ, "--course-dir", str(tmp_path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(ledger.read(lay, QUIZ)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = ledger.read(lay, QUIZ)
    assert 3 <= len(before) < N, "the kill must land mid-batch"
    time.sleep(1.5)  # workers notice their parent is gone (PR_SET_PDEATHSIG)

    again = grading.autograde(lay, QUIZ, workers=2, cell_timeout=10, feedback=False, echo=lambda *_: None)
    assert sorted(again.skipped) == sorted(before)
    assert sorted(again.graded) == sorted(set(lr.id for lr in learners) - set(before))

    con = sqlite3.connect(lay.gradebook)
    per_learner = dict(con.execute(
        "select student.id, count(*) from submitted_assignment join student on student.id = submitted_assignment.student_id "
        "join assignment on assignment.id = submitted_assignment.assignment_id where assignment.name = ? "
        "group by student.id", (QUIZ,)).fetchall())
    assert per_learner == {lr.id: 1 for lr in learners}
    grades = con.execute("select count(*) from grade").fetchone()[0]
    assert grades == N * (len(items) + 1)  # six questions and the reflection, once each
    final = ledger.read(lay, QUIZ)
    for lr in learners:
        assert final[lr.id]["auto_score"] == lr.score, lr.id
    assert json.loads(json.dumps(final))  # the ledger is whole JSON
    # no grader left running from the killed batch
    out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
    assert f"--course-dir {tmp_path}" not in out
