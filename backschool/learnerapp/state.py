"""What this learner has done, kept in a small JSON file in their own folder: lessons opened,
quizzes handed in (with the time), and the last page visited (for "continue where you left off")."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import write_text

STATE_FILE = ".backschool-state.json"


def _path(folder: Path) -> Path:
    return Path(folder) / STATE_FILE


def read(folder: Path) -> dict:
    try:
        data = json.loads(_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault("opened", {})
    data.setdefault("handed_in", {})
    data.setdefault("stamps", {})  # nbgrader's timestamp of the newest hand-in (names its feedback)
    data.setdefault("last", None)
    return data


def _write(folder: Path, data: dict) -> None:
    write_text(_path(folder), json.dumps(data, indent=1, sort_keys=True))


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def visited(folder: Path, kind: str, ident: str) -> None:
    """Remember a visit to a lesson (kind 'lesson') or a quiz (kind 'quiz')."""
    data = read(folder)
    if kind == "lesson":
        data["opened"].setdefault(ident, now())
    data["last"] = {"kind": kind, "id": ident}
    _write(folder, data)


def handed_in(folder: Path, quiz: str, when: str, stamp: str | None = None) -> None:
    data = read(folder)
    data["handed_in"][quiz] = when
    if stamp:
        data["stamps"][quiz] = stamp
    _write(folder, data)
