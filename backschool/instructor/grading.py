"""Autograde a whole class on all cores, resumably, without two writers on one gradebook.

- The parent inspects each hand-in (checks.py), then hands learners to N long-lived worker
  processes through a queue (each worker grades many learners: nbgrader's ~5 s start-up is paid
  once per worker, not per learner).
- Each worker grades with its own copy of the gradebook and its own kernel sockets (worker.py).
- The parent alone writes the course gradebook: for each finished learner it copies the grades
  in and commits, then records the learner in the ledger (ledger.py). Killed at any moment, a
  rerun grades exactly those not in the ledger; grading twice updates rows, never adds them.
- A learner whose grading fails is recorded with the reason and the batch goes on.
"""
from __future__ import annotations

import fcntl
import multiprocessing as mp
import os
import queue
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ..manifest import load_course
from . import checks, ledger, worker
from .config import DEFAULT_CELL_TIMEOUT
from .errors import InstructorError
from .paths import CourseLayout, ensure_layout
from .steps import generate, known_quiz


@dataclass
class BatchResult:
    quiz: str
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    entries: dict = field(default_factory=dict)


@contextmanager
def _batch_lock(lay: CourseLayout, quiz: str):
    lay.work.mkdir(parents=True, exist_ok=True)
    with open(lay.work / f"grading-{quiz}.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InstructorError(f"Another grading run for {quiz} is going on in {lay.root}.") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _gradebook_knows(lay: CourseLayout, quiz: str) -> bool:
    if not lay.gradebook.exists() or not (lay.release / quiz / f"{quiz}.ipynb").exists():
        return False
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(lay.db_url, load_course().course_id) as gb:
        try:
            gb.find_assignment(quiz)
            return True
        except MissingEntry:
            return False


def _merge(gb, quiz: str, learner: str, out: dict) -> tuple[float, float]:
    """Copy one learner's autograde results into the course gradebook (update in place)."""
    kwargs = {"timestamp": out["timestamp"]} if out.get("timestamp") else {}
    gb.update_or_create_student(learner)
    gb.update_or_create_submission(quiz, learner, **kwargs)
    score = max_score = 0.0
    for nb_name, data in out["notebooks"].items():
        for name, g in data["grades"].items():
            grade = gb.find_grade(name, nb_name, quiz, learner)
            grade.auto_score = g["auto_score"]
            grade.needs_manual_grade = g["needs_manual_grade"]
        for name, text in data["comments"].items():
            comment = gb.find_comment(name, nb_name, quiz, learner)
            comment.auto_comment = text
    gb.db.commit()
    for nb_name, data in out["notebooks"].items():
        for g in data["grades"].values():
            if g["cell_type"] == "code":  # the autograded questions (markdown = written answers)
                score += g["auto_score"] or 0
                max_score += g["max_score"]
    return score, max_score


def _items(out: dict) -> dict[str, float | None]:
    """Autograded score per question (code grade cells)."""
    items = {}
    for data in out.get("notebooks", {}).values():
        for name, g in data["grades"].items():
            if g["cell_type"] == "code":
                items[name] = g["auto_score"]
    return items


def autograde(lay: CourseLayout, quiz: str, learners: list[str] | None = None, *, workers: int = 2,
              cell_timeout: int = DEFAULT_CELL_TIMEOUT, force: bool = False, feedback: bool = True,
              echo=print) -> BatchResult:
    known_quiz(quiz)
    ensure_layout(lay)
    submitted = lay.learners_submitted(quiz)
    if learners:
        unknown = sorted(set(learners) - set(submitted))
        if unknown:
            raise InstructorError(
                f"No submission of {quiz} for {', '.join(unknown)} in {lay.submitted}. "
                f"Learners with a submission: {', '.join(submitted) or 'none'}."
            )
    chosen = sorted(learners or submitted)
    result = BatchResult(quiz)
    t_start = time.monotonic()
    with _batch_lock(lay, quiz):
        if not _gradebook_knows(lay, quiz):
            echo(f"Generating {quiz} (not in the gradebook yet) ...")
            generate(lay, quiz)
        done = ledger.read(lay, quiz)
        todo = []
        prints = {}
        for learner in chosen:
            fp = checks.fingerprint(lay.submitted_dir(learner, quiz))
            prints[learner] = fp
            old = done.get(learner)
            if not force and old and old.get("fingerprint") == fp and old.get("status") == "graded":
                result.skipped.append(learner)
                result.entries[learner] = old
            else:
                todo.append(learner)
        if result.skipped:
            echo(f"{len(result.skipped)} learner(s) already graded and unchanged: skipped.")
        if not todo:
            echo(f"Nothing to grade for {quiz}.")
            result.seconds = time.monotonic() - t_start
            return result

        inspections = {}
        for learner in todo:
            ins = checks.inspect(lay, quiz, learner)
            if ins.use_standin:
                checks.make_standin(lay, quiz, learner)
            inspections[learner] = ins

        n = max(1, min(workers, len(todo)))
        echo(f"Grading {len(todo)} learner(s) of {quiz} with {n} worker process(es) ...")
        run_dir = lay.work / f"run-{os.getpid()}"
        if run_dir.exists():
            shutil.rmtree(run_dir)
        run_dir.mkdir(parents=True)
        ctx = mp.get_context("fork")
        tasks, results = ctx.Queue(), ctx.Queue()
        for learner in todo:
            tasks.put((learner, inspections[learner].use_standin))

        procs: dict[int, mp.Process] = {}

        def start_worker(wid: int) -> None:
            db = run_dir / f"worker{wid}.db"
            shutil.copy(lay.gradebook, db)
            p = ctx.Process(target=worker.run, name=f"backschool-grader-{wid}",
                            args=(wid, lay, quiz, str(db), cell_timeout, feedback, tasks, results), daemon=True)
            p.start()
            procs[wid] = p

        for wid in range(n):
            start_worker(wid)
        next_id = [n]
        current: dict[int, str] = {}
        remaining = set(todo)
        from nbgrader.api import Gradebook

        gb = Gradebook(lay.db_url, load_course().course_id)
        try:
            while remaining:
                try:
                    kind, wid, learner, out = results.get(timeout=2)
                except queue.Empty:
                    for wid, p in list(procs.items()):
                        if not p.is_alive():  # a grader process itself died: record, replace
                            lost = current.pop(wid, None)
                            del procs[wid]
                            if lost in remaining:
                                _finish(lay, quiz, gb, lost, prints[lost], inspections[lost],
                                        {"status": "failed", "flags": ["could not be graded: the grading process died"]},
                                        result, remaining, echo, len(todo))
                            if remaining:
                                start_worker(next_id[0]); next_id[0] += 1
                    continue
                if kind == "start":
                    current[wid] = learner
                    continue
                current.pop(wid, None)
                if learner in remaining:
                    _finish(lay, quiz, gb, learner, prints[learner], inspections[learner], out,
                            result, remaining, echo, len(todo))
        finally:
            gb.close()
            for _ in procs:
                tasks.put(worker.STOP)
            for p in procs.values():
                p.join(timeout=20)
                if p.is_alive():
                    p.terminate()
            shutil.rmtree(run_dir, ignore_errors=True)
    result.seconds = time.monotonic() - t_start
    echo(f"Graded {len(result.graded)}, failed {len(result.failed)}, skipped {len(result.skipped)} "
         f"in {result.seconds:.1f} s.")
    return result


def _finish(lay, quiz, gb, learner, fp, ins, out, result, remaining, echo, total) -> None:
    flags = list(ins.flags) + list(out.get("flags", []))
    entry = {"fingerprint": fp, "status": out["status"], "flags": flags,
             "graded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "seconds": out.get("seconds"), "worker": out.get("worker")}
    if out["status"] == "graded":
        score, max_score = _merge(gb, quiz, learner, out)
        entry.update(auto_score=score, auto_max=max_score, items=_items(out))
        result.graded.append(learner)
    else:
        entry.update(auto_score=None, auto_max=None, items={})
        result.failed.append(learner)
    ledger.record(lay, quiz, learner, entry)  # only after the gradebook commit
    result.entries[learner] = entry
    remaining.discard(learner)
    done = total - len(remaining)
    shown = f"{entry['auto_score']:g}/{entry['auto_max']:g}" if entry["auto_score"] is not None else "NOT GRADED"
    note = f"  ({'; '.join(flags)})" if flags else ""
    echo(f"[{done:>3}/{total}] {learner}: {shown}{note}")
