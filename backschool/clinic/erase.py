"""Erase one learner from every store, on a patient's request.

``plan`` lists what would go, so the command can show it before asking; ``erase`` removes it:
their gradebook rows (nbgrader's ``remove_student``, after each submission, then VACUUM so the
deleted rows do not linger in free pages); their folders in submitted/, autograded/, feedback/
and our own copies in .backschool/<kind>/<learner>; their hand-ins and returned feedback in the
exchange; their ledger entries; their home; their enrolment entry, password, hub and Unix
accounts; and finally the exports and report, which are written again without them.
``leftovers`` then searches every file for the id.
"""
from __future__ import annotations

import dbm
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..instructor import ledger
from ..instructor.export import export_grades
from ..instructor.report import write_report
from .enrol import hub_api
from .roster import PASSWORDS_FILE, ROSTER_FILE, Roster
from .stores import ClinicError, Stores, check_id


@dataclass
class Erasure:
    learner: str
    gradebook: list[str] = field(default_factory=list)  # quizzes with a hand-in, or "learner record"
    paths: list[Path] = field(default_factory=list)
    ledgers: list[str] = field(default_factory=list)  # quizzes
    accounts: list[str] = field(default_factory=list)  # enrolment entry, password, Unix account
    rewritten: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.gradebook or self.paths or self.ledgers or self.accounts)

    def lines(self) -> list[str]:
        out = []
        if self.gradebook:
            out.append(f"  gradebook: {', '.join(self.gradebook)}")
        out += [f"  {p}" for p in self.paths]
        out += [f"  ledger of {q}: their entry" for q in self.ledgers]
        out += [f"  {a}" for a in self.accounts]
        return out


def _returned_feedback(st: Stores, learner: str) -> list[Path]:
    """Feedback nbgrader returned to the exchange: named by a hash of the hand-in's secret and notebook."""
    from nbgrader.utils import notebook_hash

    found = []
    for top in st.lay.learner_folders(learner):
        for secret_file in top.glob("*/submission_secret.txt"):
            raw = secret_file.read_text()  # nbgrader hashes the file's text as it is
            for secret in {raw, raw.strip()} - {""}:
                for nb in list(secret_file.parent.glob("*.ipynb")) + list(secret_file.parent.glob("*.html")):
                    path = st.returned_feedback() / f"{notebook_hash(secret=secret, notebook_id=nb.stem)}.html"
                    if path.exists() and path not in found:
                        found.append(path)
    return found


def _in_gradebook(st: Stores, learner: str) -> list[str]:
    from nbgrader.api import Gradebook, MissingEntry

    if not st.lay.gradebook.exists():
        return []
    with Gradebook(st.lay.db_url, st.course_id) as gb:
        try:
            student = gb.find_student(learner)
        except MissingEntry:
            return []
        return sorted(s.assignment.name for s in student.submissions) + ["learner record"]


def plan(st: Stores, learner: str) -> Erasure:
    """Everything the course holds about ``learner``, without touching it."""
    check_id(learner)
    if st.holds_course(learner):
        raise ClinicError(f"{st.home(learner)} holds the course folder or the exchange: {learner} is not a learner.")
    lay = st.lay
    e = Erasure(learner, gradebook=_in_gradebook(st, learner))
    folders = lay.learner_folders(learner)
    # our own per-learner copies in the work folder (hand-ins rebuilt or repaired for grading)
    folders += sorted(p for p in lay.work.glob(f"*/{learner}") if p.is_dir())
    if st.inbound().is_dir():
        folders += sorted(p for p in st.inbound().iterdir() if p.name.split("+")[0] == learner)
    folders += _returned_feedback(st, learner)
    folders.append(st.home(learner))  # the whole home: on a clinic server it holds only the course
    e.paths = [p for p in folders if p.exists() or p.is_symlink()]
    e.accounts = _accounts(st, learner)
    e.ledgers = sorted(p.name[len("ledger-"):-len(".json")] for p in lay.work.glob("ledger-*.json")
                       if learner in ledger.read(lay, p.name[len("ledger-"):-len(".json")]))
    return e


def _password_db(st: Stores) -> str:
    return str(st.state / PASSWORDS_FILE)


def _has_password(st: Stores, learner: str) -> bool:
    try:
        with dbm.open(_password_db(st), "r") as db:
            return learner.encode() in db
    except dbm.error:  # no password store yet (dbm.error includes OSError)
        return False


def _unix_account(st: Stores, learner: str) -> pwd.struct_passwd | None:
    """The patient's Unix account, if it is one the hub made for them (its home is theirs, not a system user)."""
    try:
        pw = pwd.getpwnam(learner)
    except KeyError:
        return None
    return pw if pw.pw_uid >= 1000 and Path(pw.pw_dir) == st.home(learner) else None


def _accounts(st: Stores, learner: str) -> list[str]:
    found = []
    if learner in Roster(st.state / ROSTER_FILE).read():
        found.append(f"enrolment entry (name, e-mail) in {st.state / ROSTER_FILE}")
    if _has_password(st, learner):
        found.append(f"password in {_password_db(st)}")
    if _unix_account(st, learner):
        found.append(f"Unix account {learner}")
    if hub_api(st.state, "GET", f"/users/{learner}"):
        found.append(f"hub account {learner} (with their groups and tokens)")
    return found


def _remove_accounts(st: Stores, e: Erasure) -> None:
    learner = e.learner
    if hub_api(st.state, "DELETE", f"/users/{learner}") is None:
        e.notes.append(f"The hub is not running: when it is, delete {learner} on its Admin page (hub database).")
    Roster(st.state / ROSTER_FILE).forget(learner)
    if _has_password(st, learner):
        with dbm.open(_password_db(st), "w") as db:
            del db[learner.encode()]
            if hasattr(db, "reorganize"):  # gdbm keeps deleted records' bytes until it is rewritten
                db.reorganize()
    if _unix_account(st, learner):
        if os.geteuid() == 0:
            subprocess.run(["pkill", "-KILL", "-u", learner], capture_output=True)
            done = subprocess.run(["userdel", learner], capture_output=True, text=True)
            if done.returncode not in (0, 6):
                e.notes.append(f"userdel {learner} failed: {done.stderr.strip()}")
        else:
            e.notes.append(f"Remove the Unix account as root: userdel {learner}")


def erase(st: Stores, learner: str) -> Erasure:
    """Remove everything ``plan`` lists, then write the exports and report again without the learner."""
    from nbgrader.api import Gradebook

    e = plan(st, learner)
    lay = st.lay
    if e.gradebook:
        with Gradebook(lay.db_url, st.course_id) as gb:
            for quiz in e.gradebook[:-1]:
                gb.remove_submission(quiz, learner)
            gb.remove_student(learner)
        with sqlite3.connect(lay.gradebook) as db:
            db.execute("VACUUM")
    for path in e.paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    _remove_accounts(st, e)
    for quiz in e.ledgers:
        entries = ledger.read(lay, quiz)
        entries.pop(learner, None)
        ledger.write(lay, quiz, entries)
    e.rewritten = _rewrite_exports(st)
    return e


def _rewrite_exports(st: Stores) -> list[Path]:
    """Write again every export that exists (per-quiz grades, the class report and its tables)."""
    lay = st.lay
    if not lay.exports.is_dir():
        return []
    out = [export_grades(lay, p.name[: -len("-grades.csv")]) for p in sorted(lay.exports.glob("*-grades.csv"))]
    if (lay.exports / "report.html").exists() or (lay.exports / "grades.csv").exists():
        out += list(write_report(lay).values())
    return out


def leftovers(st: Stores, needles: list[str]) -> list[Path]:
    """Files in the course root, the exchange, the homes folder or the enrolment files whose name or
    bytes still contain any needle (as a whole word)."""
    pats = [re.compile(rb"(?<![A-Za-z0-9_.-])" + re.escape(n.encode()) + rb"(?![A-Za-z0-9_-])") for n in needles if n]
    paths = [(top, p) for top in (st.lay.root, st.lay.exchange, st.homes) if top.is_dir() for p in sorted(top.rglob("*"))]
    paths += [(st.state, p) for p in st.account_files()]
    hits = []
    for top, path in paths:
        name = str(path.relative_to(top)).encode()
        if any(p.search(name) for p in pats) or (
                path.is_file() and not path.is_symlink() and any(p.search(path.read_bytes()) for p in pats)):
            hits.append(path)
    return hits
