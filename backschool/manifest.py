"""The course manifest (course.yml) is the one list of lessons, quizzes, topics and seed coverage.

Everything that needs to know "which lessons exist" reads it through this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import settings


class ManifestError(ValueError):
    """The manifest is missing or says something inconsistent."""


def repo_root() -> Path:
    """The folder holding course.yml: $BACKSCHOOL_HOME, else the checkout this package lives in."""
    root = settings.checkout()
    if not (root / "course.yml").is_file():
        raise ManifestError(
            f"No course.yml in {root}. Set BACKSCHOOL_HOME to the Back School checkout."
        )
    return root


@dataclass(frozen=True)
class QuizItem:
    id: str
    topic: str
    objective: str
    red_flags: tuple[str, ...] | None = None  # warning signs a triage item asks about; () = none of them


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    lesson: str | None
    items: tuple[QuizItem, ...]
    reflection_points: int
    beliefs: tuple[QuizItem, ...] = ()  # agree/disagree statements, not graded (backschool.models.beliefs)

    @property
    def notebook(self) -> Path:
        return repo_root() / "quizzes" / self.id / f"{self.id}.ipynb"

    @property
    def auto_points(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Lesson:
    id: str
    number: int
    title: str
    notebook_path: str
    quiz: str
    topics: tuple[str, ...]
    objectives: dict[str, str] = field(hash=False)

    @property
    def notebook(self) -> Path:
        return repo_root() / self.notebook_path


@dataclass(frozen=True)
class SeedPage:
    """One seed page the course was checked against (its text lives in ../shared/seeds, not here)."""
    id: str
    title: str
    sha256: str


@dataclass(frozen=True)
class SeedTopic:
    seed: str
    topic: str
    lesson: str
    section: str


@dataclass(frozen=True)
class Course:
    course_id: str
    title: str
    lessons: tuple[Lesson, ...]
    quizzes: dict[str, Quiz] = field(hash=False)
    knowledge_checks: dict[str, str] = field(hash=False)
    topics: dict[str, str] = field(hash=False)
    seed_pages: tuple[SeedPage, ...] = ()
    seed_coverage: tuple[SeedTopic, ...] = ()

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise ManifestError(f"No lesson {lesson_id!r} in course.yml")

    def quiz(self, quiz_id: str) -> Quiz:
        try:
            return self.quizzes[quiz_id]
        except KeyError:
            known = ", ".join(self.quizzes)
            raise ManifestError(f"No quiz {quiz_id!r} in course.yml (known: {known})") from None

    @property
    def quiz_order(self) -> list[str]:
        """Quizzes in teaching order: pre-check, one per lesson, post-check."""
        order = [self.knowledge_checks["pre"]] if "pre" in self.knowledge_checks else []
        order += [lesson.quiz for lesson in self.lessons]
        if "post" in self.knowledge_checks:
            order.append(self.knowledge_checks["post"])
        return [q for q in order if q in self.quizzes]


def _parse(raw: dict) -> Course:
    topics = dict(raw.get("topics", {}))
    lessons = []
    for number, entry in enumerate(raw["lessons"], start=1):
        lesson = Lesson(
            id=entry["id"],
            number=number,
            title=entry["title"],
            notebook_path=entry["notebook"],
            quiz=entry["quiz"],
            topics=tuple(entry.get("topics", [])),
            objectives=dict(entry.get("objectives", {})),
        )
        unknown = set(lesson.topics) - set(topics)
        if unknown:
            raise ManifestError(f"Lesson {lesson.id} uses unknown topics {sorted(unknown)}")
        lessons.append(lesson)
    quizzes = {}
    for quiz_id, entry in raw.get("quizzes", {}).items():
        items = tuple(
            QuizItem(id=item_id, topic=spec["topic"], objective=spec.get("objective", ""),
                     red_flags=None if spec.get("red_flags") is None else tuple(spec["red_flags"]))
            for item_id, spec in entry.get("items", {}).items()
        )
        beliefs = tuple(QuizItem(id=item_id, topic=spec["topic"], objective=spec.get("objective", ""))
                        for item_id, spec in entry.get("beliefs", {}).items())
        for item in items + beliefs:
            if item.topic not in topics:
                raise ManifestError(f"{quiz_id}/{item.id}: unknown topic {item.topic!r}")
        quizzes[quiz_id] = Quiz(
            id=quiz_id,
            title=entry.get("title", quiz_id),
            lesson=entry.get("lesson"),
            items=items,
            reflection_points=int(entry.get("reflection_points", 0)),
            beliefs=beliefs,
        )
    coverage = tuple(SeedTopic(**row) for row in raw.get("seed_coverage", []))
    return Course(
        course_id=raw["course_id"],
        title=raw["title"],
        lessons=tuple(lessons),
        quizzes=quizzes,
        knowledge_checks=dict(raw.get("knowledge_checks", {})),
        topics=topics,
        seed_pages=tuple(SeedPage(**row) for row in raw.get("seed_pages", [])),
        seed_coverage=coverage,
    )


def load_yaml(path: Path):
    """Parse a YAML file safely, with libyaml's C parser when present (same result, ~10x faster)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


@lru_cache(maxsize=4)
def _load(path: Path, _mtime_ns: int) -> Course:
    return _parse(load_yaml(path))


def load_course(path: Path | None = None) -> Course:
    """Read and check course.yml (cached per path; re-read when the file changes, so a warm kernel
    read ahead of its lesson never shows an older manifest)."""
    path = (path or repo_root() / "course.yml").resolve()
    return _load(path, path.stat().st_mtime_ns)
