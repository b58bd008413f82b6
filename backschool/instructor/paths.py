"""How the nbgrader course directory is laid out.

Where it is comes from ``settings.course_dir``: ``--course-dir`` wins, then ``$BACKSCHOOL_COURSE_DIR``,
else ``autograder/course/`` in the checkout (git-ignored).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..manifest import repo_root
from .errors import InstructorError

def config_file() -> Path:
    """The repository's nbgrader_config.py (also linked into the course root for the nbgrader CLI)."""
    return repo_root() / "autograder" / "nbgrader_config.py"


@dataclass(frozen=True)
class CourseLayout:
    root: Path
    exchange: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.gradebook}"

    @property
    def work(self) -> Path:
        """Our own bookkeeping: ledgers, the lock, worker gradebooks, the hand-ins built for grading."""
        return self.root / ".backschool"

    @property
    def built(self) -> Path:
        """The hand-ins nbgrader grades: the release plus each learner's checked answers (intake.py)."""
        return self.work / "built"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def submitted_dir(self, learner: str, quiz: str) -> Path:
        return self.submitted / learner / quiz

    def autograded_dir(self, learner: str, quiz: str) -> Path:
        return self.autograded / learner / quiz

    def feedback_dir(self, learner: str, quiz: str) -> Path:
        return self.feedback / learner / quiz

    def learners_submitted(self, quiz: str) -> list[str]:
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir() if (p / quiz).is_dir())


def layout(course: str | os.PathLike | None = None, exchange: str | os.PathLike | None = None) -> CourseLayout:
    root = settings.course_dir(course)
    return CourseLayout(root=root, exchange=settings.exchange_dir(root, exchange))


def ensure_layout(lay: CourseLayout) -> CourseLayout:
    """Make the course root (idempotent): source/ -> the repo's quizzes/, the config, the exchange."""
    quizzes = repo_root() / "quizzes"
    if not quizzes.is_dir():
        raise InstructorError(f"No quizzes folder at {quizzes}.")
    lay.root.mkdir(parents=True, exist_ok=True)
    src = lay.source
    if src.is_symlink():
        if src.resolve() != quizzes.resolve():
            src.unlink()
    elif src.exists():
        raise InstructorError(
            f"{src} exists and is not a link to {quizzes}. Move it away; the quiz sources live in quizzes/."
        )
    if not src.exists():
        src.symlink_to(quizzes, target_is_directory=True)
    # The nbgrader CLI reads nbgrader_config.py from the folder it runs in.
    cfg_link = lay.root / "nbgrader_config.py"
    if not cfg_link.exists():
        try:
            cfg_link.symlink_to(config_file())
        except OSError:
            shutil.copy(config_file(), cfg_link)
    lay.exchange.mkdir(parents=True, exist_ok=True)
    lay.work.mkdir(exist_ok=True)
    return lay
