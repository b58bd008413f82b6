"""Every place the course keeps something about a learner, named once for backup, export and erasure.

Three kinds of store on a clinic server:
  - the nbgrader course root (``backschool.instructor.paths.layout``): gradebook, submitted/,
    autograded/, feedback/, our ledgers in .backschool/, exports/;
  - the nbgrader exchange (hand-ins in inbound/, returned feedback in feedback/);
  - the hub's state folder: the enrolment roster (names, e-mail addresses) and the password store;
  - each learner's home, one folder per learner under the homes folder (default /home): the data
    folder with the diary and plans (``settings.data_dir``), the course folder nbgrader fetches
    quizzes into (answers.json beside each quiz, fetched feedback), the copied lessons and
    nbgrader's cache of their hand-ins.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..instructor.paths import CourseLayout, layout
from ..manifest import load_course
from ..settings import data_dir
from .roster import PASSWORDS_FILE, ROSTER_FILE

NBGRADER_CACHE = ".local/share/jupyter/nbgrader_cache"  # nbgrader's Exchange.cache under a learner's HOME
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class ClinicError(RuntimeError):
    """Bad input or a refused operation; the message says what to do."""


def check_id(learner: str) -> str:
    """A learner id is a plain name (a Unix user name or nbgrader student id), never a path."""
    if not _ID.match(learner or "") or learner in (".", ".."):
        raise ClinicError(f"{learner!r} is not a learner id (letters, digits, '.', '_' and '-' only).")
    return learner


@dataclass(frozen=True)
class Stores:
    lay: CourseLayout
    homes: Path
    course_id: str
    state: Path  # the hub's state folder: the enrolment roster and the password store

    def account_files(self) -> list[Path]:
        """The enrolment roster and password store (dbm may add a suffix), those that exist."""
        return sorted(p for p in self.state.glob(f"{PASSWORDS_FILE}*") if p.is_file()) + \
            [p for p in [self.state / ROSTER_FILE] if p.is_file()]

    def home(self, learner: str) -> Path:
        return self.homes / check_id(learner)

    def home_folders(self, learner: str) -> list[Path]:
        """What the course keeps in a learner's home: data folder, fetched quizzes, copied lessons,
        and nbgrader's cache of their hand-ins (fetching feedback needs it)."""
        home = self.home(learner)
        folders = [data_dir(home), home / self.course_id, home / "lessons", home / NBGRADER_CACHE]
        return [f for f in folders if not self._overlaps_course(f)]

    def _overlaps_course(self, path: Path) -> bool:
        """The grader's home holds the course folder (~grader/backschool): that is not learner data."""
        return any(path.is_relative_to(top) or top.is_relative_to(path) for top in (self.lay.root, self.lay.exchange))

    def holds_course(self, learner: str) -> bool:
        return self._overlaps_course(self.home(learner))

    def learners_with_data(self) -> list[str]:
        """Learners whose home holds any course folder."""
        if not self.homes.is_dir():
            return []
        return sorted(p.name for p in self.homes.iterdir()
                      if p.is_dir() and _ID.match(p.name) and any(f.exists() for f in self.home_folders(p.name)))

    def inbound(self) -> Path:
        return self.lay.exchange / self.course_id / "inbound"

    def returned_feedback(self) -> Path:
        return self.lay.exchange / self.course_id / "feedback"


def stores(course_dir: str | os.PathLike | None = None, exchange_dir: str | os.PathLike | None = None,
           homes: str | os.PathLike | None = None, state: str | os.PathLike | None = None) -> Stores:
    """The stores: arguments first, then $BACKSCHOOL_COURSE_DIR / _EXCHANGE_DIR / _HOMES_DIR / _STATE_DIR,
    then defaults."""
    return Stores(layout(course_dir, exchange_dir), settings.homes_dir(homes), load_course().course_id,
                  settings.state_dir(state))
