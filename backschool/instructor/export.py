"""Grades out of the course gradebook: plain rows for the analytics and CSV files for people."""
from __future__ import annotations

import csv
from pathlib import Path

from ..atomic import KEEP, replacing
from ..manifest import load_course
from . import ledger
from .paths import CourseLayout


def class_rows(lay: CourseLayout, quizzes: list[str] | None = None) -> tuple[list[dict], list[dict]]:
    """(item rows, submission rows) for every graded submission in the gradebook.

    item row: learner, quiz, item, topic, objective, score, max_score (autograded questions only);
    submission row: quiz, learner, status, auto_score, auto_max, written_score, written_max,
    needs_manual_grade, flags. Learners whose grading failed have a submission row and no item rows.
    """
    from nbgrader.api import Gradebook, MissingEntry

    course = load_course()
    quizzes = quizzes or list(course.quizzes)
    items, subs = [], []
    if not lay.gradebook.exists():
        return items, subs
    with Gradebook(lay.db_url, course.course_id) as gb:
        for quiz in quizzes:
            try:
                assignment = gb.find_assignment(quiz)
            except MissingEntry:
                continue
            tags = {it.id: it for it in course.quizzes[quiz].items} if quiz in course.quizzes else {}
            book = ledger.read(lay, quiz)
            for sub in assignment.submissions:
                learner = sub.student.id
                entry = book.get(learner, {})
                if entry.get("status") == "failed" or (book and learner not in book):
                    continue
                auto = auto_max = written = written_max = 0.0
                needs_manual = False
                for snb in sub.notebooks:
                    for g in snb.grades:
                        if g.cell.cell_type == "code":
                            auto += g.auto_score or 0.0
                            auto_max += g.max_score
                            tag = tags.get(g.name)
                            items.append({"learner": learner, "quiz": quiz, "item": g.name,
                                          "topic": tag.topic if tag else "", "objective": tag.objective if tag else "",
                                          "score": g.auto_score or 0.0, "max_score": g.max_score})
                        else:
                            written += g.score or 0.0
                            written_max += g.max_score
                            needs_manual = needs_manual or bool(g.needs_manual_grade)
                subs.append({"quiz": quiz, "learner": learner, "status": "graded", "auto_score": auto,
                             "auto_max": auto_max, "written_score": written, "written_max": written_max,
                             "needs_manual_grade": needs_manual, "flags": "; ".join(entry.get("flags", []))})
            for learner, entry in sorted(book.items()):
                if entry.get("status") == "failed":
                    subs.append({"quiz": quiz, "learner": learner, "status": "not graded", "auto_score": "",
                                 "auto_max": "", "written_score": "", "written_max": "",
                                 "needs_manual_grade": "", "flags": "; ".join(entry.get("flags", []))})
    items.sort(key=lambda r: (r["quiz"], r["learner"], r["item"]))
    subs.sort(key=lambda r: (r["quiz"], r["learner"]))
    return items, subs


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Learners' grades as CSV, written atomically (kept as readable as the file was, like the report)."""
    columns = columns or (list(rows[0]) if rows else [])
    with replacing(path, KEEP) as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


GRADE_COLUMNS = ["quiz", "learner", "status", "auto_score", "auto_max", "written_score", "written_max",
                 "needs_manual_grade", "flags"]


def export_grades(lay: CourseLayout, quiz: str | None = None, out_dir: Path | None = None) -> Path:
    """grades.csv (or QUIZ-grades.csv): one row per learner and quiz."""
    _, subs = class_rows(lay, [quiz] if quiz else None)
    name = f"{quiz}-grades.csv" if quiz else "grades.csv"
    return write_csv((out_dir or lay.exports) / name, subs, GRADE_COLUMNS)
