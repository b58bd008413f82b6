"""A patient's data (issue 15, item 4): export everything about one learner as one page for them;
erase one learner from every store, then search every store for their id and their own words and
find nothing, while the other learners' grades are unchanged."""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import clinickit  # noqa: E402

from backschool.clinic import erase  # noqa: E402
from backschool.clinic.stores import stores  # noqa: E402
from backschool.instructor.export import class_rows  # noqa: E402

pytestmark = pytest.mark.slow
GONE, STAYS = "pt-bram-3q", "pt-ada-7k"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return clinickit.make_clinic(tmp_path_factory.mktemp("c"))


def test_export_one_learner_as_one_page(clinic, tmp_path, capsys):
    out = tmp_path / "for-bram.html"
    assert clinickit.cli("export-learner", GONE, str(out), clinic=clinic) == 0
    page = out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o077 == 0
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page), "the page loads nothing from elsewhere"
    data = json.loads(re.search(r"id='backschool-data'>(.*?)</script>", page, re.S).group(1).replace("<\\/", "</"))
    assert data["learner"] == GONE
    quiz = data["quizzes"][clinickit.QUIZ]
    assert quiz["grades"]["score"] == 3 and quiz["grades"]["max_score"] >= 6
    learner = next(lr for lr in clinic["learners"] if lr.id == GONE)
    assert {a["question"]: a["answer"] for a in quiz["answers"]}.keys() and len(quiz["answers"]) == len(learner.answers)
    assert sorted(a["answer"] for a in quiz["answers"] if isinstance(a["answer"], str)) == \
        sorted(v for v in learner.answers.values() if isinstance(v, str))
    assert sum("right" in a["feedback"] for a in quiz["answers"]) == 3, "the grader's words for each question"
    assert quiz["reflections"][0]["answer"] == clinickit.PATIENTS[GONE][1]
    assert [(r["date"], r["pain"]) for r in data["diary"]] == [("2026-11-20", 5), ("2026-11-27", 4)]
    assert data["action_plan"]["bad_day"] == clinickit.BAD_DAY[GONE]
    assert "<svg" in data["exercise_plan_html"] and "12-week" in page
    # What a patient reads, in the page itself (not only in the JSON).
    visible = page.split("<script", 1)[0]
    for text in (clinickit.PATIENTS[GONE][1], clinickit.BAD_DAY[GONE], "2026-11-27", "score 3 of"):
        assert text in visible
    assert clinickit.cli("export-learner", "nobody-here", str(tmp_path / "x.html"), clinic=clinic) == 2
    assert "holds nothing about 'nobody-here'" in capsys.readouterr().err


def _needles(pid: str) -> list[str]:
    return [pid, clinickit.PATIENTS[pid][1], clinickit.BAD_DAY[pid], f"secret-{pid}", f"{pid}@example.org"]


def _gradebook_rows(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [line for line in con.iterdump()]


def test_erase_leaves_nothing_and_others_unchanged(clinic, capsys, monkeypatch):
    lay = clinic["lay"]
    st = stores(lay.root, lay.exchange, clinic["homes"], clinic["state"])
    # Before: the learner is in every store the issue names.
    before_hits = {part for p in erase.leftovers(st, [GONE]) for part in p.relative_to(clinic["root"]).parts}
    for store in ("submitted", "autograded", "feedback", ".backschool", "exports", "inbound", "home"):
        assert store in before_hits, f"the test class has no {GONE} data in {store}"
    assert any(p.parent.name == "feedback" and p.suffix == ".html" for p in erase.plan(st, GONE).paths), \
        "returned feedback in the exchange"
    assert any("inbound" in str(p) for p in erase.plan(st, GONE).paths)
    assert any(GONE in line for line in _gradebook_rows(lay.gradebook))
    assert any("enrolment entry" in a for a in erase.plan(st, GONE).accounts)
    assert any("password" in a for a in erase.plan(st, GONE).accounts)
    for needle in _needles(GONE)[1:]:
        assert erase.leftovers(st, [needle]), f"the test class does not hold {needle!r}"
    others_before = [r for r in class_rows(lay)[1] if r["learner"] != GONE]
    items_before = [r for r in class_rows(lay)[0] if r["learner"] != GONE]
    stays_files = clinickit.tree_hashes(clinic["homes"] / STAYS)

    # Asked first: without --yes and without the id typed, nothing happens.
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert clinickit.cli("erase-learner", GONE, clinic=clinic) == 2
    assert "nothing was erased" in capsys.readouterr().err
    assert (lay.submitted / GONE).is_dir()

    monkeypatch.setattr("builtins.input", lambda prompt: GONE)
    assert clinickit.cli("erase-learner", GONE, clinic=clinic) == 0
    out = capsys.readouterr().out
    assert "Erased pt-bram-3q:" in out and "gradebook: quiz01, learner record" in out
    assert "still mentions" not in out

    # Every byte of every file in every store, and every gradebook row: nothing about them.
    for needle in _needles(GONE):
        blob = needle.encode()
        for top in (lay.root, lay.exchange, clinic["homes"], clinic["state"]):
            for path in top.rglob("*"):
                assert blob not in str(path).encode(), f"{needle!r} in a file name: {path}"
                if path.is_file() and not path.is_symlink():
                    assert blob not in path.read_bytes(), f"{needle!r} still in {path}"
        assert not any(needle in line for line in _gradebook_rows(lay.gradebook))
    # The others: grades, items and their own files just as they were.
    assert [r for r in class_rows(lay)[1]] == others_before
    assert [r for r in class_rows(lay)[0]] == items_before
    assert clinickit.tree_hashes(clinic["homes"] / STAYS) == stays_files
    assert STAYS in json.loads((clinic["state"] / "enrolment.json").read_text())
    assert {r["learner"] for r in others_before} == {STAYS, "pt-cleo-9z"}
    grades_csv = (lay.exports / "grades.csv").read_text()
    assert STAYS in grades_csv and GONE not in grades_csv

    # A second erase finds nothing; an unknown id is not an error, a bad one is.
    assert clinickit.cli("erase-learner", GONE, "--yes", clinic=clinic) == 0
    assert "nothing to erase" in capsys.readouterr().out
    assert clinickit.cli("erase-learner", "../etc", "--yes", clinic=clinic) == 2
    grader = lay.root.parent.name  # the grader's home holds the course folder: never erased as a learner
    assert clinickit.cli("erase-learner", grader, "--yes", clinic=clinic) == 2
    assert "is not a learner" in capsys.readouterr().err and lay.gradebook.exists()
