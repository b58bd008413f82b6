"""The warm kernel a lesson page gets (backschool/learnerapp/warm.py) behaves as a fresh kernel would.

Real kernels: one from the warm pool and one started the ordinary way, both asked for as Voila asks for a
lesson page's kernel (same folder, same environment). The same probe, run as a lesson's first cell, must
see the same thing in both: the learner's namespace, the execution count, the history, the folder and
the request's environment. Only the imported modules may differ (that is the point of warming). Warm
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
print(_json.dumps({
    "names": sorted(k for k in globals() if not k.startswith("_")),
    "count": get_ipython().execution_count,
    "history": len(In),
    "cwd": _os.getcwd(),
    "env": {k: _os.environ.get(k) for k in ("SCRIPT_NAME", "QUERY_STRING", "VOILA_PREHEAT", "VOILA_REQUEST_URL")},
    "widgets": "backschool.widgets.redflags" in _sys.modules,
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
