"""P5: from clicking a lesson link on the course home to that lesson's first working widget, in chromium.

`./course learn` is started as a learner starts it (loopback, a token, a throw-away home) and Debian's
headless Chromium (Playwright) opens the course home, clicks "Lesson N: ..." and waits until the first
widget control (a box, a button, a list) is drawn by the widget manager, which needs the lesson's kernel
running and connected. Lessons go in manifest order, each from the course home.

Per-learner memory: the resident memory of the learner's Jupyter server plus every process under it
(its kernels), read right after each lesson's first widget; the figure is the largest reading, with the
number of kernels still alive then (a kernel left running after its page is closed shows up here).

    python -m benchmarks.clicks
"""
from __future__ import annotations

import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from backschool.manifest import load_course, repo_root

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
CONTROL = ".jupyter-widgets :is(input, select, button, textarea)"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _learner_memory(server_pid: int) -> tuple[float, int]:
    """(MB for the server and everything under it, number of kernels among them)."""
    pids = _tree(server_pid)
    kernels = 0
    for p in pids[1:]:
        try:
            kernels += b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()
        except OSError:
            pass
    return sum(_rss_mb(p) for p in pids), kernels


def measure() -> dict:
    """Seconds from the click to the first widget per lesson, and the largest per-learner memory."""
    import playwright.sync_api as pw

    course = load_course()
    base = Path(tempfile.mkdtemp(prefix="backschool-p5-"))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "BACKSCHOOL_"))},
           "HOME": str(base), "BACKSCHOOL_LEARNER_DIR": str(base / "learner"),
           "BACKSCHOOL_DATA_DIR": str(base / "data"), "JUPYTER_CONFIG_DIR": str(base / "config"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
           "PYTHON": sys.executable}
    log = open(base / "learn.log", "w")
    proc = subprocess.Popen([str(repo_root() / "course"), "learn", "--no-browser", f"--ServerApp.port={port}",
                             f"--IdentityProvider.token={token}"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    rows: dict[str, dict] = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((base / "learn.log").read_text()[-3000:])
            try:
                if requests.get(f"{url}/api/status", params={"token": token}, timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        with pw.sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(str(base / "chromium"), executable_path=CHROMIUM,
                                                       headless=True, args=ARGS,
                                                       viewport={"width": 1280, "height": 1000})
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}/backschool/?token={token}")
            for lesson in course.lessons:
                page.goto(f"{url}/backschool/")
                link = page.get_by_role("link", name=f"Lesson {lesson.number}: {lesson.title}", exact=True)
                link.wait_for()
                t0 = time.perf_counter()
                link.click()
                page.locator(CONTROL).first.wait_for(state="visible")
                seconds = time.perf_counter() - t0
                mb, kernels = _learner_memory(proc.pid)
                rows[lesson.id] = {"seconds": seconds, "learner_mb": mb, "kernels": kernels}
            ctx.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    times = [r["seconds"] for r in rows.values()]
    worst_mb = max(rows.values(), key=lambda r: r["learner_mb"])
    return {"lessons": rows, "median": statistics.median(times), "worst": max(times),
            "learner_mb": worst_mb["learner_mb"], "kernels": worst_mb["kernels"]}


def report(data: dict) -> list[str]:
    lines = [f"{'lesson':<16}{'P5 s':>7}{'learner MB':>12}{'kernels':>9}"]
    for lesson_id, row in data["lessons"].items():
        lines.append(f"{lesson_id:<16}{row['seconds']:>7.2f}{row['learner_mb']:>12.0f}{row['kernels']:>9}")
    return lines


if __name__ == "__main__":
    result = measure()
    print("\n".join(report(result)))
    print(f"P5 median {result['median']:.2f} s, worst {result['worst']:.2f} s; "
          f"per-learner memory {result['learner_mb']:.0f} MB with {result['kernels']} kernel(s)")
