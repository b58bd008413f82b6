"""The learner server's kernel clients (backschool/learnerapp/readyclient.py) are ready as soon as the kernel is.

Real kernels, started by the learner server's kernel manager. jupyter_client's own ``wait_for_ready``
always ends with 0.2 s of IOPub silence; ours must end on the kernel's idle status, well under that, on a
kernel that has just been busy (its earlier output still on the wire) and on an idle one, and the kernel
must then run code and send its output to the new client as usual. (A kernel still starting is not
timed: there both clients wait for it alike.)
"""
from __future__ import annotations

import asyncio
import statistics
import time

from jupyter_client.asynchronous import AsyncKernelClient

from backschool.learnerapp.readyclient import ReadyKernelClient
from backschool.learnerapp.warm import WarmKernelManager
from backschool.testing.hubtools import ROOT


async def _ready_seconds(km, kernel_id: str, client_class: type) -> tuple[float, str]:
    """Seconds ``wait_for_ready`` took on a new client, and what the kernel then printed to it."""
    manager = km.get_kernel(kernel_id)
    client = client_class(parent=manager, **manager.get_connection_info(session=True))  # as manager.client() does
    client.start_channels()
    try:
        start = time.perf_counter()
        await client.wait_for_ready(timeout=60)
        took = time.perf_counter() - start
        out: list[str] = []
        await client.execute_interactive("print(6 * 7)", timeout=60, output_hook=lambda msg: out.append(
            msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)
        return took, "".join(out)
    finally:
        client.stop_channels()


async def _scenario(runtime: str) -> dict:
    km = WarmKernelManager(root_dir=str(ROOT), connection_dir=runtime, pool_size=0)
    kernel_id = await km.start_kernel(kernel_name="python3")
    try:
        assert type(km.get_kernel(kernel_id).client()) is ReadyKernelClient, "the learner's kernels hand out ready clients"
        await _ready_seconds(km, kernel_id, AsyncKernelClient)  # the kernel has started (as Voila's kernels have)
        busy = km.get_kernel(kernel_id).client()  # leaves output on IOPub that nobody reads
        busy.start_channels()
        busy.execute("import time; print('left on the wire'); time.sleep(0.05); print('and more')")
        ours, stock = [], []
        for _ in range(3):
            ours.append(await _ready_seconds(km, kernel_id, ReadyKernelClient))
            stock.append(await _ready_seconds(km, kernel_id, AsyncKernelClient))
        busy.stop_channels()
        return {"ours": ours, "stock": stock}
    finally:
        await km.shutdown_all(now=True)


def test_ready_client_waits_for_the_kernel_not_for_silence(tmp_path):
    result = asyncio.run(_scenario(str(tmp_path)))
    ours = statistics.median(t for t, _ in result["ours"])
    stock = statistics.median(t for t, _ in result["stock"])
    print(f"wait_for_ready: ours {1000 * ours:.0f} ms, jupyter_client's {1000 * stock:.0f} ms")
    assert all(out.strip() == "42" for _, out in result["ours"]), result["ours"]
    assert stock >= 0.2, "jupyter_client's wait includes 0.2 s of silence (if not, this module can go)"
    assert ours < 0.1, f"ready in {1000 * ours:.0f} ms: should end on the kernel's idle status, not a timeout"
