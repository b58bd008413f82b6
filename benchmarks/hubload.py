"""P6: a class at once on the real hub. ``python -m benchmarks.hubload [--learners N]``

Starts deploy/jupyterhub_config.py on 127.0.0.1 with real Unix users (backschool/testing/hubtools.py, needs
root), releases quiz 1, then N learners at once (one thread each) do what the learner's pages do,
with plain HTTP requests through the hub's proxy: log in on the hub's form, start their server,
open the course home, open lesson 1 in Voila until its kernel answers (the page's widgets are live)
and its links are loaded, open quiz 1 (fetched from nbgrader's exchange), save every answer and a
written answer with the page's fetches (X-XSRFToken), hand in, then ask for the feedback as the
page does until the instant-feedback service has graded it, and check the score on the home.

Measured: errors, time to lesson ready and to feedback (p95), and peak memory: the summed RSS of
every process under the hub (proxy, services, learners' servers, their kernels, grading), sampled
while the class runs. Shared pages are counted in each process, so the sum overstates a little.

Loopback only. Bounded: at most MAX_LEARNERS threads and a deadline, after which every learner
stops; the hub, its servers and the users are removed whatever happens.
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from backschool.testing import classgen, hubtools, quizkey  # the class's answers; a real hub on loopback

QUIZ = "quiz01"
MAX_LEARNERS = 60
GIB = 1024**3
MACHINE_BYTES = 24 * GIB
LESSON_LIMIT_S = 120.0  # a lesson page not complete by then counts as an error
POLL_SECONDS = 2.0  # the quiz page asks every 4 s; asking more often measures the wait more finely
SCORE = re.compile(r"Your score: ([\d.]+) out of ([\d.]+)")


class LearnerFailed(RuntimeError):
    pass


def p95(values: list[float]) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[94]


class MemorySampler(threading.Thread):
    """Sum of RSS of a process and all its descendants, every ``every`` seconds; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak, self.peak_procs, self.samples = 0, 0, 0
        self._halt = threading.Event()

    def sample(self) -> tuple[int, int]:
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0, 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total, len(procs)

    def run(self) -> None:
        while not self._halt.is_set():
            total, count = self.sample()
            self.samples += 1
            if total > self.peak:
                self.peak, self.peak_procs = total, count
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(10)


class Learner:
    """One learner's journey through the pages, with plain HTTP (requests) and one websocket."""

    def __init__(self, hub: hubtools.Hub, name: str, plan: classgen.Learner, lesson: str, deadline: float) -> None:
        self.hub, self.name, self.plan, self.lesson, self.deadline = hub, name, plan, lesson, deadline
        self.base = f"{hub.url}/user/{name}/"
        self.times: dict[str, float] = {}
        self.step = "start"
        self.session = None

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise LearnerFailed(f"deadline passed during {self.step}")
        return left

    def _check(self, r, what: str, *, text: str | None = None):
        if r.status_code != 200:
            raise LearnerFailed(f"{what}: HTTP {r.status_code} at {r.url}: {r.text[:300]}")
        if text is not None and text not in r.text:
            raise LearnerFailed(f"{what}: {text!r} not on the page at {r.url}")
        return r

    def _server_xsrf(self) -> str:
        """The learner server's _xsrf cookie (the hub has its own under /hub/)."""
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{self.name}"):
                return cookie.value
        raise LearnerFailed("the learner's server set no _xsrf cookie")

    def run(self, course_title: str) -> dict:
        t0 = time.monotonic()
        self.step = "log in"
        self.session = self.hub.login(self.name)
        self.step = "start server"
        self.session.get(f"{self.hub.url}/hub/spawn", timeout=min(60, self.left()))
        while True:  # as the spawn-pending page does: go to the server once it is there
            r = self.session.get(self.base + "backschool/", timeout=min(60, self.left()))
            if r.status_code == 200 and r.url.rstrip("/").endswith(f"/user/{self.name}/backschool"):
                break
            if r.status_code >= 500 or "/hub/spawn-pending/" not in r.url and r.status_code != 200:
                raise LearnerFailed(f"server start: HTTP {r.status_code} at {r.url}: {r.text[:300]}")
            time.sleep(0.5)
        self.step = "course home"
        self._check(r, "course home", text=course_title)
        self.times["home"] = time.monotonic() - t0
        self.open_lesson()
        self.answer_and_hand_in()
        self.wait_for_feedback()
        return {"name": self.name, **self.times}

    def open_lesson(self) -> None:
        """Lesson ready: Voila has run the notebook, its kernel answers on the widgets' websocket,
        and the page's links (its own fetch with the _xsrf token) are there."""
        import websocket  # websocket-client

        self.step = "lesson"
        t0 = time.monotonic()
        r = self._check(self._get_within(self.base + f"voila/render/lessons/{self.lesson}", LESSON_LIMIT_S),
                        "lesson", text="application/vnd.jupyter.widget-view+json")
        found = re.search(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"', r.text)
        if not found:
            raise LearnerFailed("lesson page names no kernel")
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies if c.path.startswith(f"/user/{self.name}"))
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.hub.port}/user/{self.name}/api/kernels/{found.group(1)}/channels",
            header=[f"Cookie: {cookies}"], origin=self.hub.url, timeout=min(60, self.left()))
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({"header": {"msg_id": msg_id, "username": self.name, "session": uuid.uuid4().hex,
                                           "msg_type": "kernel_info_request", "version": "5.3", "date": ""},
                                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": {}}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                    break
                self.left()
        finally:
            ws.close()
        stem = Path(self.lesson).stem
        self._check(self.session.get(self.base + f"backschool/nav/{stem}", headers={"X-XSRFToken": self._server_xsrf()},
                                     timeout=min(60, self.left())), "lesson links", text="Course home")
        self.times["lesson_ready"] = time.monotonic() - t0

    def _get_within(self, url: str, limit: float):
        """GET a page Voila streams, giving up when the whole of it has not come in ``limit`` seconds
        (a read timeout alone never fires while the server keeps the page open)."""
        limit = min(limit, self.left())
        t0 = time.monotonic()
        r = self.session.get(url, timeout=limit, stream=True)
        body = bytearray()
        for chunk in r.iter_content(65536):
            body.extend(chunk)
            if time.monotonic() - t0 > limit:
                r.close()
                raise LearnerFailed(f"{url} not complete after {limit:.0f} s")
        r._content = bytes(body)
        return r

    def _post(self, what: str, data: dict, xsrf: str) -> dict:
        r = self.session.post(self.base + f"backschool/api/{what}/{QUIZ}", json=data, timeout=min(120, self.left()),
                              headers={"X-XSRFToken": xsrf})
        return self._check(r, f"{what} {data.get('item') or data.get('written') or ''}").json()

    def answer_and_hand_in(self) -> None:
        self.step = "quiz page"
        r = self._check(self.session.get(self.base + f"backschool/quiz/{QUIZ}", timeout=min(120, self.left())),
                        "quiz page", text='id="hand-in"')
        xsrf = re.search(r'data-xsrf="([^"]*)"', r.text).group(1)
        shown = set(re.findall(r'<fieldset data-item="([^"]+)"', r.text))
        if shown != set(self.plan.answers):
            raise LearnerFailed(f"quiz page shows {sorted(shown)}, expected {sorted(self.plan.answers)}")
        self.step = "answers"
        for item, value in self.plan.answers.items():
            self._post("answer", {"item": item, "value": value}, xsrf)
        for written in re.findall(r'<section data-written="([^"]+)"', r.text):
            self._post("answer", {"written": written, "text": self.plan.reflection or ""}, xsrf)
        self.step = "hand in"
        out = self._post("handin", {}, xsrf)
        if not out.get("wait_for_feedback"):
            raise LearnerFailed(f"hand-in did not promise instant feedback: {out}")
        self.handed_in = time.monotonic()
        self.xsrf = xsrf

    def wait_for_feedback(self) -> None:
        self.step = "feedback"
        while True:
            r = self.session.get(self.base + f"backschool/api/feedback/{QUIZ}", headers={"X-XSRFToken": self.xsrf},
                                 timeout=min(60, self.left()))
            out = self._check(r, "feedback").json()
            if out.get("ready"):
                break
            time.sleep(min(POLL_SECONDS, self.left()))
        self.times["feedback"] = time.monotonic() - self.handed_in
        got = SCORE.search(out["html"])
        if not got:
            raise LearnerFailed(f"feedback shows no score: {out['html'][:300]}")
        self.times["score"] = float(got.group(1))
        self.times["out_of"] = float(got.group(2))
        self.step = "home with score"
        home = self._check(self.session.get(self.base + "backschool/", timeout=min(60, self.left())), "home")
        if f"Score: {got.group(1)} out of {got.group(2)}" not in home.text:
            raise LearnerFailed("the course home does not show the score")


def _release(hub: hubtools.Hub, token: str, timeout: float = 90) -> None:
    """Generate and release quiz 1 in the formgrader service, as the instructor (retrying while it starts)."""
    deadline = time.monotonic() + timeout
    for action in ("assign", "release"):
        while True:
            r = hub.post(f"/services/{hubtools.COURSE}/formgrader/api/assignment/{QUIZ}/{action}", token)
            if r.status_code == 200 and r.json().get("success"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"formgrader {action}: HTTP {r.status_code} {r.text[:500]}")
            time.sleep(1)


def measure(learners: int = 30, time_limit: float = 900, echo=print, hub_env: dict | None = None) -> dict:
    """Run the class once; returns the figures and every learner's times, scores and errors."""
    if not 1 <= learners <= MAX_LEARNERS:
        raise ValueError(f"1 to {MAX_LEARNERS} learners")
    if os.geteuid() != 0:
        raise PermissionError("the hub load test needs root (real Unix users, setuid spawning)")
    from backschool.manifest import load_course

    course = load_course()
    source = course.quiz(QUIZ).notebook
    items = quizkey.items(source)
    plans = classgen.plan_class(items, n=learners, seed=20261201, bad_kinds=())
    lesson = Path(course.lesson(course.quiz(QUIZ).lesson).notebook_path).name
    tag = secrets.token_hex(2)
    users = hubtools.UnixUsers()
    shared = Path(tempfile.mkdtemp(prefix="backschool-load-", dir="/tmp"))
    hub, sampler = None, None
    try:
        os.chmod(shared, 0o755)
        exchange = shared / "exchange"
        exchange.mkdir()
        os.chmod(exchange, 0o1777)
        grader, instructor = f"bs{tag}-grader", f"bs{tag}-teach"
        names = [f"bs{tag}-l{i:02d}" for i in range(learners)]
        t0 = time.monotonic()
        for name in [grader, instructor, *names]:
            users.add(name)
        users.grant_traverse(Path(os.path.realpath(hubtools.VENV_BIN / "python")), hubtools.ROOT)
        course_dir = f"{pwd.getpwnam(grader).pw_dir}/{hubtools.COURSE}"
        env = {"BACKSCHOOL_COURSE_DIR": course_dir, "BACKSCHOOL_EXCHANGE_DIR": str(exchange),
               "BACKSCHOOL_HOME": str(hubtools.ROOT)}
        made = users.run_as(grader, [str(hubtools.VENV_BIN / "python"), "-c",
                                     "from backschool.instructor.paths import ensure_layout, layout; "
                                     "ensure_layout(layout())"], env=env)
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
        state = shared / "hub"
        state.mkdir()
        hub = hubtools.Hub(state, {
            "BACKSCHOOL_LEARNERS": ",".join(names), "BACKSCHOOL_INSTRUCTORS": instructor,
            "BACKSCHOOL_GRADER_USER": grader, "BACKSCHOOL_COURSE_DIR": course_dir,
            "BACKSCHOOL_EXCHANGE_DIR": str(exchange), "BACKSCHOOL_INSTANT_FEEDBACK": "1",
            "BACKSCHOOL_CULL_TIMEOUT": "3600", "BACKSCHOOL_CULL_EVERY": "600", **(hub_env or {})})
        hub.start()
        _release(hub, hub.token_for(instructor))
        echo(f"P6: {learners} users made, hub up, {QUIZ} released in {time.monotonic() - t0:.1f}s")
        sampler = MemorySampler(hub.proc.pid)
        time.sleep(2)  # let the services settle before the baseline
        base, base_procs = sampler.sample()
        sampler.start()
        deadline = time.monotonic() + time_limit
        results, errors = {}, {}

        def journey(i: int) -> None:
            lr = Learner(hub, names[i], plans[i], lesson, deadline)
            try:
                results[names[i]] = lr.run(course.title)
            except Exception as exc:  # every failure is counted, with the step it happened in
                errors[names[i]] = f"{lr.step}: {type(exc).__name__}: {exc}"[:500]

        t_class = time.monotonic()
        with ThreadPoolExecutor(max_workers=learners) as pool:
            list(pool.map(journey, range(learners)))
        wall = time.monotonic() - t_class
        sampler.stop()
        expected = {names[i]: float(plans[i].score) for i in range(learners)}
        wrong = {n: (r["score"], expected[n]) for n, r in results.items() if r["score"] != expected[n]}
        out_of = {r["out_of"] for r in results.values()}
        done = list(results.values())
        per_learner = (sampler.peak - base) / learners
        figures = {
            "learners": learners,
            "errors": len(errors) + len(wrong),
            "error_detail": {**errors, **{n: f"score {got} expected {want}" for n, (got, want) in wrong.items()}},
            "scores_exact": len(results) - len(wrong),
            "out_of": sorted(out_of),
            "expected_out_of": float(len(items)),
            "home_p95_s": p95([r["home"] for r in done]) if done else float("nan"),
            "lesson_ready_p95_s": p95([r["lesson_ready"] for r in done]) if done else float("nan"),
            "lesson_ready_median_s": statistics.median(r["lesson_ready"] for r in done) if done else float("nan"),
            "feedback_p95_s": p95([r["feedback"] for r in done]) if done else float("nan"),
            "feedback_max_s": max(r["feedback"] for r in done) if done else float("nan"),
            "wall_s": wall,
            "base_rss_mb": base / 2**20,
            "base_processes": base_procs,
            "peak_rss_mb": sampler.peak / 2**20,
            "peak_processes": sampler.peak_procs,
            "memory_samples": sampler.samples,
            "per_learner_mb": per_learner / 2**20,
            "learners_per_24gb": int((MACHINE_BYTES - base) // per_learner) if per_learner > 0 else 0,
            "times": results,
        }
        return figures
    finally:  # each step even if one before it fails: no hub, server or user is left behind
        try:
            if sampler is not None:
                sampler.stop()
        finally:
            try:
                if hub is not None:
                    hub.stop()
                    shutil.copyfile(hub.log_path, Path(tempfile.gettempdir()) / f"backschool-load-{tag}-jupyterhub.log")
            finally:
                users.cleanup()
                shutil.rmtree(shared, ignore_errors=True)


def summary(f: dict) -> list[str]:
    return [
        f"P6 {f['learners']} learners at once on the hub: {f['errors']} error(s), "
        f"{f['scores_exact']} exact score(s) out of {f['expected_out_of']:g}; class done in {f['wall_s']:.0f} s",
        f"P6 login to course home p95 {f['home_p95_s']:.1f} s; lesson ready median {f['lesson_ready_median_s']:.1f} s, "
        f"p95 {f['lesson_ready_p95_s']:.1f} s; feedback p95 {f['feedback_p95_s']:.1f} s (max {f['feedback_max_s']:.1f} s)",
        f"P6 memory: {f['base_rss_mb']:.0f} MB before learners ({f['base_processes']} processes), peak "
        f"{f['peak_rss_mb']:.0f} MB ({f['peak_processes']} processes), {f['per_learner_mb']:.0f} MB per learner: "
        f"{f['learners_per_24gb']} learners per 24 GB",
    ] + [f"P6 error: {n}: {why}" for n, why in sorted(f["error_detail"].items())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.hubload", description=__doc__.splitlines()[0])
    ap.add_argument("--learners", type=int, default=30)
    ap.add_argument("--time-limit", type=float, default=900, help="seconds before every learner stops")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    figures = measure(args.learners, args.time_limit)
    print("\n".join(summary(figures)))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
