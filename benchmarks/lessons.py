"""P1 and P4: how long each lesson takes to run, against the kernel-start floor, and its kernel's memory.

The floor is an empty one-cell notebook run the same way in the same process, so the ratio
says what the lesson itself costs a learner beyond starting Python. Each lesson's runs alternate with
runs of the floor, and its ratio is taken against those: this machine's speed drifts by a quarter or
more within minutes (a fixed Python loop took 0.72-1.37 s on 2026-12-02), and a floor measured once,
before every lesson, put that drift into the ratios.

One extra row, not budgeted, shows what the figures would cost as ``plotly.graph_objects.FigureWidget``
(the posture lesson plus one FigureWidget of its disc-load chart): the evidence for drawing static
figures in an ``Output`` instead.

nbclient now and then waits out a whole timeout for a reply while the kernel sits idle (seen here about
once in 50 runs on a busy machine; compare jupyter/nbclient#312). A run that times out or takes
``CELL_TIMEOUT`` seconds or more (every lesson takes a few seconds) is counted as a stall and run
again, so one lost message cannot decide a figure.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_code_cell, new_notebook

from backschool.manifest import load_course

CELL_TIMEOUT = 20
# The table only: no "Kernel is running over TCP without encryption" warning from each loopback kernel.
QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]
MAX_STALLS = 5
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
FLOOR_NOTEBOOK = new_notebook(cells=[new_code_cell("1 + 1")], metadata={"kernelspec": KERNELSPEC})  # run_once copies it
FIGUREWIDGET_ROW = "(FigureWidget)"
FIGUREWIDGET_LESSON = "posture"
FIGUREWIDGET_CELL = "import plotly.graph_objects as go\ngo.FigureWidget(bs.disc_load().figure)"


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def run_once(nb: nbformat.NotebookNode, folder: Path) -> tuple[float, float]:
    """Execute a copy of ``nb`` in a fresh kernel; return (seconds, kernel RSS in MB at the end)."""
    nb = nbformat.from_dict(nb)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, startup_timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(folder)}}, extra_arguments=QUIET_KERNEL)
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        rss = _rss_mb(client.km.provisioner.process.pid)
    return elapsed, rss


class _Runner:
    """Runs notebooks, re-running a run that stalled (see the module docstring) and counting stalls."""

    def __init__(self) -> None:
        self.stalls = 0

    def run(self, nb: nbformat.NotebookNode, folder: Path) -> tuple[float, float]:
        while True:
            try:
                seconds, rss = run_once(nb, folder)
                if seconds < CELL_TIMEOUT:
                    return seconds, rss
            except DeadKernelError:
                raise
            except (CellTimeoutError, RuntimeError):  # RuntimeError: no kernel_info reply at start-up
                pass
            self.stalls += 1
            if self.stalls > MAX_STALLS:
                raise RuntimeError(f"{self.stalls} notebook runs stalled; the machine is too busy to measure")

    def median_row(self, nb: nbformat.NotebookNode, folder: Path, repeats: int,
                   floor_runs: list[float]) -> dict:
        """``nb`` run ``repeats`` times, each after one run of the floor (added to ``floor_runs``)."""
        runs, floors = [], []
        for _ in range(repeats):
            floors.append(self.run(FLOOR_NOTEBOOK, Path.cwd())[0])
            runs.append(self.run(nb, folder))
        floor_runs.extend(floors)
        seconds, floor = statistics.median(r[0] for r in runs), statistics.median(floors)
        return {"seconds": seconds, "floor_seconds": floor, "ratio": seconds / floor,
                "rss_mb": max(r[1] for r in runs)}


def measure(repeats: int = 5, only: list[str] | None = None, figurewidget: bool = True) -> dict:
    """Median run time per lesson, its ratio to the floor, and the kernel's memory after it.

    ``figurewidget`` adds the unbudgeted FigureWidget row under ``"figurewidget"``; ``stalls`` counts
    runs that were stopped and run again.
    """
    course = load_course()
    runner = _Runner()
    lessons = [lesson for lesson in course.lessons if not only or lesson.id in only]
    floor_runs: list[float] = []
    rows = {}
    for lesson in lessons:
        nb = nbformat.read(str(lesson.notebook), as_version=4)
        rows[lesson.id] = runner.median_row(nb, lesson.notebook.parent, repeats, floor_runs)
    out = {"lessons": rows, "figurewidget": None}
    if figurewidget:
        lesson = next((x for x in course.lessons if x.id == FIGUREWIDGET_LESSON), course.lessons[0])
        nb = nbformat.read(str(lesson.notebook), as_version=4)
        nb.cells.append(new_code_cell(FIGUREWIDGET_CELL))
        out["figurewidget"] = {"lesson": lesson.id,
                               **runner.median_row(nb, lesson.notebook.parent, repeats, floor_runs)}
    out["floor_seconds"] = statistics.median(floor_runs)
    out["floor_range"] = (min(floor_runs), max(floor_runs))
    out["floor_runs"] = len(floor_runs)
    out["stalls"] = runner.stalls
    return out
