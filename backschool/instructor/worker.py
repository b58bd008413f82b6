"""A long-lived grading process: grades many learners with its *own* gradebook copy.

Nothing here writes to the course gradebook. Each worker has a private SQLite file (a copy of the
course gradebook made before it starts) and sends each learner's grades back to the parent, which
is the only writer of the course gradebook (see grading.py). The notebooks it grades are the ones
the parent built from the release and the learners' inspected answers (intake.py); their kernels
run in the box (box.py).
"""
from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import time
import traceback
from pathlib import Path

import nbformat

from .paths import CourseLayout

STOP = None


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, so a killed batch leaves no grader (and no box) behind."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: nbclient catches SIGTERM while it runs a notebook
    except OSError:
        pass


def _fresh_event_loop() -> None:
    """Forked from a process whose event loop runs (the formgrader's server): forget that loop.

    The copy of a running loop looks busy for ever in the child; asyncio and jupyter_core's
    ``run_sync`` (which keeps the loop in a context variable) would both try to reuse it.
    """
    from jupyter_core import utils as jupyter_utils

    asyncio.events._set_running_loop(None)
    jupyter_utils._loop.set(None)
    asyncio.set_event_loop(asyncio.new_event_loop())


def _last_error_line(res: dict) -> str:
    text = (res.get("error") or "") + "\n" + (res.get("log") or "")
    lines = [ln.strip() for ln in text.splitlines() if "Error" in ln or "Exception" in ln]
    lines = [ln for ln in lines if not ln.startswith("[ERROR] Please see") and "NbGraderException" not in ln]
    return (lines[-1] if lines else "unknown error")[:200]


class Grader:
    """One NbGraderAPI reading the built hand-ins and writing this worker's gradebook copy."""

    def __init__(self, lay: CourseLayout, db_path: Path, cell_timeout: int, feedback: bool):
        from .steps import api

        self.lay = lay
        self.db_url = f"sqlite:///{db_path}"
        self.cell_timeout = cell_timeout
        self.feedback = feedback
        self.api = api(lay, db_url=self.db_url, cell_timeout=cell_timeout,
                       submitted_directory=str(lay.built.relative_to(lay.root)))

    def _timeouts(self, quiz: str, learner: str) -> int:
        path = self.lay.autograded_dir(learner, quiz) / f"{quiz}.ipynb"
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            return 0
        return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                   if o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError")

    def _read_grades(self, quiz: str, learner: str) -> dict:
        from nbgrader.api import Gradebook

        from ..manifest import load_course

        with Gradebook(self.db_url, load_course().course_id) as gb:
            sub = gb.find_submission(quiz, learner)
            notebooks = {}
            for snb in sub.notebooks:
                notebooks[snb.name] = {
                    "grades": {g.name: {"auto_score": g.auto_score, "max_score": g.max_score,
                                        "needs_manual_grade": bool(g.needs_manual_grade),
                                        "manual_score": g.manual_score, "cell_type": g.cell.cell_type} for g in snb.grades},
                    "comments": {c.name: c.auto_comment for c in snb.comments},
                }
            return {"timestamp": sub.timestamp, "notebooks": notebooks}

    def grade(self, quiz: str, learner: str) -> dict:
        res = self.api.autograde(quiz, learner, force=True, create=True)
        if not res.get("success"):
            return {"status": "failed", "flags": [f"could not be graded: {_last_error_line(res)}"]}
        flags = []
        stopped = self._timeouts(quiz, learner)
        if stopped:
            flags.append(f"{stopped} cell(s) ran longer than {self.cell_timeout} s and were stopped; "
                         "the rest was graded")
        out = {"status": "graded", "flags": flags, **self._read_grades(quiz, learner)}
        if self.feedback:
            fb = self.api.generate_feedback(quiz, learner, force=True)
            if not fb.get("success"):
                out["flags"].append(f"feedback could not be made: {_last_error_line(fb)}")
        return out


def run(wid: int, lay: CourseLayout, quiz: str, db_path: str, cell_timeout: int, feedback: bool,
        tasks, results) -> None:
    """Worker main loop: take learners until STOP; report ('start'|'done', wid, learner, out)."""
    _die_with_parent()
    _fresh_event_loop()
    import warnings

    warnings.filterwarnings("ignore", module="nbgrader")  # nbgrader's own SQLAlchemy warnings
    warnings.filterwarnings("ignore", message=".*not in session.*")
    parent = os.getppid()
    grader = Grader(lay, Path(db_path), cell_timeout, feedback)
    while True:
        learner = tasks.get()
        if learner is STOP or os.getppid() != parent:
            break
        results.put(("start", wid, learner, None))
        t0 = time.monotonic()
        try:
            out = grader.grade(quiz, learner)
        except Exception as exc:  # never let one learner stop the batch
            out = {"status": "failed", "flags": [f"could not be graded: {type(exc).__name__}: {exc}"],
                   "trace": traceback.format_exc()}
        out["seconds"] = round(time.monotonic() - t0, 2)
        out["worker"] = wid
        results.put(("done", wid, learner, out))
    from .box import close_warm_kernel

    close_warm_kernel()
