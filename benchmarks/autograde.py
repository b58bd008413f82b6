"""P2: grade the same 30-learner class with plain nbgrader and with ours, side by side.

- nbgrader: one sequential ``nbgrader autograde QUIZ`` CLI call in the course root, with
  nbgrader's own defaults (it runs each hand-in's notebook as it is, one new kernel each);
- ours: ``backschool instructor autograde QUIZ --no-feedback``: hand-ins read as data, 2 worker
  processes, each with one warm boxed kernel (instructor/box.py).

Both start from an identical copy of the course (generated quiz, 30 submissions, no grades) and
both are timed as a fresh process, start-up included. Scores must agree. The figure is the median
ratio of at least 3 paired runs, printed with its spread. Goal: ratio >= 4 on 2 cores.

    python -m benchmarks.autograde        # prints each pair, the median ratio and the spread
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIZ = "quiz01"


def _env(root: Path) -> dict:
    env = dict(os.environ)
    env["BACKSCHOOL_COURSE_DIR"] = str(root)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _scores(root: Path) -> dict[str, float]:
    con = sqlite3.connect(root / "gradebook.db")
    rows = con.execute(
        "select student.id, sum(coalesce(grade.auto_score, 0)) from grade "
        "join grade_cells on grade_cells.id = grade.cell_id "
        "join submitted_notebook on submitted_notebook.id = grade.notebook_id "
        "join submitted_assignment on submitted_assignment.id = submitted_notebook.assignment_id "
        "join student on student.id = submitted_assignment.student_id "
        "where grade_cells.cell_type = 'code' group by student.id").fetchall()
    return dict(rows)


def _prepare(base: Path, n: int) -> Path:
    from backschool.instructor import paths, steps
    from backschool.manifest import load_course
    from backschool.testing import classgen, quizkey

    lay = paths.layout(base / "course")
    steps.generate(lay, QUIZ)
    items = quizkey.items(load_course().quiz(QUIZ).notebook)
    learners = classgen.plan_class(items, n=n, seed=20261123, bad_kinds=())
    classgen.write_class(lay.release_notebook(QUIZ), lay.submitted, QUIZ, learners)
    return lay.root


def course_id() -> str:
    from backschool.manifest import load_course

    return load_course().course_id


def _timed(cmd: list[str], cwd: Path, env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return took


def measure(n: int = 30, workers: int = 2) -> dict:
    """{'nbgrader_seconds', 'ours_seconds', 'ratio', 'learners', 'scores_agree'}."""
    with tempfile.TemporaryDirectory(prefix="bs-bench-") as tmp:
        base = Path(tmp)
        a = _prepare(base, n)
        b = base / "course-ours"
        shutil.copytree(a, b, symlinks=True)
        (a / "nbgrader_config.py").unlink()  # plain nbgrader: its own defaults, only the course named
        (a / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.course_id = {course_id()!r}\n")
        t_nbgrader = _timed([str(Path(sys.executable).parent / "nbgrader"), "autograde", QUIZ], a, _env(a))
        t_ours = _timed([sys.executable, "-m", "backschool.cli", "instructor", "autograde", QUIZ,
                         "--course-dir", str(b), "--workers", str(workers), "--no-feedback"], b, _env(b))
        sa, sb = _scores(a), _scores(b)
    return {"learners": n, "nbgrader_seconds": t_nbgrader, "ours_seconds": t_ours,
            "ratio": t_nbgrader / t_ours, "scores_agree": sa == sb and len(sa) == n}


def measure_paired(runs: int = 3, n: int = 30, workers: int = 2) -> dict:
    """``runs`` paired measurements: {'pairs', 'ratio' (median), 'low', 'high', 'scores_agree'}."""
    pairs = [measure(n=n, workers=workers) for _ in range(runs)]
    ratios = sorted(p["ratio"] for p in pairs)
    return {"pairs": pairs, "ratio": statistics.median(ratios), "low": ratios[0], "high": ratios[-1],
            "scores_agree": all(p["scores_agree"] for p in pairs)}


def main() -> int:
    data = measure_paired()
    for p in data["pairs"]:
        print(f"nbgrader {p['nbgrader_seconds']:.1f} s, ours {p['ours_seconds']:.1f} s: {p['ratio']:.2f}x")
    print(f"speed-up: median {data['ratio']:.2f}x (spread {data['low']:.2f}-{data['high']:.2f}x, goal >= 4x); "
          f"scores agree: {data['scores_agree']}")
    return 0 if data["scores_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
