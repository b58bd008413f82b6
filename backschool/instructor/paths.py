"""How the nbgrader course directory is laid out.

Where it is comes from ``settings.course_dir``: ``--course-dir`` wins, then ``$BACKSCHOOL_COURSE_DIR``,
else ``autograder/course/`` in the checkout (git-ignored).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import settings
from ..manifest import repo_root
from .errors import InstructorError

def config_file() -> Path:
    """The repository's nbgrader_config.py (also linked into the course root for the nbgrader CLI)."""
    return repo_root() / "autograder" / "nbgrader_config.py"


@lru_cache(maxsize=16)
def _coursedir(root: str):
    """nbgrader's own CourseDirectory for the course root: its folder names and its path rule."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(root=root)


class _Step:
    """One of nbgrader's step folders (CourseDirectory's ``<name>_directory``), for every learner and quiz."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, lay, owner=None):
        return self if lay is None else lay.step_path(self.name)


@dataclass(frozen=True)
class CourseLayout:
    """The course folders: nbgrader's steps as nbgrader's CourseDirectory lays them out (its folder
    names, ``format_path`` and gradebook URL), plus the course's own work and exports folders."""

    root: Path
    exchange: Path

    @property
    def coursedir(self):
        return _coursedir(str(self.root))

    def _format(self, folder: str, learner: str, quiz: str) -> Path:
        return Path(os.path.normpath(self.coursedir.format_path(folder, learner, quiz)))

    def step_path(self, step: str, learner: str = ".", quiz: str = ".") -> Path:
        """nbgrader's ``format_path`` with its folder name for ``step`` (source, release, submitted,
        autograded, feedback); "." for a part not chosen, as nbgrader itself does for the release."""
        return self._format(getattr(self.coursedir, f"{step}_directory"), learner, quiz)

    source = _Step()
    release = _Step()
    submitted = _Step()
    autograded = _Step()
    feedback = _Step()

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def gradebook(self) -> Path:
        return Path(self.db_url.removeprefix("sqlite:///"))

    @property
    def work(self) -> Path:
        """Our own bookkeeping: ledgers, the lock, worker gradebooks, the hand-ins built for grading."""
        return self.root / ".backschool"

    @property
    def built(self) -> Path:
        """The hand-ins nbgrader grades: the release plus each learner's inspected answers (intake.py)."""
        return self.work / "built"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def release_dir(self, quiz: str) -> Path:
        return self.step_path("release", quiz=quiz)

    def release_notebook(self, quiz: str) -> Path:
        return self.release_dir(quiz) / f"{quiz}.ipynb"

    def built_dir(self, learner: str, quiz: str) -> Path:
        """Where one built hand-in goes: the workers give nbgrader ``built`` as its submitted folder."""
        return self._format(str(self.built.relative_to(self.root)), learner, quiz)

    def submitted_dir(self, learner: str, quiz: str) -> Path:
        return self.step_path("submitted", learner, quiz)

    def autograded_dir(self, learner: str, quiz: str) -> Path:
        return self.step_path("autograded", learner, quiz)

    def feedback_dir(self, learner: str, quiz: str) -> Path:
        return self.step_path("feedback", learner, quiz)

    def learner_folders(self, learner: str) -> list[Path]:
        """Everything nbgrader keeps of one learner: their submitted, autograded and feedback folders."""
        return [self.step_path(step, learner) for step in ("submitted", "autograded", "feedback")]

    def learners_in(self, step: str, quiz: str) -> list[str]:
        """The learners with a folder for ``quiz`` in ``step`` (submitted, autograded or feedback)."""
        top = self.step_path(step)
        if not top.is_dir():
            return []
        return sorted(p.name for p in top.iterdir() if self.step_path(step, p.name, quiz).is_dir())

    def learners_submitted(self, quiz: str) -> list[str]:
        return self.learners_in("submitted", quiz)


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
