"""The formgrader's Autograde button goes through the course pipeline, under its one lock.

A real Jupyter server with nbgrader's formgrader and the course's settings for the formgrader
service (deploy/jupyter/) on loopback; the button's URL is called as the formgrader page calls it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
import requests

sys.path.insert(0, str(Path(__file__).parent))
from backschool.testing.hubtools import free_port  # noqa: E402

from backschool.answers import save_answer  # noqa: E402
from backschool.instructor import grading, ledger, paths, steps  # noqa: E402
from backschool.manifest import load_course, repo_root  # noqa: E402
from backschool.testing import classgen, quizkey  # noqa: E402

QUIZ = "quiz01"
TOKEN = "formgrader-test-token"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    lay = paths.layout(root)
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    for learner, how in (("honest", "right"), ("attacker", "wrong")):
        folder = lay.submitted_dir(learner, QUIZ)
        folder.mkdir(parents=True)
        nb = nbformat.read(lay.release / QUIZ / f"{QUIZ}.ipynb", as_version=4)
        if learner == "attacker":
            nb.cells.insert(2, nbformat.v4.new_code_cell("check = lambda *a, **k: None"))
        nbformat.write(nb, folder / f"{QUIZ}.ipynb")
        for item, value in classgen.fixed_learner(learner, items, how).answers.items():
            save_answer(item, value, folder)
    port = free_port()
    env = {**os.environ, "BACKSCHOOL_COURSE_DIR": str(root),
           "JUPYTER_CONFIG_PATH": str(repo_root() / "deploy" / "jupyter")}
    proc = subprocess.Popen([sys.executable, "-m", "jupyter", "server", "--no-browser", "--allow-root",
                             f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}",
                             f"--IdentityProvider.token={TOKEN}"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(f"{url}/api/status", headers={"Authorization": f"token {TOKEN}"}, timeout=1).ok:
                break
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the formgrader server did not start:\n" + proc.communicate()[0][-3000:])
    yield lay, url
    proc.terminate()
    log = proc.communicate(timeout=30)[0]
    assert "grades through the course pipeline" in log, log[-3000:]


def _press_autograde(url: str, learner: str) -> dict:
    s = requests.Session()
    s.headers["Authorization"] = f"token {TOKEN}"
    s.get(f"{url}/formgrader", timeout=30)
    r = s.post(f"{url}/formgrader/api/submission/{QUIZ}/{learner}/autograde",
               headers={"X-XSRFToken": s.cookies.get("_xsrf", "")}, timeout=300)
    r.raise_for_status()
    return r.json()


def test_button_grades_data_not_code_and_waits_for_the_lock(formgrader):
    lay, url = formgrader
    held = threading.Event()

    def hold() -> None:
        with grading.grading_lock(lay):
            held.set()
            time.sleep(4)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    t0 = time.monotonic()
    reply = _press_autograde(url, "attacker")
    waited = time.monotonic() - t0
    holder.join()
    assert reply["success"], reply
    assert waited >= 3.5, f"the button did not wait for the grading lock ({waited:.1f} s)"
    entry = ledger.read(lay, QUIZ)["attacker"]
    assert entry["auto_score"] == 0 and entry["status"] == "graded"
    assert any("code cell(s) the learner added were not run" in f for f in entry["flags"]), entry["flags"]
    assert _press_autograde(url, "honest")["success"]
    assert ledger.read(lay, QUIZ)["honest"]["auto_score"] == len(quizkey.items(load_course().quiz(QUIZ).notebook))
    assert grading.crosscheck(lay, QUIZ, ["attacker", "honest"]) == {}
