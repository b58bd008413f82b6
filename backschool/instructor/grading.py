"""Autograde a class: data in, grades out, one lock, never a learner's code.

The one grading pipeline. ``backschool instructor``, the formgrader's Autograde button
(formgrader_hook.py) and the instant-feedback service all call ``autograde``:

1. **plan**: under the course's one grading lock, each hand-in is read as data (intake.py) and
   the notebook to grade is built from the release and the inspected answers. A learner already
   graded from the same data, whose gradebook rows agree with the ledger, is skipped.
2. **grade**: N long-lived worker processes (worker.py) grade the built hand-ins, each with its
   own gradebook copy; kernels run in the box (box.py).
3. **merge**: the parent alone writes the course gradebook, then the ledger (ledger.py).
4. **cross-check**: the gradebook and the ledger are compared; a learner where they disagree is
   reported and graded again, never kept silently.

A hand-in that cannot be read or graded is flagged with its learner and the run goes on.
"""
from __future__ import annotations

import fcntl
import multiprocessing as mp
import os
import queue
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..manifest import load_course
from . import intake, ledger, worker
from .config import DEFAULT_CELL_TIMEOUT
from .errors import InstructorError
from .paths import CourseLayout, ensure_layout
from .safecollect import read_flags
from .steps import generate, known_quiz

LOCK_WAIT_SECONDS = 900


@dataclass
class BatchResult:
    quiz: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    entries: dict = field(default_factory=dict)


@dataclass
class Batch:
    """One grading run of one quiz: who is graded and what was read from their hand-ins."""

    lay: CourseLayout
    quiz: str
    result: BatchResult
    echo: Callable[[str], None]
    todo: list[str] = field(default_factory=list)
    intakes: dict[str, intake.Intake] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    done: int = 0

    @property
    def release(self) -> Path:
        return self.lay.release_notebook(self.quiz)


@contextmanager
def grading_lock(lay: CourseLayout, wait: float = LOCK_WAIT_SECONDS, echo: Callable[[str], None] = print):
    """The course's one grading lock (one gradebook): a second grader waits its turn, then goes on."""
    lay.work.mkdir(parents=True, exist_ok=True)
    with open(lay.work / "grading.lock", "w") as fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InstructorError(f"Another grading run in {lay.root} did not finish within {wait:.0f} s.") from None
                if not told:
                    echo("Waiting for another grading run to finish ...")
                    told = True
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _gradebook_knows(lay: CourseLayout, quiz: str) -> bool:
    if not lay.gradebook.exists() or not lay.release_notebook(quiz).exists():
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(lay.db_url, load_course().course_id) as gb:
        try:
            gb.find_assignment(quiz)
            return True
        except MissingEntry:
            return False


def _auto_items(gb, quiz: str, learner: str) -> dict[str, float | None]:
    """The autograded score per question (code grade cells) stored in the gradebook."""
    sub = gb.find_submission(quiz, learner)
    return {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades if g.cell.cell_type == "code"}


def crosscheck(lay: CourseLayout, quiz: str, learners: list[str]) -> dict[str, str]:
    """Learners whose gradebook rows disagree with the ledger, and how."""
    from nbgrader.api import Gradebook, MissingEntry

    entries = ledger.read(lay, quiz)
    wrong: dict[str, str] = {}
    if not lay.gradebook.exists():
        return wrong
    with Gradebook(lay.db_url, load_course().course_id) as gb:
        for learner in learners:
            entry = entries.get(learner)
            if not entry or entry.get("status") != "graded":
                continue
            try:
                stored = _auto_items(gb, quiz, learner)
            except MissingEntry:
                wrong[learner] = "the gradebook has no grades for this hand-in"
                continue
            differ = sorted(k for k in set(stored) | set(entry.get("items", {}))
                            if stored.get(k) != entry.get("items", {}).get(k))
            if differ:
                wrong[learner] = f"the gradebook and the ledger disagree on {', '.join(differ)}"
    return wrong


def _plan(batch: Batch, chosen: list[str], force: bool, disagree: dict[str, str]) -> None:
    """Read every chosen hand-in as data, build what is graded, and decide who needs grading."""
    lay, quiz = batch.lay, batch.quiz
    done = ledger.read(lay, quiz)
    collected = read_flags(lay.root, quiz)
    for learner in chosen:
        try:
            taken = intake.take(lay.submitted_dir(learner, quiz), quiz, learner, batch.release)
            taken.flags[:0] = collected.get(learner, [])
            fp = intake.fingerprint(taken, batch.release)
        except Exception as exc:  # the intake never raises for data; this is a bug or a disk error
            _record(batch, learner, "", [f"the hand-in could not be read: {type(exc).__name__}: {exc}"],
                    {"status": "failed"})
            continue
        old = done.get(learner)
        if (not force and learner not in disagree and old and old.get("fingerprint") == fp
                and old.get("status") == "graded"):
            batch.result.skipped.append(learner)
            batch.result.entries[learner] = old
            continue
        intake.build(taken, quiz, batch.release, lay.built_dir(learner, quiz))
        batch.intakes[learner] = taken
        batch.fingerprints[learner] = fp
        batch.todo.append(learner)


def _merge(gb, quiz: str, learner: str, out: dict) -> tuple[float, float]:
    """Copy one learner's autograde results into the course gradebook (update in place)."""
    kwargs = {"timestamp": out["timestamp"]} if out.get("timestamp") else {}
    gb.update_or_create_student(learner)
    gb.update_or_create_submission(quiz, learner, **kwargs)
    for nb_name, data in out["notebooks"].items():
        for name, g in data["grades"].items():
            grade = gb.find_grade(name, nb_name, quiz, learner)
            grade.auto_score = g["auto_score"]
            grade.needs_manual_grade = g["needs_manual_grade"]
        for name, text in data["comments"].items():
            comment = gb.find_comment(name, nb_name, quiz, learner)
            comment.auto_comment = text
    gb.db.commit()
    auto = [g for data in out["notebooks"].values() for g in data["grades"].values() if g["cell_type"] == "code"]
    return sum(g["auto_score"] or 0 for g in auto), sum(g["max_score"] for g in auto)


def _items(out: dict) -> dict[str, float | None]:
    """Autograded score per question (code grade cells)."""
    return {name: g["auto_score"] for data in out.get("notebooks", {}).values()
            for name, g in data["grades"].items() if g["cell_type"] == "code"}


def _record(batch: Batch, learner: str, fp: str, flags: list[str], out: dict, gb=None) -> None:
    """Merge one learner's result (the gradebook first, then the ledger) and print a progress line."""
    entry = {"fingerprint": fp, "status": out["status"], "flags": flags,
             "graded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "seconds": out.get("seconds"), "worker": out.get("worker"),
             "auto_score": None, "auto_max": None, "items": {}}
    if out["status"] == "graded":
        try:
            score, max_score = _merge(gb, batch.quiz, learner, out)
            entry.update(auto_score=score, auto_max=max_score, items=_items(out))
        except Exception as exc:
            gb.db.rollback()
            entry.update(status="failed", flags=flags + [f"grades could not be stored: {type(exc).__name__}: {exc}"])
    (batch.result.graded if entry["status"] == "graded" else batch.result.failed).append(learner)
    ledger.record(batch.lay, batch.quiz, learner, entry)  # only after the gradebook commit
    batch.result.entries[learner] = entry
    batch.done += 1
    shown = f"{entry['auto_score']:g}/{entry['auto_max']:g}" if entry["auto_score"] is not None else "NOT GRADED"
    note = f"  ({'; '.join(entry['flags'])})" if entry["flags"] else ""
    batch.echo(f"[{batch.done:>3}/{len(batch.todo) or batch.done}] {learner}: {shown}{note}")


def _grade(batch: Batch, workers: int, cell_timeout: int, feedback: bool) -> None:
    """Grade ``batch.todo`` on worker processes; the parent merges each result as it comes."""
    from nbgrader.api import Gradebook

    lay = batch.lay
    run_dir = lay.work / f"run-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    ctx = mp.get_context("fork")
    tasks, results = ctx.Queue(), ctx.Queue()
    for learner in batch.todo:
        tasks.put(learner)
    procs: dict[int, mp.Process] = {}
    started = 0

    def start_worker() -> None:
        nonlocal started
        db = run_dir / f"worker{started}.db"
        shutil.copy(lay.gradebook, db)
        p = ctx.Process(target=worker.run, name=f"backschool-grader-{started}", daemon=True,
                        args=(started, lay, batch.quiz, str(db), cell_timeout, feedback, tasks, results))
        p.start()
        procs[started] = p
        started += 1

    for _ in range(max(1, min(workers, len(batch.todo)))):
        start_worker()
    current: dict[int, str] = {}
    remaining = set(batch.todo)
    gb = Gradebook(lay.db_url, load_course().course_id)

    def finish(learner: str, out: dict) -> None:
        remaining.discard(learner)
        flags = batch.intakes[learner].flags + out.get("flags", [])
        _record(batch, learner, batch.fingerprints[learner], flags, out, gb)

    try:
        while remaining:
            try:
                kind, wid, learner, out = results.get(timeout=2)
            except queue.Empty:
                for wid, p in list(procs.items()):
                    if not p.is_alive():  # a grader process itself died: record, replace
                        del procs[wid]
                        lost = current.pop(wid, None)
                        if lost in remaining:
                            finish(lost, {"status": "failed", "flags": ["could not be graded: the grading process died"]})
                        if remaining:
                            start_worker()
                continue
            if kind == "start":
                current[wid] = learner
            else:
                current.pop(wid, None)
                if learner in remaining:
                    finish(learner, out)
    finally:
        gb.close()
        for _ in procs:
            tasks.put(worker.STOP)
        for p in procs.values():
            p.join(timeout=20)
            if p.is_alive():
                p.terminate()
        shutil.rmtree(run_dir, ignore_errors=True)


def _chosen(lay: CourseLayout, quiz: str, learners: list[str] | None) -> list[str]:
    submitted = lay.learners_submitted(quiz)
    unknown = sorted(set(learners or []) - set(submitted))
    if unknown:
        raise InstructorError(
            f"No submission of {quiz} for {', '.join(unknown)} in {lay.submitted}. "
            f"Learners with a submission: {', '.join(submitted) or 'none'}."
        )
    return sorted(learners or submitted)


def autograde(lay: CourseLayout, quiz: str, learners: list[str] | None = None, *, workers: int = 2,
              cell_timeout: int = DEFAULT_CELL_TIMEOUT, force: bool = False, feedback: bool = True,
              echo: Callable[[str], None] = print) -> BatchResult:
    """Grade the hand-ins of ``quiz`` (all, or ``learners``); see the module docstring."""
    known_quiz(quiz)
    ensure_layout(lay)
    chosen = _chosen(lay, quiz, learners)
    result = BatchResult(quiz)
    t_start = time.monotonic()
    with grading_lock(lay, echo=echo):
        if not _gradebook_knows(lay, quiz):
            echo(f"Generating {quiz} (not in the gradebook yet) ...")
            generate(lay, quiz)
        disagree = crosscheck(lay, quiz, chosen)
        for learner, why in disagree.items():
            echo(f"{learner}: {why}; graded again")
        for attempt in range(2):
            batch = Batch(lay, quiz, result, echo)
            _plan(batch, sorted(disagree) if attempt else chosen, force and attempt == 0, disagree)
            if batch.todo:
                if attempt == 0:
                    echo(f"Grading {len(batch.todo)} learner(s) of {quiz} with "
                         f"{max(1, min(workers, len(batch.todo)))} worker process(es) ...")
                _grade(batch, workers, cell_timeout, feedback)
            elif attempt == 0 and not result.failed:
                echo(f"Nothing to grade for {quiz}.")
            if result.skipped and attempt == 0:
                echo(f"{len(result.skipped)} learner(s) already graded and unchanged: skipped.")
            disagree = crosscheck(lay, quiz, chosen)
            if not disagree:
                break
            for learner, why in disagree.items():
                echo(f"{learner}: {why} after grading; graded again")
                for group in (result.graded, result.skipped):
                    if learner in group:
                        group.remove(learner)
        for learner, why in disagree.items():
            entry = dict(result.entries.get(learner, {}), status="failed")
            entry["flags"] = entry.get("flags", []) + [f"{why}; not trusted"]
            ledger.record(lay, quiz, learner, entry)
            result.entries[learner] = entry
            if learner not in result.failed:
                result.failed.append(learner)
    result.seconds = time.monotonic() - t_start
    echo(f"Graded {len(result.graded)}, failed {len(result.failed)}, skipped {len(result.skipped)} "
         f"in {result.seconds:.1f} s.")
    return result
