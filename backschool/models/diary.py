"""Pain and activity diary kept as a small CSV file on the learner's own machine.

One row per day. The file lives in ~/.backschool (or $BACKSCHOOL_DATA_DIR) so it survives kernel
restarts. Writes take an exclusive lock (fcntl.flock on a side file) and replace the file
atomically, so two kernels saving at once can never leave a half-written or mixed file; a bad
entry is refused before anything is touched.
"""
from __future__ import annotations

import csv
import fcntl
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from ..atomic import write_text
from ..settings import data_dir

FIELDS = ("date", "pain", "minutes")
MAX_MINUTES = 24 * 60


class DiaryError(ValueError):
    """The diary file cannot be read (the message says what to do)."""


@dataclass(frozen=True, order=True)
class Entry:
    day: date
    pain: int
    minutes: int


def diary_path() -> Path:
    return data_dir() / "diary.csv"


def _whole_number(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number from {low} to {high}.")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{name} must be a whole number from {low} to {high} (you typed {value!r}).")
        value = int(text)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{name} must be a whole number from {low} to {high} (you gave {value}).")
        value = int(value)
    if not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from {low} to {high}.")
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high} (you gave {value}).")
    return value


def _day(value: object, today: date) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"The date must look like 2025-03-31 (you typed {value!r}).") from None
    if not isinstance(value, date):
        raise ValueError("Choose a date for this entry.")
    if value > today:
        raise ValueError(f"{value.isoformat()} is in the future. You can only log days that have started.")
    return value


def make_entry(day: object, pain: object, minutes: object, today: date | None = None) -> Entry:
    """A checked entry, or ValueError with a message a learner can act on."""
    return Entry(
        day=_day(day, today or date.today()),
        pain=_whole_number("Pain", pain, 0, 10),
        minutes=_whole_number("Minutes of activity", minutes, 0, MAX_MINUTES),
    )


def _parse(text: str, path: Path) -> list[Entry]:
    rows = list(csv.DictReader(io.StringIO(text)))
    try:
        return sorted(Entry(date.fromisoformat(r["date"]), int(r["pain"]), int(r["minutes"])) for r in rows)
    except (KeyError, TypeError, ValueError):
        raise DiaryError(
            f"Your diary file {path} is damaged, so it was not changed. Move it aside to start a new one."
        ) from None


def _render(entries: list[Entry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for e in sorted(entries):
        writer.writerow((e.day.isoformat(), e.pain, e.minutes))
    return buf.getvalue()


def read_entries(path: Path | None = None) -> list[Entry]:
    """All entries, oldest first; an absent file is an empty diary."""
    path = path or diary_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return _parse(text, path)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def save_entry(entry: Entry, path: Path | None = None) -> list[Entry]:
    """Add the entry (replacing that day's earlier one) and return the whole diary."""
    path = path or diary_path()
    with _locked(path):
        entries = [e for e in read_entries(path) if e.day != entry.day]
        entries.append(entry)
        write_text(path, _render(entries))
    return sorted(entries)


def add(day: object, pain: object, minutes: object, path: Path | None = None, today: date | None = None) -> list[Entry]:
    """Check and save one day's entry; on a bad entry raise ValueError and leave the file as it was."""
    return save_entry(make_entry(day, pain, minutes, today=today), path)
