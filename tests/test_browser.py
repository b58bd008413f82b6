"""Lessons in a real browser: headless Chromium (Debian's, driven by Playwright) on JupyterLab and Voila.

A Jupyter server is started on 127.0.0.1 with a token, its root a copy of lessons/. For lesson 1
the red-flag check is ticked with the mouse and with the keyboard (Tab to reach a box, Space to
tick it) and the advice must change; for lesson 2 the plotly figure of the spine explorer must be
drawn (an SVG from plotly.js) and redrawn when another part is chosen. Screenshots go to tmp_path.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from backschool.manifest import load_course
from backschool.testing.hubtools import ROOT, free_port

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
COURSE = load_course()
FIRST, SPINE = COURSE.lessons[0], COURSE.lesson("anatomy")  # the red-flag check; the spine explorer
LESSON1, LESSON2 = FIRST.notebook.name, SPINE.notebook.name
CHECKBOX = ".widget-checkbox input[type=checkbox]"
PLOT = ".js-plotly-plot .main-svg"

import playwright.sync_api as playwright_api  # noqa: E402

assert Path(CHROMIUM).exists(), "Debian chromium is missing: run scripts/install-system-deps.sh"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyter")
    root = base / "root"
    (root / "lessons").mkdir(parents=True)
    for lesson in (FIRST, SPINE):
        shutil.copy(lesson.notebook, root / "lessons" / lesson.notebook.name)
    port, token = free_port(), secrets.token_hex(16)
    settings = base / "lab-settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    # No "get notified about Jupyter news?" toast over the widgets in screenshots.
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "BACKSCHOOL_HOME": str(ROOT),
        "JUPYTER_CONFIG_DIR": str(base / "config"),  # no developer settings leak in
        "JUPYTER_CONFIG_PATH": str(ROOT / "deploy" / "jupyter-learner"),  # what learners get
        "JUPYTER_PATH": str(ROOT / "deploy" / "share" / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "HOME": str(base),
    }
    log = open(base / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(f"{url}/api/status", params={"token": token}, timeout=2).status_code == 200:
                break
        except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError((base / "server.log").read_text()[-4000:])
    yield {"url": url, "token": token, "log": base / "server.log"}
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture()
def page(tmp_path):
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            pg = context.pages[0] if context.pages else context.new_page()
            pg.set_default_timeout(60_000)
            requested: list[str] = []
            pg.on("request", lambda request: requested.append(request.url))
            yield pg
            off_host = [u for u in requested
                        if urlparse(u).scheme in ("http", "https", "ws", "wss")
                        and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
            assert not off_host, f"the page asked for something outside this machine: {off_host}"
        finally:
            context.close()


def _advice(page) -> str:
    return page.locator(".widget-html [role=status], .widget-html [role=alert]").last.inner_text()


def _wait_advice_change(page, old: str) -> None:
    page.wait_for_function(
        "(b) => { const e = [...document.querySelectorAll('.widget-html [role=status], .widget-html [role=alert]')]"
        ".pop(); return e && e.innerText !== b; }", arg=old, timeout=20_000)


def _drive_red_flags(page, tmp_path: Path, where: str) -> dict:
    """Tick one box with the mouse and another with Tab + Space; the advice must change each time."""
    boxes = page.locator(CHECKBOX)
    boxes.first.wait_for(state="visible")
    assert boxes.count() >= 2
    page.screenshot(path=str(tmp_path / f"{where}-red-flags-before.png"), full_page=True)
    before = _advice(page)

    boxes.first.click()
    _wait_advice_change(page, before)
    after_mouse = _advice(page)
    assert boxes.first.is_checked()

    assert after_mouse != before, "advice did not change after ticking a red flag"

    # Keyboard only: Space on the focused box unticks it (advice back to the start), Tab moves to
    # the next box, Space ticks that one (advice changes again).
    boxes.first.focus()
    page.keyboard.press("Space")
    _wait_advice_change(page, after_mouse)
    assert not boxes.first.is_checked()
    after_untick = _advice(page)
    assert after_untick == before, "unticking with Space did not restore the advice"
    page.keyboard.press("Tab")
    assert page.evaluate("(sel) => document.activeElement === document.querySelectorAll(sel)[1]", CHECKBOX), \
        "Tab did not move to the next check box"
    page.keyboard.press("Space")
    _wait_advice_change(page, after_untick)
    assert boxes.nth(1).is_checked()
    after_keys = _advice(page)
    page.screenshot(path=str(tmp_path / f"{where}-red-flags-after.png"), full_page=True)
    return {"before": before, "mouse": after_mouse, "keys": after_keys}


def _settle_plot(page) -> None:
    """Wait until the figure stops changing (the Output is cleared and redrawn on each change)."""
    prev = None
    for _ in range(60):
        cur = page.evaluate("() => { const p = document.querySelector('.js-plotly-plot .main-svg');"
                            " return p ? p.parentElement.innerHTML : null; }")
        if cur is not None and cur == prev:
            return
        prev = cur
        page.wait_for_timeout(250)


def _shot_plot(page, path: Path) -> None:
    for _ in range(3):
        try:
            page.locator(".js-plotly-plot").first.screenshot(path=str(path), timeout=10_000)
            return
        except playwright_api.Error:  # redrawn under us: take it again
            _settle_plot(page)
    page.screenshot(path=str(path))


def _drive_spine(page, tmp_path: Path, where: str) -> None:
    """The plotly figure is drawn (SVG) and redrawn when another part is chosen."""
    # JupyterLab leaves the notebook scrolled to the end after "Run All"; bring the widget into view
    # (off-screen cells are not laid out, and plotly draws only into a visible box).
    select = page.locator(".widget-dropdown select").first
    select.wait_for(state="attached", timeout=90_000)
    select.scroll_into_view_if_needed()
    try:
        page.locator(PLOT).first.wait_for(state="visible")
    except Exception:
        page.screenshot(path=str(tmp_path / f"{where}-spine-no-figure.png"), full_page=True)
        raise
    svg_before = page.locator(".js-plotly-plot").first.inner_html()
    _settle_plot(page)
    _shot_plot(page, tmp_path / f"{where}-spine-figure-before.png")
    options = select.locator("option").all_inner_texts()
    current = select.evaluate("s => s.options[s.selectedIndex].text")
    choice = next(o for o in options if o != current)
    select.select_option(label=choice)
    page.wait_for_function(
        "(b) => { const p = document.querySelector('.js-plotly-plot'); return p && p.innerHTML !== b; }",
        arg=svg_before)
    _settle_plot(page)
    page.locator(PLOT).first.wait_for(state="visible")
    _shot_plot(page, tmp_path / f"{where}-spine-figure-after.png")
    page.screenshot(path=str(tmp_path / f"{where}-spine-page.png"))


def _lab_run_all(page, url: str, token: str, lesson: str) -> None:
    # A fresh workspace: otherwise JupyterLab reopens the notebooks of the previous test as well.
    page.goto(f"{url}/lab/workspaces/t{secrets.token_hex(4)}/tree/lessons/{lesson}?token={token}&reset")
    page.locator(".jp-Notebook").wait_for(state="visible")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells").first.click()


def test_lesson1_red_flags_in_jupyterlab(server, page, tmp_path):
    t0 = time.monotonic()
    _lab_run_all(page, server["url"], server["token"], LESSON1)
    seen = _drive_red_flags(page, tmp_path, "lab")
    print(f"JupyterLab lesson 1: {time.monotonic() - t0:.1f}s; advice headlines: {[v.splitlines()[0] for v in seen.values()]}")


def test_lesson1_red_flags_in_voila(server, page, tmp_path):
    t0 = time.monotonic()
    page.goto(f"{server['url']}/voila/render/lessons/{LESSON1}?token={server['token']}", timeout=90_000)
    page.locator(CHECKBOX).first.wait_for(state="visible", timeout=90_000)
    body = page.locator("body").inner_text()
    assert "Lesson 1: Welcome and red flags" in body
    assert "red_flag_check" not in body and "import backschool" not in body, "Voila shows code"
    seen = _drive_red_flags(page, tmp_path, "voila")
    print(f"Voila lesson 1: {time.monotonic() - t0:.1f}s; advice headlines: {[v.splitlines()[0] for v in seen.values()]}")


def test_lesson2_plotly_figure_in_jupyterlab(server, page, tmp_path):
    _lab_run_all(page, server["url"], server["token"], LESSON2)
    _drive_spine(page, tmp_path, "lab")


def test_lesson2_plotly_figure_in_voila(server, page, tmp_path):
    """Voila renders a lesson whose figure sits in an ipywidgets.Output (it used to hang: voila#1428, #1522)."""
    page.goto(f"{server['url']}/voila/render/lessons/{LESSON2}?token={server['token']}", timeout=60_000)
    page.locator(".widget-dropdown select").first.wait_for(state="visible", timeout=90_000)
    _drive_spine(page, tmp_path, "voila")
