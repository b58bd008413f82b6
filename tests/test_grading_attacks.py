"""Attacks on grading, each a real hand-in through the exchange and `backschool instructor run`.

Every class of attack from the grading issue: code added anywhere in the notebook, files added
beside it (modules named like the course's), answers that are malformed, huge, deeply nested, of
the wrong types, a link or a special file, code that would read or write outside its hand-in,
reach the gradebook, the exchange or the network, start processes that outlive grading or kill
the grader, edited locked cells and metadata, a huge file that used to stop collect, and two
graders at once. For each: honest learners' scores are exact, an attacker gets no more than the
answers earn and is flagged with a reason, nothing outside the course's own output is touched,
and no process survives.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from backschool.cli import main
from backschool.instructor import grading, paths, steps
from backschool.instructor.box import course_tag
from backschool.manifest import load_course
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
STAMP = "2026-11-30 09:00:00.000000 UTC"
pytestmark = pytest.mark.slow


class Listener:
    """A TCP server on loopback that records whether anyone connected (the network attack's target)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=2)
        self.sock.close()


def _hostile(marks: Path, lay: paths.CourseLayout, port: int) -> dict[str, str]:
    """Code an attacker puts in added cells; each would leave a mark (or a change) if it ever ran."""
    outbound = lay.exchange / load_course().course_id / "outbound" / QUIZ / f"{QUIZ}.ipynb"
    return {
        "override-check": "check = lambda *a, **k: None\nanswered = lambda *a, **k: None",
        "patch-module": "import backschool.quiz as q\nq.check = lambda *a, **k: None\nq.answered = lambda *a, **k: None",
        "leak": (f"import os\nprint(open({str(lay.gradebook)!r}, 'rb').read()[:200])\n"
                 f"print(os.environ.get('JUPYTERHUB_API_TOKEN'))\nprint(os.listdir({str(lay.submitted)!r}))\n"
                 f"open({str(marks / 'leak')!r}, 'w').write('x')"),
        "write-outside": f"open({str(marks / 'outside')!r}, 'w').write('x')\nopen({str(lay.root / 'planted.txt')!r}, 'w')",
        "tamper-gradebook": (f"import sqlite3\ndb = sqlite3.connect({str(lay.gradebook)!r})\n"
                             "db.execute('update grade set auto_score = 0')\ndb.commit()\n"
                             f"open({str(marks / 'tamper')!r}, 'w')"),
        "outlive": (f"import subprocess\nsubprocess.Popen(['setsid', 'sh', '-c', 'sleep 4242; touch {marks / 'late'}'],"
                    " start_new_session=True)"),
        "rewrite-release": f"open({str(outbound)!r}, 'a').write('pwned')\nopen({str(marks / 'release')!r}, 'w')",
        "network": f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)",
        "kill-grader": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.killpg(0, signal.SIGKILL)",
    }


def _release_nb(lay: paths.CourseLayout):
    return nbformat.read(lay.release / QUIZ / f"{QUIZ}.ipynb", as_version=4)


def _setup_index(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")


def _hand_in(lay: paths.CourseLayout, learner: str, answers: dict | bytes | None, *, nb=None,
             extra: dict[str, bytes] | None = None, answers_link: Path | None = None, fifo: bool = False) -> Path:
    """Write a hand-in into the exchange's inbound folder, as nbgrader's submit lays it out."""
    folder = lay.exchange / load_course().course_id / "inbound" / f"{learner}+{QUIZ}+{STAMP}+{learner}rand"
    folder.mkdir(parents=True)
    nbformat.write(nb if nb is not None else _release_nb(lay), folder / f"{QUIZ}.ipynb")
    (folder / "timestamp.txt").write_text(STAMP)
    (folder / "submission_secret.txt").write_text(f"secret-{learner}")
    target = folder / "answers.json"
    if answers_link is not None:
        target.symlink_to(answers_link)
    elif fifo:
        os.mkfifo(target)
    elif isinstance(answers, bytes):
        target.write_bytes(answers)
    elif answers is not None:
        target.write_text(json.dumps({"answers": answers}))
    for rel, data in (extra or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def _box_processes(lay: paths.CourseLayout) -> list[str]:
    """Running grading kernels of this course, or the attacker's processes (exited ones waiting to be reaped are not running)."""
    tag = course_tag(str(lay.root))
    out = subprocess.run(["ps", "-eo", "user:32,stat,args"], capture_output=True, text=True).stdout
    return [ln for ln in out.splitlines()[1:] if (f"k-{tag}-" in ln or "sleep 4242" in ln) and ln.split()[1][0] != "Z"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    marks = tmp_path_factory.mktemp("marks")
    lay = paths.layout(root)
    steps.generate(lay, QUIZ)
    steps.release(lay, QUIZ)
    outbound = lay.exchange / load_course().course_id / "outbound" / QUIZ / f"{QUIZ}.ipynb"
    outbound_hash = hashlib.sha256(outbound.read_bytes()).hexdigest()
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    right = {i: classgen.fixed_learner("r", items, "right").answers[i] for i in items}
    wrong = {i: classgen.fixed_learner("w", items, "wrong").answers[i] for i in items}
    half = classgen.fixed_learner("h", items, "half").answers
    n = len(items)
    listener = Listener()
    expected: dict[str, tuple[float, str | None]] = {}  # learner -> (auto score, a flag it must carry)

    honest = _hand_in(lay, "honest-right", right)
    expected["honest-right"] = (n, None)
    _hand_in(lay, "honest-half", half)
    expected["honest-half"] = (n // 2, None)

    # code added anywhere: before the setup cell, after it, at the end
    for name, code in _hostile(marks, lay, listener.port).items():
        nb = _release_nb(lay)
        where = {"patch-module": 0, "override-check": _setup_index(nb) + 1}.get(name, len(nb.cells))
        nb.cells.insert(where, nbformat.v4.new_code_cell(code))
        _hand_in(lay, f"code-{name}", wrong, nb=nb)
        expected[f"code-{name}"] = (0, "code cell(s) the learner added were not run")

    # files beside the notebook, named like the course's own modules
    shadow = b"def check(*a, **k):\n    pass\ndef answered(*a, **k):\n    pass\ndef choice(*a, **k):\n    pass\nchoose_all = choice\n"
    _hand_in(lay, "files-shadow", wrong, extra={"backschool/__init__.py": b"", "backschool/quiz.py": shadow,
                                                "sitecustomize.py": b"import os\nos.system('touch /tmp/x')\n"})
    expected["files-shadow"] = (0, "file(s) added beside the quiz were ignored")

    # answers that are not honest data
    _hand_in(lay, "answers-link", None, answers_link=honest / "answers.json")
    expected["answers-link"] = (0, "(a link)")
    _hand_in(lay, "answers-fifo", None, fifo=True)
    expected["answers-fifo"] = (0, "not a regular file")
    _hand_in(lay, "answers-deep", b'{"answers": ' + b"[" * 30000 + b"]" * 30000 + b"}")
    expected["answers-deep"] = (0, "nested more than")
    _hand_in(lay, "answers-huge", json.dumps({"answers": right, "pad": "x" * 200_000}).encode())
    expected["answers-huge"] = (0, "more than the 65536")
    _hand_in(lay, "answers-bytes", b"\xff\xfe\x00garbage")
    expected["answers-bytes"] = (0, "cannot be read")
    mixed = dict(right)
    first, second, third = list(items)[:3]
    mixed.update({first: 5, second: "not an option", third: {"x": 1}, "q99": "extra"})
    _hand_in(lay, "answers-types", mixed)
    expected["answers-types"] = (n - 3, "answers refused")

    # locked cells and their metadata edited: the grade cell passes anything and is worth 100 points
    nb = _release_nb(lay)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            cell.source = "print('all good')"
            meta["points"] = 100
    _hand_in(lay, "edited-locked", wrong, nb=nb)
    expected["edited-locked"] = (0, "read-only cell(s) edited")

    # a huge file used to make collect fail for everyone
    _hand_in(lay, "huge-file", right, extra={"video.bin": b"\0" * (3 * 1024 * 1024)})
    expected["huge-file"] = (n, "not collected: video.bin")

    env_token = "secret-hub-token-for-the-test"
    os.environ["JUPYTERHUB_API_TOKEN"] = env_token
    try:
        rc = main(["instructor", "run", QUIZ, "--course-dir", str(root), "--cell-timeout", "10"])
    finally:
        del os.environ["JUPYTERHUB_API_TOKEN"]
        listener.close()
    yield {"lay": lay, "rc": rc, "expected": expected, "marks": marks, "n": n, "listener": listener,
           "outbound": outbound, "outbound_hash": outbound_hash, "token": env_token}


def _rows(lay):
    with open(lay.exports / f"{QUIZ}-grades.csv", newline="") as fh:
        return {r["learner"]: r for r in csv.DictReader(fh)}


def test_every_hand_in_graded_exactly_and_attackers_flagged(attacked):
    lay, expected = attacked["lay"], attacked["expected"]
    assert attacked["rc"] == 0, "no hand-in stops or fails the run"
    rows = _rows(lay)
    assert set(rows) == set(expected)
    for learner, (score, flag) in expected.items():
        row = rows[learner]
        assert float(row["auto_score"]) == score, (learner, row)
        assert float(row["auto_max"]) == attacked["n"], (learner, row["auto_max"])
        if flag is None:
            assert row["flags"] == "", (learner, row["flags"])
        else:
            assert flag in row["flags"], (learner, row["flags"])
    print("\n".join(f"{lr}: {rows[lr]['auto_score']}/{rows[lr]['auto_max']}  {rows[lr]['flags']}" for lr in sorted(rows)))


def test_nothing_outside_was_touched_and_nothing_leaked(attacked):
    lay = attacked["lay"]
    assert sorted(p.name for p in attacked["marks"].iterdir()) == []
    assert not (lay.root / "planted.txt").exists()
    assert hashlib.sha256(attacked["outbound"].read_bytes()).hexdigest() == attacked["outbound_hash"]
    assert attacked["listener"].connections == 0
    for html in lay.feedback.rglob("*.html"):
        text = html.read_text(errors="replace")
        assert attacked["token"] not in text and "SQLite format" not in text, html


def test_no_process_survives(attacked):
    assert _box_processes(attacked["lay"]) == []


def test_gradebook_and_ledger_agree_and_a_rerun_keeps_them(attacked):
    lay = attacked["lay"]
    learners = sorted(attacked["expected"])
    assert grading.crosscheck(lay, QUIZ, learners) == {}
    before = _rows(lay)
    assert main(["instructor", "run", QUIZ, "--course-dir", str(lay.root)]) == 0
    after = _rows(lay)
    assert {k: v["auto_score"] for k, v in after.items()} == {k: v["auto_score"] for k, v in before.items()}


def test_tampered_gradebook_is_reported_and_graded_again(attacked, capsys):
    """A grade changed behind the pipeline's back (as the old detached process did) is caught."""
    import sqlite3

    lay = attacked["lay"]
    db = sqlite3.connect(lay.gradebook)
    db.execute("update grade set auto_score = 0 where id in (select grade.id from grade join submitted_notebook sn "
               "on grade.notebook_id = sn.id join submitted_assignment sa on sn.assignment_id = sa.id "
               "where sa.student_id = 'honest-right')")
    db.commit()
    db.close()
    result = grading.autograde(lay, QUIZ, workers=1, feedback=False)
    out = capsys.readouterr().out
    assert "honest-right: the gradebook and the ledger disagree" in out
    assert "honest-right" in result.graded
    assert result.entries["honest-right"]["auto_score"] == attacked["n"]
    assert grading.crosscheck(lay, QUIZ, sorted(attacked["expected"])) == {}


def test_two_graders_at_once_wait_for_each_other(attacked):
    lay = attacked["lay"]
    cmd = [sys.executable, "-m", "backschool.cli", "instructor", "autograde", QUIZ, "--course-dir", str(lay.root),
           "--force", "--no-feedback", "--workers", "1", "--learners", "honest-right", "honest-half", "code-leak"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert any("Waiting for another grading run" in o for o in outs), outs
    rows = _rows(lay)  # the CSV from the first run; the gradebook must still match it
    assert grading.crosscheck(lay, QUIZ, sorted(attacked["expected"])) == {}
    from nbgrader.api import Gradebook

    with Gradebook(lay.db_url, load_course().course_id) as gb:
        for learner, (score, _flag) in attacked["expected"].items():
            assert gb.find_submission(QUIZ, learner).code_score == score, learner
    assert set(rows) == set(attacked["expected"])
