"""Progressive muscle relaxation (PMR): the ordered steps and a guided session that walks through them.

The steps and their times live in ``assets/data/relaxation_pmr.yml`` (Bernstein & Borkovec 1973).
A step may start with a short *tense* phase and always ends with a longer *relax* phase. A
``Session`` keeps the learner's place: which step, and how many seconds into it. The view moves it
with Next and Back and feeds it one-second ticks from a browser timer; nothing here waits or sleeps.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..data import table

TABLE = "relaxation_pmr"  # assets/data/relaxation_pmr.yml

TENSE = "tense"
RELAX = "relax"


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    relax: str
    relax_seconds: int
    tense: str = ""
    tense_seconds: int = 0

    @property
    def seconds(self) -> int:
        return self.tense_seconds + self.relax_seconds

    def phases(self) -> tuple[tuple[str, str, int], ...]:
        """(phase, instruction, seconds) in order; steps without tensing have only a relax phase."""
        found = []
        if self.tense_seconds:
            found.append((TENSE, self.tense, self.tense_seconds))
        found.append((RELAX, self.relax, self.relax_seconds))
        return tuple(found)


def _step(raw: dict) -> Step:
    step = Step(
        id=str(raw["id"]),
        title=str(raw["title"]),
        relax=" ".join(str(raw["relax"]).split()),
        relax_seconds=int(raw["relax_seconds"]),
        tense=" ".join(str(raw.get("tense", "")).split()),
        tense_seconds=int(raw.get("tense_seconds", 0)),
    )
    if step.relax_seconds <= 0 or step.tense_seconds < 0:
        raise ValueError(f"Step {step.id!r}: times must be positive numbers of seconds.")
    if bool(step.tense) != bool(step.tense_seconds):
        raise ValueError(f"Step {step.id!r}: a tense instruction needs a tense time, and the other way round.")
    return step


def steps() -> tuple[Step, ...]:
    """The PMR steps in the order a learner does them."""
    found = tuple(_step(raw) for raw in table(TABLE)["steps"])
    ids = [s.id for s in found]
    if len(set(ids)) != len(ids):
        raise ValueError("Every relaxation step needs its own id.")
    return found


def source() -> str:
    return table(TABLE).source


def total_seconds(sequence: tuple[Step, ...] | None = None) -> int:
    return sum(step.seconds for step in (steps() if sequence is None else sequence))


def format_time(seconds: int) -> str:
    """Seconds as minutes:seconds, e.g. 95 -> '1:35'."""
    if seconds < 0:
        raise ValueError("A time cannot be less than zero.")
    return f"{seconds // 60}:{seconds % 60:02d}"


class Session:
    """Where the learner is in the sequence: a step index and the seconds spent in that step."""

    def __init__(self, sequence: tuple[Step, ...] | None = None, auto_advance: bool = True) -> None:
        self.steps = steps() if sequence is None else tuple(sequence)
        if not self.steps:
            raise ValueError("A relaxation session needs at least one step.")
        self.auto_advance = auto_advance
        self.index = 0
        self.elapsed = 0

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def at_start(self) -> bool:
        return self.index == 0

    @property
    def at_end(self) -> bool:
        return self.index == len(self.steps) - 1

    @property
    def finished(self) -> bool:
        """The last step has run its full time."""
        return self.at_end and self.elapsed >= self.step.seconds

    def phase(self) -> tuple[str, str, int]:
        """(phase, instruction, seconds left in this phase) at the current moment."""
        start = 0
        phases = self.step.phases()
        for name, text, seconds in phases:
            if self.elapsed < start + seconds:
                return name, text, start + seconds - self.elapsed
            start += seconds
        name, text, _ = phases[-1]
        return name, text, 0

    def seconds_left(self) -> int:
        """Seconds left in the whole session from here."""
        later = sum(step.seconds for step in self.steps[self.index + 1:])
        return max(self.step.seconds - self.elapsed, 0) + later

    def next(self) -> None:
        if not self.at_end:
            self.index += 1
            self.elapsed = 0

    def back(self) -> None:
        if not self.at_start:
            self.index -= 1
        self.elapsed = 0

    def restart(self) -> None:
        self.index = 0
        self.elapsed = 0

    def tick(self, seconds: int = 1) -> None:
        """Let ``seconds`` pass. With auto-advance the next step starts when a step's time is up."""
        if seconds < 0:
            raise ValueError("Time cannot run backwards.")
        self.elapsed += seconds
        while self.auto_advance and not self.at_end and self.elapsed >= self.step.seconds:
            self.elapsed -= self.step.seconds
            self.index += 1
        if self.at_end or not self.auto_advance:
            self.elapsed = min(self.elapsed, self.step.seconds)

    def heading(self) -> str:
        return f"Step {self.index + 1} of {len(self.steps)}: {self.step.title}"

    def timer_text(self) -> str:
        if self.finished:
            return "Done. Well done for taking this time for yourself."
        name, _, left = self.phase()
        label = "Tense gently" if name == TENSE else "Let go and relax"
        return f"{label}: {format_time(left)} left in this part ({format_time(self.seconds_left())} left in all)"
