"""Which submissions of a quiz are graded: one small JSON file per quiz, replaced atomically.

The grading process writes a learner's entry only after their grades are committed to the
gradebook, so after an interruption a rerun grades exactly the learners without an entry (or
whose hand-in changed). A learner graded twice is updated in place in the gradebook, never added.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..atomic import write_text
from .paths import CourseLayout


def ledger_path(lay: CourseLayout, quiz: str) -> Path:
    return lay.work / f"ledger-{quiz}.json"


def read(lay: CourseLayout, quiz: str) -> dict[str, dict]:
    path = ledger_path(lay, quiz)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}  # a damaged ledger only costs a re-grade


def write(lay: CourseLayout, quiz: str, entries: dict[str, dict]) -> None:
    write_text(ledger_path(lay, quiz), json.dumps(entries, indent=1, sort_keys=True))


def record(lay: CourseLayout, quiz: str, learner: str, entry: dict) -> None:
    entries = read(lay, quiz)
    entries[learner] = entry
    write(lay, quiz, entries)
