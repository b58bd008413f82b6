"""P5: from clicking a lesson link on the course home to that lesson's first working widget, in chromium.

`./course learn` is started as a learner starts it (loopback, a token, a throw-away home) and Debian's
headless Chromium (Playwright) opens the course home, clicks "Lesson N: ..." and waits until the first
widget control (a box, a button, a list) is drawn by the widget manager, which needs the lesson's kernel
running and connected. Lessons go in manifest order, each from the course home.

The time is taken in the page, on the browser's own clock (``IN_PAGE``): from the click event on the
course home to the first animation frame in which a control is on screen. Playwright's own wait polls
the page at growing intervals (up to 0.5 s apart), so the moment it notices the widget is late by up
to that much; it is reported beside, as "seen by Playwright".

Per-learner memory: the resident memory of the learner's Jupyter server plus every process under it
(its kernels: the lesson's, and the warm one kept for the next lesson, backschool/learnerapp/warm.py),
read every 0.25 s for ``HOLD_SECONDS`` after each lesson's first widget while the page stays open (so
the warm kernel started behind the lesson is counted); the figure is the largest reading, with the
number of kernels alive then (a kernel left running after its page is closed shows up here).

    python -m benchmarks.clicks
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from backschool.manifest import load_course
from backschool.testing import browser

CONTROL = ".jupyter-widgets :is(input, select, button, textarea)"
# Runs in every page: the course home keeps the click's time (in the tab's session storage), and a
# lesson page checks each animation frame for a control with a size that is not hidden.
IN_PAGE = """
document.addEventListener("click", (e) => sessionStorage.setItem("bs-click", String(performance.timeOrigin + e.timeStamp)), true);
(function watch() {
  for (const el of document.querySelectorAll(%r)) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && el.checkVisibility()) { window.bsFirstWidget = performance.timeOrigin + performance.now(); return; }
  }
  requestAnimationFrame(watch);
})();
""" % CONTROL
SINCE_CLICK = "(window.bsFirstWidget - Number(sessionStorage.getItem('bs-click'))) / 1000"
HOLD_SECONDS = 2.0  # the learner reads the lesson this long before going back to the course home


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


def _hold(server_pid: int, seconds: float) -> tuple[float, int]:
    """The largest (MB, kernels) read over ``seconds`` while the learner reads the page."""
    readings = [_learner_memory(server_pid)]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.25)
        readings.append(_learner_memory(server_pid))
    return max(readings)


def measure(hold: float = HOLD_SECONDS) -> dict:
    """Seconds from the click to the first widget per lesson, and the largest per-learner memory."""
    import playwright.sync_api as pw

    course = load_course()
    rows: dict[str, dict] = {}
    with browser.learner_server(Path(tempfile.mkdtemp(prefix="backschool-p5-")), timeout=120) as server, \
            pw.sync_playwright() as p:
        url, token = server["url"], server["token"]
        ctx = browser.persistent_context(p, server["base"] / "chromium")
        ctx.add_init_script(IN_PAGE)
        page = browser.first_page(ctx, timeout_ms=120_000)
        page.goto(f"{url}/backschool/?token={token}")
        for lesson in course.lessons:
            page.goto(f"{url}/backschool/")
            link = page.get_by_role("link", name=f"Lesson {lesson.number}: {lesson.title}", exact=True)
            link.wait_for()
            t0 = time.perf_counter()
            link.click()
            page.locator(CONTROL).first.wait_for(state="visible")
            polled = time.perf_counter() - t0
            page.wait_for_function("window.bsFirstWidget")
            seconds = page.evaluate(SINCE_CLICK)
            mb, kernels = _hold(server["pid"], hold)
            rows[lesson.id] = {"seconds": seconds, "polled": polled, "learner_mb": mb, "kernels": kernels}
        ctx.close()
    times = [r["seconds"] for r in rows.values()]
    worst_mb = max(rows.values(), key=lambda r: r["learner_mb"])
    return {"lessons": rows, "median": statistics.median(times), "worst": max(times),
            "polled_median": statistics.median(r["polled"] for r in rows.values()),
            "learner_mb": worst_mb["learner_mb"], "kernels": worst_mb["kernels"]}


def report(data: dict) -> list[str]:
    lines = [f"{'lesson':<16}{'P5 s':>7}{'seen by Playwright s':>22}{'learner MB':>12}{'kernels':>9}"]
    for lesson_id, row in data["lessons"].items():
        lines.append(f"{lesson_id:<16}{row['seconds']:>7.2f}{row['polled']:>22.2f}{row['learner_mb']:>12.0f}"
                     f"{row['kernels']:>9}")
    return lines


if __name__ == "__main__":
    result = measure()
    print("\n".join(report(result)))
    print(f"P5 median {result['median']:.2f} s (seen by Playwright {result['polled_median']:.2f} s), "
          f"worst {result['worst']:.2f} s; "
          f"per-learner memory {result['learner_mb']:.0f} MB with {result['kernels']} kernel(s)")
