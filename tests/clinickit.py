"""A small clinic for the backup and erasure tests: a class graded for real, and learners' homes.

Three patients hand in quiz01 (right, half right, wrong), each with a written reflection of their
own. `backschool instructor run` grades them with real nbgrader, makes feedback, returns it through
the exchange and writes the exports and report. Each patient's home then holds what the course keeps
there on a clinic server: the fetched quiz with its answers.json, a pain diary, an action plan and a
printed exercise plan; the exchange holds each hand-in as nbgrader's submit names it; the hub's
state folder holds their enrolment entries and the passwords they chose.
"""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from backschool.answers import save_reflection
from backschool.cli import main
from backschool.clinic import enrol, roster
from backschool.clinic.hubauth import ClinicAuthenticator
from backschool.instructor import paths, steps
from backschool.manifest import load_course
from backschool.models import action_plan, diary, exercise_plan
from backschool.settings import data_dir
from backschool.testing import classgen, quizkey

QUIZ = "quiz01"
PATIENTS = {  # id -> (how they answer, their reflection)
    "pt-ada-7k": ("right", "Walking to the harbour each morning eased my back more than resting did."),
    "pt-bram-3q": ("half", "I learned that a scan rarely changes what helps, so I will keep moving."),
    "pt-cleo-9z": ("wrong", "Gardening on my knees with a cushion is my plan for the spring."),
}
BAD_DAY = {pid: f"On a bad day I rest for an hour, then walk a little (plan of {pid})." for pid in PATIENTS}


def make_clinic(root: Path) -> dict:
    """Homes (the grader's holding the course folder), exchange and hub state under ``root``."""
    course = load_course()
    homes = root / "home"
    # As on the clinic server: the course folder is in the grader's home, beside the patients' homes.
    # (Short names: the grader's kernel sockets live under the course folder, and a Unix socket's
    # path may not be longer than 107 bytes.)
    lay = paths.layout(homes / "grader" / course.course_id, root / "exchange")
    steps.generate(lay, QUIZ)
    items = quizkey.items(course.quiz(QUIZ).notebook)
    learners = []
    for pid, (how, text) in PATIENTS.items():
        lr = classgen.fixed_learner(pid, items, how)
        lr.reflection = text
        learners.append(lr)
    classgen.write_class(lay.release / QUIZ / f"{QUIZ}.ipynb", lay.submitted, QUIZ, learners)
    stamp = "2026-11-30 10:00:00.000000 UTC"
    for n, lr in enumerate(learners):
        folder = lay.submitted / lr.id / QUIZ
        save_reflection("reflection", lr.reflection, folder)
        (folder / "timestamp.txt").write_text(stamp)
        (folder / "submission_secret.txt").write_text(f"secret-{lr.id}")
        # What nbgrader's submit leaves in the exchange and in the learner's own cache.
        inbound = lay.exchange / course.course_id / "inbound" / f"{lr.id}+{QUIZ}+{stamp}+rnd{n}"
        shutil.copytree(folder, inbound)
        home = homes / lr.id
        shutil.copytree(folder, home / ".local/share/jupyter/nbgrader_cache" / course.course_id / f"{lr.id}+{QUIZ}+{stamp}")
        shutil.copytree(folder, home / course.course_id / QUIZ)
        data = data_dir(home)
        for day, pain in ((date(2026, 11, 20), 6 - n), (date(2026, 11, 27), 3 + n)):
            diary.add(day, pain, 30 + 5 * n, path=data / "diary.csv", today=date(2026, 12, 1))
        plan = action_plan.ActionPlan((action_plan.Goal("Walk", 10 + 5 * n, 3, 4),),
                                      helpers=(action_plan.helpers()[0],), bad_day=BAD_DAY[lr.id],
                                      made_on=date(2026, 11, 20))
        action_plan.save(plan, data)
        action_plan.export_html(plan, data)
        levels = list(exercise_plan.activity_levels())
        exercise_plan.export_html(exercise_plan.build_plan(levels[0], [], 60 + 30 * n), data / "exercise-plan.html")
    # Enrolled on the hub, each with a password they chose (the hub is not running here).
    state = root / "state"
    people, live = enrol.enrol(state, [(pid.replace("-", " ").title(), f"{pid}@example.org") for pid in PATIENTS],
                               course.course_id)
    assert [p.username for p in people] == list(PATIENTS) and not live
    auth = ClinicAuthenticator(dbm_path=str(state / roster.PASSWORDS_FILE), roster_path=str(state / roster.ROSTER_FILE))
    for p in people:
        assert "success" in auth.reset_password(p.username, f"password of {p.username}")
    rc = main(["instructor", "run", QUIZ, "--course-dir", str(lay.root), "--exchange-dir", str(lay.exchange),
               "--cell-timeout", "20"])
    assert rc == 0
    return {"lay": lay, "homes": homes, "learners": learners, "root": root, "state": state}


def dump_gradebook(db: Path) -> list[str]:
    """Every row of the gradebook as SQL (what 'every grade identical' is checked against)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return list(con.iterdump())


def tree_hashes(*tops: Path) -> dict[str, str]:
    """SHA-256 of every file under ``tops`` (and each link's target), by path."""
    out = {}
    for top in tops:
        for path in sorted(top.rglob("*")):
            if path.is_symlink():
                out[str(path)] = "-> " + str(path.readlink())
            elif path.is_file():
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def cli(*args: str, clinic: dict) -> int:
    lay = clinic["lay"]
    return main(["admin", *args, "--course-dir", str(lay.root), "--exchange-dir", str(lay.exchange),
                 "--homes", str(clinic["homes"]), "--state-dir", str(clinic["state"])])
