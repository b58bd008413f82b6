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
import sys
import time
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest

from backschool.manifest import load_course
from backschool.testing import browser
from backschool.testing.hubtools import ROOT, free_port

pytestmark = pytest.mark.slow

COURSE = load_course()
FIRST, SPINE = COURSE.lessons[0], COURSE.lesson("anatomy")  # the red-flag check; the spine explorer
LESSON1, LESSON2 = FIRST.notebook.name, SPINE.notebook.name
CHECKBOX = ".widget-checkbox input[type=checkbox]"
PLOT = ".js-plotly-plot .main-svg"


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
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           *(["--allow-root"] if os.geteuid() == 0 else [])]
    with browser.jupyter_server(cmd, env, base, port, token, timeout=60) as running:
        yield running


@pytest.fixture()
def page(tmp_path):
    with browser.page(tmp_path / "chromium-profile") as pg:
        yield pg


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


def test_lesson2_citations_link_to_the_same_number_in_its_sources_list_in_voila(server, page, tmp_path):
    """Each superscript number jumps to the Sources entry with that number; the drawing's labels do not
    overlap at phone width; the widget's sources are in a closed disclosure that the keyboard opens."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server['url']}/voila/render/lessons/{LESSON2}?token={server['token']}", timeout=60_000)
    page.locator("ol li [id^=source-]").first.wait_for(state="attached", timeout=90_000)
    links = page.evaluate("""() => [...document.querySelectorAll('sup.bs-cite a')].map(a => {
        const target = document.getElementById(a.getAttribute('href').slice(1));
        const li = target && target.closest('li');
        return [a.textContent, a.getAttribute('aria-label'), li ? [...li.parentElement.children].indexOf(li) + 1 : 0];
    })""")
    assert len(links) >= 10
    assert all(label == f"Source {shown}" and int(shown) == position for shown, label, position in links), links
    body = page.locator("body").inner_text()
    assert not [k for k in ("[gray-", "[nice-ng59]", "[hartvigsen") if k in body], "raw [key] text shown"
    page.locator("sup.bs-cite a").first.click()
    assert page.evaluate("() => !!document.querySelector(':target') && location.hash.startsWith('#source-')")

    page.locator(PLOT).first.wait_for(state="visible", timeout=90_000)
    _settle_plot(page)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .annotation')].map(a => {
        const r = a.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(boxes) == 5, boxes
    width = page.evaluate("() => document.querySelector('.js-plotly-plot').getBoundingClientRect().right")
    for i, a in enumerate(boxes):
        assert a[2] <= width + 1, f"label {i} runs off the drawing: {a} > {width}"
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"labels overlap: {a} {b}"
    ticks = page.locator(".js-plotly-plot .xtick, .js-plotly-plot .ytick").count()
    assert ticks == 0, "a drawing with no scale has no tick marks"
    page.screenshot(path=str(tmp_path / "voila-390-spine.png"), full_page=True)

    summary = page.locator("details.bs-where > summary").first
    assert not page.evaluate("() => document.querySelector('details.bs-where').open")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('details.bs-where').open"), "Enter opens the sources"


def test_a_figure_is_drawn_where_the_server_does_not_serve_plotly_js(server, page):
    """JupyterLab started by hand (no course extension) has no plotly.js address: the figure view then asks
    the kernel for the file (backschool/figureview.py). Here the browser is refused that address."""
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.fulfill(status=404, body="not here")

    page.route("**/backschool/static/plotly.min.js*", refuse)
    page.goto(f"{server['url']}/voila/render/lessons/{LESSON2}?token={server['token']}", timeout=60_000)
    page.locator(PLOT).first.wait_for(state="visible", timeout=90_000)
    assert refused, "the page asked the server for plotly.js first"
    assert page.evaluate("() => [...document.scripts].some(s => s.src.startsWith('blob:'))"), "drawn with the kernel's copy"
