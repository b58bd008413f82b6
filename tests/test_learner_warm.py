"""The warm kernel a lesson page gets (backschool/learnerapp/warm.py) behaves as a fresh kernel would.

Real kernels: one from the warm pool and one started the ordinary way, both asked for as Voila asks for a
lesson page's kernel (same folder, same environment). The same probe, run as a lesson's first cell, must
see the same thing in both: the learner's namespace, the execution count, the history, the folder and
the request's environment, and no widget made yet. Only the imported modules may differ (that is the
point of warming). Warm kernels are not listed as the learner's kernels, a JupyterLab session never gets
one, and nothing is left running afterwards. Under ``./course learn`` the next lesson's warm kernel
starts only once the open lesson's page, in chromium, has drawn its widgets.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from backschool.learnerapp.warm import WarmKernelManager
from backschool.manifest import load_course
from backschool.testing import browser
from backschool.testing.hubtools import ROOT

PROBE = """\
import json as _json, os as _os, sys as _sys
import backschool.widgets._common  # its shared layout and style widgets, which every lesson makes
print(_json.dumps({
    "names": sorted(k for k in globals() if not k.startswith("_")),
    "count": get_ipython().execution_count,
    "history": len(In),
    "cwd": _os.getcwd(),
    "env": {k: _os.environ.get(k) for k in ("SCRIPT_NAME", "QUERY_STRING", "VOILA_PREHEAT", "VOILA_REQUEST_URL")},
    "widgets": "backschool.widgets.spine" in _sys.modules,
    "widgets_made": len(_sys.modules["ipywidgets.widgets.widget"]._instances),
}))
"""


async def _probe(km, kernel_id: str) -> dict:
    client = km.get_kernel(kernel_id).client()
    client.start_channels()
    out: list[str] = []
    try:
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive(PROBE, timeout=60, output_hook=lambda msg: out.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
    return json.loads("".join(out))


def _lesson_env(lesson) -> dict:
    """What Voila passes when it starts a lesson page's kernel (voila/handler.py)."""
    return {**os.environ, "VOILA_PREHEAT": "False", "SCRIPT_NAME": f"/voila/render/{lesson.notebook_path}",
            "QUERY_STRING": "from=home", "VOILA_REQUEST_URL": f"http://127.0.0.1/voila/render/{lesson.notebook_path}"}


async def _scenario(runtime: str) -> dict:
    lesson = load_course().lessons[0]
    folder = os.path.dirname(lesson.notebook_path)
    warm = WarmKernelManager(root_dir=str(ROOT), connection_dir=runtime)
    plain = AsyncMappingKernelManager(root_dir=str(ROOT), connection_dir=runtime)
    try:
        warm.warm()
        (pool_id, task), = warm._pool
        await task  # started and preloaded before the page asks
        waiting = [k["id"] for k in warm.list_kernels()]
        lab_id = await warm.start_kernel(kernel_name="python3", path=folder)  # a JupyterLab session
        page_id = await warm.start_kernel(kernel_name="python3", path=folder, env=_lesson_env(lesson))
        fresh_id = await plain.start_kernel(kernel_name="python3", path=folder, env=_lesson_env(lesson))
        return {"pool_id": pool_id, "waiting": waiting, "lab_id": lab_id, "page_id": page_id,
                "warm": await _probe(warm, page_id), "fresh": await _probe(plain, fresh_id)}
    finally:
        await warm.shutdown_all()
        await plain.shutdown_all()
        left = list(warm.list_kernel_ids()) + list(plain.list_kernel_ids())
        assert not left, f"kernels left running: {left}"


def test_a_warm_kernel_is_a_fresh_kernel_with_its_imports_done(tmp_path):
    seen = asyncio.run(_scenario(str(tmp_path)))
    assert seen["page_id"] == seen["pool_id"], "the lesson page did not get the warm kernel"
    assert seen["lab_id"] != seen["pool_id"], "a JupyterLab session got the lesson pool's kernel"
    assert seen["pool_id"] not in seen["waiting"], "a waiting warm kernel is listed as the learner's"
    warm, fresh = seen["warm"], seen["fresh"]
    assert warm["widgets"] and not fresh["widgets"], "the warm kernel had not preloaded the views"
    warm.pop("widgets"), fresh.pop("widgets")
    assert warm == fresh
    assert warm["env"]["SCRIPT_NAME"].endswith(".ipynb") and warm["env"]["QUERY_STRING"] == "from=home", warm


async def _at_home_scenario(runtime: str) -> dict:
    """The clinic hub's setting: a replacement only on the course home, once the lesson kernel is gone."""
    lesson = load_course().lessons[0]
    folder = os.path.dirname(lesson.notebook_path)
    km = WarmKernelManager(root_dir=str(ROOT), connection_dir=runtime, refill="at_home", refill_seconds=1.0)
    seen: dict = {}
    try:
        km.warm()  # as the server does when it starts
        (pool_id, task), = km._pool
        await task
        page_id = await km.start_kernel(kernel_name="python3", path=folder, env=_lesson_env(lesson))
        await asyncio.sleep(1.5)  # the page is up and idle: under after_page a replacement would start now
        seen["while_reading"] = (page_id == pool_id, len(km._pool), sorted(km.list_kernel_ids()))
        km.at_home()  # the home in another tab while the lesson is still open
        await asyncio.sleep(1.5)
        seen["home_with_lesson_open"] = len(km._pool)
        km.at_home()  # the learner leaves the lesson: its page shuts its kernel down as the home loads
        await km.shutdown_kernel(page_id)
        await asyncio.sleep(0.3)
        seen["home_after_lesson"] = len(km._pool)
        if km._pool:
            await km._pool[0][1]
        seen["kernels_at_home"] = len(list(km.list_kernel_ids()))
        return seen
    finally:
        await km.shutdown_all()
        assert not list(km.list_kernel_ids())


def test_at_home_a_learner_never_holds_a_warm_and_a_lesson_kernel(tmp_path):
    seen = asyncio.run(_at_home_scenario(str(tmp_path)))
    gave_warm, waiting, kernels = seen["while_reading"]
    assert gave_warm, "the lesson page did not get the kernel warmed at start"
    assert waiting == 0 and len(kernels) == 1, f"a warm kernel was started beside the open lesson: {seen}"
    assert seen["home_with_lesson_open"] == 0, "the home started a warm kernel while a lesson kernel ran"
    assert seen["home_after_lesson"] == 1, "no warm kernel once the lesson was closed and the learner was home"
    assert seen["kernels_at_home"] == 1, seen


# In the page: when a widget's element (anything of class jupyter-widgets) was last added.
LAST_WIDGET = """
new MutationObserver((changes) => {
  for (const change of changes) {
    for (const node of change.addedNodes) {
      if (node.nodeType === 1 && (node.matches(".jupyter-widgets") || node.querySelector(".jupyter-widgets"))) {
        window.bsLastWidget = performance.now();
      }
    }
  }
}).observe(document, {childList: true, subtree: true});
"""
WARMING = re.compile(r"warming the next lesson's kernel after ([0-9a-f-]{36}) \((.*)\)")


def test_the_next_warm_kernel_starts_once_the_lesson_page_has_drawn_its_widgets(tmp_path):
    """Lesson 1 is the slowest page to draw (its first visit). Its page says it has drawn its widgets
    once the last of them is in the page, and only then does the server warm the next lesson's kernel,
    whose start would take the CPU from the page still drawing."""
    lesson = load_course().lessons[0]
    with browser.learner_server(tmp_path) as server, browser.page(tmp_path / "chromium") as page:
        page.add_init_script(LAST_WIDGET)
        said: list[tuple[str, int]] = []
        page.on("response", lambda r: said.append((r.url, r.status)) if "/backschool/api/drawn/" in r.url else None)
        page.goto(f"{server['url']}/backschool/?token={server['token']}")
        page.get_by_role("link", name=f"Lesson {lesson.number}: {lesson.title}", exact=True).click()
        page.locator(".jupyter-widgets input").first.wait_for(state="visible", timeout=60_000)
        deadline = time.monotonic() + 30
        while not WARMING.search(server["log"].read_text()) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        seen = page.evaluate("""() => ({
            kernel: JSON.parse(document.getElementById("jupyter-config-data").textContent).kernelId,
            last_widget: window.bsLastWidget,
            drawn: performance.getEntriesByType("resource").filter((e) => e.name.includes("/backschool/api/drawn/"))
                .map((e) => e.startTime),
        })""")
        warming = WARMING.findall(server["log"].read_text())
    assert len(seen["drawn"]) == 1 and said == [(f"{server['url']}/backschool/api/drawn/{seen['kernel']}", 204)], \
        (seen, said)
    assert seen["last_widget"] and seen["drawn"][0] >= seen["last_widget"], \
        f"the page said it was drawn before its last widget was: {seen}"
    assert warming == [(seen["kernel"], "its page was drawn")], warming
