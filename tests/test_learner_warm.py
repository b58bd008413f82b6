"""The warm kernel a lesson page gets (backschool/learnerapp/warm.py) behaves as a fresh kernel would.

Real kernels: one from the warm pool and one started the ordinary way, both asked for as Voila asks for a
lesson page's kernel (same folder, same environment). The same probe, run as a lesson's first cell, must
see the same thing in both: the learner's namespace, the execution count, the history, the folder and
the request's environment, and no widget made yet. Only the imported modules may differ (that is the point of warming). Warm
kernels are not listed as the learner's kernels, a JupyterLab session never gets one, and nothing is
left running afterwards.
"""
from __future__ import annotations

import asyncio
import json
import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from backschool.learnerapp.warm import WarmKernelManager
from backschool.manifest import load_course
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
