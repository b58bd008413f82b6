"""A warm kernel waiting for the learner's next lesson, so a lesson page does not wait for Python to start.

From a click on a lesson link to its first widget, Voila first starts a kernel and runs the lesson in it
(measured here: the page fully served in 0.65-0.85 s with a cold kernel, under load), then the browser
boots Voila's app and draws the widgets. This kernel manager takes the kernel start and the imports out
of that path: it keeps ``pool_size`` kernels started in the lessons' folder that have already imported
the course's views (``backschool.widgets.preload``: ipywidgets, plotly, the models), and gives one to
Voila when it asks for a kernel for a lesson page; a replacement is started once that page is up.

A warm kernel is used by one lesson only and is never given back: it is shut down when its page is
closed, like any other. It has run nothing but that preload, silently (no history, no execution count,
no names in the learner's namespace), and before Voila runs the lesson its environment is made the
one Voila asked for (the request's variables). Voila's own pre-heat (``preheat_kernel``) exists only
in the standalone voila app, not in its server extension, which is what the learner's server runs.

Configured for every learner server in deploy/jupyter-learner/jupyter_server_config.json (under
``./course learn`` and on the clinic hub); ``pool_size = 0`` switches it off. A waiting warm kernel is
left out of ``/api/kernels`` (it is not the learner's work); once given to a page it is listed as usual.

When a replacement starts is ``refill``. ``after_page`` (``./course learn``): once the lesson page has
drawn its widgets (the course's Voila template says so, ``page_drawn``) and its kernel is idle, so the
next lesson, reached from the page's own links too, finds one ready; the learner then holds two kernels
while reading. Started before that, a kernel's start took the CPU from the page still drawing (0.1-0.45 s
of it in the first lessons' page loads here, on two cores). ``at_home`` (the clinic hub, where memory per
learner counts): only while the learner is on the course home with none of their kernels running (a
lesson's, or a notebook's in JupyterLab), so a learner never holds a warm kernel beside another; a lesson
opened from another lesson's links starts its kernel cold.
"""
from __future__ import annotations

import asyncio
import os
import posixpath
import uuid
from datetime import timedelta

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Enum, Float, Integer, Unicode, default

WARM_CODE = "__import__('backschool.widgets').widgets.preload()"


class WarmKernelManager(AsyncMappingKernelManager):
    pool_size = Integer(1, config=True, help="Warm kernels kept ready for the next lesson (0: none).")
    kernel_name = Unicode("python3", config=True, help="The kernel spec the lessons use.")
    settle_seconds = Float(0.3, config=True,
                           help="A replacement starts once the lesson's page has been idle this long.")
    refill_seconds = Float(10.0, config=True,
                           help="A replacement starts at the latest this long after its lesson page opened.")
    warm_timeout = Float(60.0, config=True, help="Seconds a warm kernel may take to start and import.")
    refill = Enum(["after_page", "at_home"], "after_page", config=True,
                  help="When a replacement starts: after the lesson page is up, or only on the course home "
                       "once none of the learner's kernels is running.")

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self) -> str:
        return "backschool.learnerapp.readyclient.LessonKernelManager"  # no 0.2 s wait per page

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pool: list[tuple[str, asyncio.Task]] = []  # (kernel id, task that warms it)
        self._warm_env: dict[str, dict[str, str]] = {}  # kernel id -> the env it was started with
        self._lessons: set[str] | None = None
        self._closing = False
        self._refills: set[asyncio.Task] = set()
        self._drawn: dict[str, asyncio.Event] = {}  # lesson kernel id -> its page has drawn its widgets

    # -- which requests get a warm kernel ----------------------------------------------------
    def _lesson_paths(self) -> set[str]:
        if self._lessons is None:
            from ..manifest import load_course

            self._lessons = {lesson.notebook_path for lesson in load_course().lessons}
        return self._lessons

    def _lesson_folder(self) -> str:
        return posixpath.dirname(next(iter(sorted(self._lesson_paths()))))

    def _is_lesson_page(self, path, kwargs: dict) -> bool:
        """A Voila page of a lesson in the manifest (not a quiz, not JupyterLab, not another notebook)."""
        env = kwargs.get("env") or {}
        script = env.get("SCRIPT_NAME", "")
        return (kwargs.get("kernel_name", self.kernel_name) == self.kernel_name and "VOILA_PREHEAT" in env
                and path == self._lesson_folder()
                and any(script.endswith(f"/voila/render/{nb}") for nb in self._lesson_paths()))

    # -- the pool ----------------------------------------------------------------------------
    def warm(self) -> None:
        """Top the pool up to ``pool_size`` (needs the server's running event loop)."""
        while not self._closing and len(self._pool) < self.pool_size:
            kernel_id = str(uuid.uuid4())
            self._pool.append((kernel_id, asyncio.ensure_future(self._start_warm(kernel_id))))

    def at_home(self) -> None:
        """The learner is on the course home: top the pool up, under ``at_home`` once the lesson they
        left has shut its kernel down (its page asks for that as it closes, about when the home loads)."""
        if self.refill == "after_page":
            self.warm()
        elif self.pool_size > 0 and not self._pool:
            self._refill_later(None)

    def page_drawn(self, kernel_id: str) -> None:
        """The lesson page of ``kernel_id`` has drawn its widgets (its template asks backschool/api/drawn)."""
        event = self._drawn.get(kernel_id)
        if event is not None:
            event.set()

    def _lesson_kernels(self) -> int:
        """The learner's running kernels (every kernel but the waiting warm ones)."""
        waiting = {kernel_id for kernel_id, _task in self._pool}
        return sum(1 for kernel_id in self.list_kernel_ids() if kernel_id not in waiting)

    async def _start_warm(self, kernel_id: str) -> str:
        env = dict(os.environ)
        self._warm_env[kernel_id] = env
        await super().start_kernel(kernel_id=kernel_id, kernel_name=self.kernel_name,
                                   path=self._lesson_folder(), env=env)
        await self._run_silently(kernel_id, WARM_CODE)
        return kernel_id

    async def _run_silently(self, kernel_id: str, code: str) -> None:
        """Run ``code`` with silent=True: no output, no history, the execution count unchanged."""
        client = self.get_kernel(kernel_id).client()
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)  # the reply is all we need
        try:
            msg_id = client.execute(code, silent=True, store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=self.warm_timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"warm kernel {kernel_id}: {reply['content'].get('ename')}: "
                                   f"{reply['content'].get('evalue')}")
        finally:
            client.stop_channels()

    async def _take(self) -> str | None:
        """A warm kernel (waiting for one still warming), or None when there is none to be had."""
        while self._pool:
            kernel_id, task = self._pool.pop(0)
            try:
                await asyncio.wait_for(asyncio.shield(task), self.warm_timeout)
                if kernel_id in self and await self.get_kernel(kernel_id).is_alive():
                    return kernel_id
            except Exception as exc:  # a warm kernel that failed is dropped; the page gets a fresh one
                self.log.warning("Back School: warm kernel %s not usable (%s)", kernel_id, exc)
            if kernel_id in self:
                await self.shutdown_kernel(kernel_id, now=True)
            self._warm_env.pop(kernel_id, None)
        return None

    async def _hand_over(self, kernel_id: str, env: dict | None) -> None:
        """Give the kernel the environment Voila asked for (its request's variables)."""
        started = self._warm_env.pop(kernel_id)
        wanted = {str(k): str(v) for k, v in env.items()} if env else started  # Voila's keys are enums
        changed = {k: v for k, v in wanted.items() if started.get(k) != v}
        gone = [k for k in started if k not in wanted]
        if changed or gone:
            code = f"__import__('os').environ.update({changed!r})"
            if gone:
                code += f"\n[__import__('os').environ.pop(k, None) for k in {gone!r}]"
            await self._run_silently(kernel_id, code)

    async def _refill_after(self, kernel_id: str | None) -> None:
        """Start a replacement once the lesson's page is up, not while it runs or draws its widgets:
        the page has drawn them (``page_drawn``), they are connected (its websocket) and its kernel has
        been idle a moment; at the latest ``refill_seconds`` after the page opened.
        With ``kernel_id`` None (``at_home``): once none of the learner's kernels runs, or not at all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.refill_seconds
        if kernel_id is None:
            while self._lesson_kernels() and loop.time() < deadline:
                await asyncio.sleep(0.05)
            if not self._lesson_kernels():
                self.warm()
            return
        settle = timedelta(seconds=self.settle_seconds)
        drawn = self._drawn.get(kernel_id)
        try:
            while kernel_id in self and loop.time() < deadline:
                kernel = self.get_kernel(kernel_id)
                if ((drawn is None or drawn.is_set()) and self._kernel_connections.get(kernel_id, 0) > 0
                        and getattr(kernel, "execution_state", "") == "idle"
                        and utcnow() - kernel.last_activity > settle):
                    break
                await asyncio.sleep(0.05)
        finally:
            self._drawn.pop(kernel_id, None)
        if kernel_id:
            why = "its page was drawn" if drawn is not None and drawn.is_set() else "no word from its page"
            self.log.info("Back School: warming the next lesson's kernel after %s (%s)", kernel_id, why)
        self.warm()

    # -- the kernel manager's API ------------------------------------------------------------
    async def start_kernel(self, *, kernel_id: str | None = None, path=None, **kwargs) -> str:  # type: ignore[override]
        if kernel_id is None and self.pool_size > 0 and self._is_lesson_page(path, kwargs):
            warm_id = await self._take()
            if warm_id is not None:
                await self._hand_over(warm_id, kwargs.get("env"))
                self.log.info("Back School: lesson page got warm kernel %s", warm_id)
                if self.refill == "after_page":
                    self._drawn[warm_id] = asyncio.Event()
                    self._refill_later(warm_id)
                return warm_id
            if self.refill == "after_page":
                self._refill_later("")
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)

    def _refill_later(self, kernel_id: str | None) -> None:
        task = asyncio.ensure_future(self._refill_after(kernel_id))
        self._refills.add(task)
        task.add_done_callback(self._refills.discard)

    async def shutdown_all(self, now: bool = False) -> None:
        """No refill may start a kernel behind the server's back while it stops."""
        self._closing = True
        for task in list(self._refills):
            task.cancel()
        await asyncio.gather(*(task for _id, task in self._pool), return_exceptions=True)
        self._pool.clear()
        await super().shutdown_all(now=now)

    def list_kernels(self) -> list[dict]:
        waiting = {kernel_id for kernel_id, _task in self._pool}
        return [k for k in super().list_kernels() if k["id"] not in waiting]
