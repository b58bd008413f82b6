"""Kernel clients that know at once that a kernel is ready, so a lesson page does not wait 0.2 s for nothing.

Voila runs a lesson through nbclient, which opens a client on the page's kernel and calls
``wait_for_ready``. jupyter_client's version asks for ``kernel_info``, then drains the kernel's IOPub
channel until it has been silent for 0.2 s: every lesson page waited those 0.2 s (measured here:
210-275 ms of Voila's kernel start with a warm kernel, most of the server's time before the first cell).

This client ends the drain on a fact instead of a silence: a kernel sends its IOPub messages in order,
and it ends its answer to our own ``kernel_info`` request with an ``idle`` status whose parent is that
request, so once that status has arrived nothing sent before it is still on its way. If it does not
arrive (IOPub not yet connected, the slow-joiner case jupyter_client also handles), the request is sent
again, as jupyter_client does, but after 20 ms first (a new connection is usually up by then; one in
four pages waited the whole 0.2 s for it here), then at longer waits up to jupyter_client's 0.2 s.

Used by every kernel of the learner's server (``LessonKernelManager``, set by ``WarmKernelManager``).
"""
from __future__ import annotations

import itertools
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import DottedObjectName, Type

IOPUB_WAITS = (0.02, 0.05, 0.1, 0.2)  # seconds to wait for a request's idle status before asking again; the
# last (jupyter_client's figure) repeats


class ReadyKernelClient(AsyncKernelClient):
    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel has answered a ``kernel_info`` request on shell and finished it on IOPub."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        asked: set[str] = set()
        for attempt in itertools.count():
            msg_id = self.kernel_info()
            asked.add(msg_id)
            reply = await self._reply_to(msg_id, min(1.0, max(0.0, deadline - time.monotonic())))
            if reply is not None:
                self._handle_kernel_info_reply(reply)
                if await self._idle_after(asked, IOPUB_WAITS[min(attempt, len(IOPUB_WAITS) - 1)]):
                    return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _reply_to(self, msg_id: str, wait: float) -> dict | None:
        end = time.monotonic() + wait
        while True:
            try:
                msg = await self.shell_channel.get_msg(timeout=max(0.0, end - time.monotonic()))
            except Empty:
                return None
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                return msg

    async def _idle_after(self, asked: set[str], wait: float) -> bool:
        """True once IOPub brings the idle status that ends one of our requests (all before it has come)."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=wait)
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") in asked
                    and msg["content"].get("execution_state") == "idle"):
                return True


class LessonKernelManager(ServerKernelManager):
    """jupyter_server's kernel manager, handing out ``ReadyKernelClient`` clients."""

    client_class = DottedObjectName("backschool.learnerapp.readyclient.ReadyKernelClient")
    client_factory = Type(ReadyKernelClient, klass=AsyncKernelClient)
