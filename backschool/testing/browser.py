"""Debian's headless Chromium driven by Playwright, and a learner's Jupyter server on loopback.

The one place the tests and benchmarks launch the browser (Playwright's own browser download does not
work here, so it is /usr/bin/chromium with the flags in the brief) and start a server for it:
``learner_server`` is ``./course learn`` as a learner starts it, ``jupyter_server`` any other command.
``page`` is a fresh browser profile whose requests are watched: nothing may leave the machine.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import requests

from .hubtools import ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 1000}


def _check_chromium() -> None:
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian chromium is missing: run scripts/install-system-deps.sh")


def launch(p):
    """A browser with no profile of its own (``p`` is Playwright's ``sync_playwright()``)."""
    _check_chromium()
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


def persistent_context(p, profile: Path, viewport: dict | None = None):
    """A browser context in a fresh profile folder, as a new visitor's browser."""
    _check_chromium()
    return p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True, args=ARGS,
                                                viewport=viewport or VIEWPORT)


def first_page(context, timeout_ms: int = 60_000):
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(timeout_ms)
    return page


def off_host(urls: list[str]) -> list[str]:
    """The web addresses among ``urls`` that are not on this machine."""
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).hostname not in ("127.0.0.1", "localhost")]


def watch_requests(page) -> list[str]:
    """Every URL the page asks for from now on (for ``off_host``)."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


@contextmanager
def page(profile: Path, timeout_ms: int = 60_000) -> Iterator:
    """One page in a fresh profile; fails when the page asked for anything outside this machine."""
    import playwright.sync_api as playwright_api

    with playwright_api.sync_playwright() as p:
        context = persistent_context(p, profile)
        try:
            pg = first_page(context, timeout_ms)
            asked = watch_requests(pg)
            yield pg
            outside = off_host(asked)
            assert not outside, f"the page asked for something outside this machine: {outside}"
        finally:
            context.close()


def hub_login(p, hub, user: str, profile: Path):
    """A fresh Chromium logged in on a hub's login form (``hub``: hubtools.Hub); returns (context, page)
    at the page the hub lands the user on. ``context.asked`` is every URL the page asked for."""
    context = persistent_context(p, profile)
    pg = first_page(context)
    asked = watch_requests(pg)
    pg.goto(f"{hub.url}/hub/login")
    pg.fill("#username_input", user)
    pg.fill("#password_input", hub.password)
    pg.click("#login_submit")
    context.asked = asked
    return context, pg


def _stop(proc: subprocess.Popen) -> None:
    """The server and everything it started (its kernels): it runs in its own process group."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextmanager
def jupyter_server(cmd: list[str], env: dict[str, str], base: Path, port: int, token: str,
                   timeout: float = 120) -> Iterator[dict]:
    """Run ``cmd`` (a Jupyter server on 127.0.0.1:``port`` with ``token``) until it answers, then yield
    {"url", "token", "base", "pid", "log"}; stopped with its kernels afterwards. Its log is base/server.log."""
    log_path = base / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{cmd[0]} did not start:\n{log_path.read_text()[-4000:]}")
                try:
                    if requests.get(f"{url}/api/status", params={"token": token}, timeout=2).status_code == 200:
                        break
                except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
                    time.sleep(0.3)
            yield {"url": url, "token": token, "base": base, "pid": proc.pid, "log": log_path}
        finally:
            _stop(proc)


@contextmanager
def learner_server(base: Path, timeout: float = 300) -> Iterator[dict]:
    """``./course learn`` as a learner starts it: loopback, a token, a throw-away home under ``base``.

    The first run may install the package into .venv, hence the long ``timeout``.
    """
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "BACKSCHOOL_"))},
        "HOME": str(base),
        "BACKSCHOOL_LEARNER_DIR": str(base / "learner"),
        "BACKSCHOOL_DATA_DIR": str(base / "data"),
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "PYTHON": sys.executable,
    }
    cmd = [str(ROOT / "course"), "learn", "--no-browser", f"--ServerApp.port={port}", f"--IdentityProvider.token={token}"]
    with jupyter_server(cmd, env, base, port, token, timeout) as server:
        yield server
