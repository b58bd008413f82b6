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

On a clinic hub (``measure_hub``, P5 hub in ``./course bench``): a real hub from deploy/jupyterhub_config.py
with its defaults, a learner logged in through its login form; the same clicks through the hub's proxy.
There the warm kernel is made only while the learner is on the course home (``refill = at_home``), so the
learner looks at the home for ``HUB_HOME_SECONDS`` before each click, and memory is read then too.

    python -m benchmarks.clicks        (both)
"""
from __future__ import annotations

import os
import pwd
import statistics
import tempfile
import time
from pathlib import Path

from backschool.manifest import load_course
from backschool.testing import browser

CONTROL = ".jupyter-widgets :is(input, select, button, textarea)"
# Runs in every page: the course home keeps the click's time (in the tab's session storage), and a
# lesson page checks each animation frame for a control with a size that is not hidden. Until a control
# is in the page it only looks for one (no layout forced, so the watch itself costs the page nothing).
IN_PAGE = """
document.addEventListener("click", (e) => sessionStorage.setItem("bs-click", String(performance.timeOrigin + e.timeStamp)), true);
const controls = ["input", "select", "button", "textarea"].map((tag) => document.getElementsByTagName(tag));  // live lists
(function watch() {
  const found = controls.some((list) => list.length) ? document.querySelectorAll(%r) : [];
  for (const el of found) {
    if (!el.checkVisibility()) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) { window.bsFirstWidget = performance.timeOrigin + performance.now(); return; }
  }
  requestAnimationFrame(watch);
})();
""" % CONTROL
SINCE_CLICK = "(window.bsFirstWidget - Number(sessionStorage.getItem('bs-click'))) / 1000"
HOLD_SECONDS = 2.0  # the learner reads the lesson this long before going back to the course home
HUB_HOME_SECONDS = 3.0  # on the hub, the learner looks at the course home this long before clicking


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


def _click_lessons(page, home: str, server_pid: int, hold: float, at_home: float) -> dict:
    """Each lesson in manifest order, clicked from the course home at ``home``: the figures of one learner."""
    rows: dict[str, dict] = {}
    for lesson in load_course().lessons:
        page.goto(home)
        link = page.get_by_role("link", name=f"Lesson {lesson.number}: {lesson.title}", exact=True)
        link.wait_for()
        home_mb = _hold(server_pid, at_home) if at_home else (0.0, 0)
        t0 = time.perf_counter()
        link.click()
        page.locator(CONTROL).first.wait_for(state="visible")
        polled = time.perf_counter() - t0
        page.wait_for_function("window.bsFirstWidget")
        seconds = page.evaluate(SINCE_CLICK)
        mb, kernels = max(_hold(server_pid, hold), home_mb)
        rows[lesson.id] = {"seconds": seconds, "polled": polled, "learner_mb": mb, "kernels": kernels}
    times = [r["seconds"] for r in rows.values()]
    worst_mb = max(rows.values(), key=lambda r: r["learner_mb"])
    return {"lessons": rows, "median": statistics.median(times), "worst": max(times),
            "polled_median": statistics.median(r["polled"] for r in rows.values()),
            "learner_mb": worst_mb["learner_mb"], "kernels": worst_mb["kernels"]}


def measure(hold: float = HOLD_SECONDS) -> dict:
    """``./course learn``: seconds from the click to the first widget per lesson, and the largest
    per-learner memory. The warm kernel is refilled behind each open lesson (``after_page``)."""
    import playwright.sync_api as pw

    with browser.learner_server(Path(tempfile.mkdtemp(prefix="backschool-p5-")), timeout=120) as server, \
            pw.sync_playwright() as p:
        url, token = server["url"], server["token"]
        ctx = browser.persistent_context(p, server["base"] / "chromium")
        ctx.add_init_script(IN_PAGE)
        page = browser.first_page(ctx, timeout_ms=120_000)
        page.goto(f"{url}/backschool/?token={token}")
        try:
            return _click_lessons(page, f"{url}/backschool/", server["pid"], hold, at_home=0.0)
        finally:
            ctx.close()


def _server_of(user: str) -> int:
    """The pid of ``user``'s single-user server on the hub (it runs as that Unix user)."""
    uid = pwd.getpwnam(user).pw_uid
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid and b"jupyterhub-singleuser" in Path(
                        f"/proc/{entry}/cmdline").read_bytes():
                    return int(entry)
            except OSError:
                continue
    raise RuntimeError(f"no server running for {user}")


def measure_hub(hold: float = HOLD_SECONDS, at_home: float = HUB_HOME_SECONDS) -> dict:
    """The same clicks by a learner logged in on a real clinic hub (deploy/jupyterhub_config.py, its
    defaults: the warm kernel is refilled only on the course home, ``at_home``), through the hub's proxy.
    The learner looks at the course home for ``at_home`` seconds before each click."""
    import playwright.sync_api as pw

    from backschool.testing.hubtools import open_clinic

    base = Path(tempfile.mkdtemp(prefix="backschool-p5-hub-"))

    class _Folders:  # what open_clinic asks of pytest's tmp_path_factory
        @staticmethod
        def mktemp(name: str) -> Path:
            return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=base))

        @staticmethod
        def getbasetemp() -> Path:
            return base

    with open_clinic(_Folders()) as clinic, pw.sync_playwright() as p:
        hub, user = clinic["hub"], clinic["names"]["learner1"]
        ctx, page = browser.hub_login(p, hub, user, _Folders.mktemp("chromium"))
        ctx.add_init_script(IN_PAGE)
        page.set_default_timeout(120_000)
        try:
            return _click_lessons(page, f"{hub.url}/user/{user}/backschool/", _server_of(user), hold, at_home)
        finally:
            ctx.close()


def report(data: dict) -> list[str]:
    lines = [f"{'lesson':<16}{'P5 s':>7}{'seen by Playwright s':>22}{'learner MB':>12}{'kernels':>9}"]
    for lesson_id, row in data["lessons"].items():
        lines.append(f"{lesson_id:<16}{row['seconds']:>7.2f}{row['polled']:>22.2f}{row['learner_mb']:>12.0f}"
                     f"{row['kernels']:>9}")
    return lines


if __name__ == "__main__":
    for where, result in (("./course learn", measure()), ("clinic hub", measure_hub())):
        print(where)
        print("\n".join(report(result)))
        print(f"P5 median {result['median']:.2f} s (seen by Playwright {result['polled_median']:.2f} s), "
              f"worst {result['worst']:.2f} s; "
              f"per-learner memory {result['learner_mb']:.0f} MB with {result['kernels']} kernel(s)")
