"""P1 and P4: how long each lesson takes to run, against the kernel-start floor, and its kernel's memory.

The floor is an empty one-cell notebook run the same way in the same process, so the ratio
says what the lesson itself costs a learner beyond starting Python.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from backschool.manifest import load_course


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def run_once(nb: nbformat.NotebookNode, folder: Path) -> tuple[float, float]:
    """Execute a copy of ``nb`` in a fresh kernel; return (seconds, kernel RSS in MB at the end)."""
    nb = nbformat.from_dict(nb)
    client = NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
        rss = _rss_mb(client.km.provisioner.process.pid)
    return elapsed, rss


def measure(repeats: int = 5, only: list[str] | None = None) -> dict:
    """Median run time per lesson, its ratio to the floor, and the kernel's memory after it."""
    course = load_course()
    empty = new_notebook(cells=[new_code_cell("1 + 1")], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    lessons = [lesson for lesson in course.lessons if not only or lesson.id in only]
    floor = statistics.median(run_once(empty, Path.cwd())[0] for _ in range(repeats))
    rows = {}
    for lesson in lessons:
        nb = nbformat.read(str(lesson.notebook), as_version=4)
        runs = [run_once(nb, lesson.notebook.parent) for _ in range(repeats)]
        seconds = statistics.median(r[0] for r in runs)
        rows[lesson.id] = {"seconds": seconds, "ratio": seconds / floor, "rss_mb": max(r[1] for r in runs)}
    return {"floor_seconds": floor, "lessons": rows}
