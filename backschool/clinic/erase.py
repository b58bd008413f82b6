"""Erase one learner from every store, on a patient's request.

``plan`` lists what would go, so the command can show it before asking; ``erase`` removes it:
the gradebook rows (nbgrader's ``remove_student``, after each submission, then VACUUM so the
deleted rows do not linger in free pages), their folders in submitted/, autograded/, feedback/ and
our repaired/ copies, their hand-ins and returned feedback in the exchange, their ledger entries,
their home folder, and finally the exports and report, which are written again
without them. ``leftovers`` searches every file for the id afterwards.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..instructor import ledger
from ..instructor.export import export_grades
from ..instructor.report import write_report
from .stores import Stores, check_id


@dataclass
class Erasure:
    learner: str
    gradebook: list[str] = field(default_factory=list)  # quizzes with a hand-in, or "learner record"
    paths: list[Path] = field(default_factory=list)
    ledgers: list[str] = field(default_factory=list)  # quizzes
    rewritten: list[Path] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.gradebook or self.paths or self.ledgers)

    def lines(self) -> list[str]:
        out = []
        if self.gradebook:
            out.append(f"  gradebook: {', '.join(self.gradebook)}")
        out += [f"  {p}" for p in self.paths]
        out += [f"  ledger of {q}: their entry" for q in self.ledgers]
        return out


def _returned_feedback(st: Stores, learner: str) -> list[Path]:
    """Feedback nbgrader returned to the exchange: named by a hash of the hand-in's secret and notebook."""
    from nbgrader.utils import notebook_hash

    found = []
    for top in (st.lay.feedback / learner, st.lay.submitted / learner, st.lay.autograded / learner):
        for secret_file in top.glob("*/submission_secret.txt"):
            secret = secret_file.read_text().strip()
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
    lay = st.lay
    e = Erasure(learner, gradebook=_in_gradebook(st, learner))
    folders = [lay.submitted / learner, lay.autograded / learner, lay.feedback / learner, lay.repaired / learner]
    if st.inbound().is_dir():
        folders += sorted(p for p in st.inbound().iterdir() if p.name.split("+")[0] == learner)
    folders += _returned_feedback(st, learner)
    folders.append(st.home(learner))  # the whole home: on a clinic server it holds only the course
    e.paths = [p for p in folders if p.exists() or p.is_symlink()]
    e.ledgers = sorted(p.name[len("ledger-"):-len(".json")] for p in lay.work.glob("ledger-*.json")
                       if learner in ledger.read(lay, p.name[len("ledger-"):-len(".json")]))
    return e


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
    """Files in the course root, the exchange or the homes folder that still contain any needle
    (as a whole word), and the gradebook if any row does."""
    pats = [re.compile(rb"(?<![A-Za-z0-9_.-])" + re.escape(n.encode()) + rb"(?![A-Za-z0-9_-])") for n in needles if n]
    hits = []
    for top in (st.lay.root, st.lay.exchange, st.homes):
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            if any(p.search(str(path.relative_to(top)).encode()) for p in pats):
                hits.append(path)
            elif path.is_file() and not path.is_symlink() and any(p.search(path.read_bytes()) for p in pats):
                hits.append(path)
    return hits
