"""The grading kernel: ipykernel, but without the working folder on ``sys.path``.

ipykernel puts the working folder first on ``sys.path``; a hand-in could then shadow the course's
modules with its own files. The box's kernel runs with ``python -I`` and this app, so imports come
only from the installed Python and the course package.
"""
from __future__ import annotations

from ipykernel.kernelapp import IPKernelApp


class BoxKernelApp(IPKernelApp):
    def init_path(self) -> None:
        """Leave ``sys.path`` as ``python -I`` made it (no working folder)."""


if __name__ == "__main__":
    BoxKernelApp.launch_instance()
