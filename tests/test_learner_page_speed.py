"""What makes a lesson page quick to open, checked without a browser: Voila's templates compiled once
per server (backschool/learnerapp/templatecache.py), plotly's browser extension left out of every
lesson, and the figure view's extension and plotly.js only in lessons that draw a figure
(backschool/learnerapp/extensions.py), plotly.js kept by the browser, and (in chromium) Voila's app read
while the server still runs the lesson."""
from __future__ import annotations

import asyncio
import json
import re

import jinja2
import requests
from voila.exporter import VoilaExporter
from voila.paths import collect_template_paths

from backschool.figureview import PLOTLY_JS
from backschool.learnerapp import extensions, templatecache
from backschool.manifest import load_course, repo_root
from backschool.testing import browser

COURSE = load_course()
TEMPLATE_PATHS = collect_template_paths(["voila", "nbconvert"], "backschool",
                                        root_dirs=[str(repo_root() / "deploy" / "share" / "jupyter")])


def _compiles(monkeypatch) -> list[str]:
    seen: list[str] = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return compile_(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return seen


def test_a_second_page_compiles_no_template(monkeypatch):
    templatecache.install()
    templatecache.CACHE.clear()
    seen = _compiles(monkeypatch)
    VoilaExporter(template_paths=TEMPLATE_PATHS, template_name="backschool").template  # noqa: B018
    first = list(seen)
    assert first == ["index.html.j2"], first  # the templates it extends load as the page renders, cached alike
    seen.clear()
    VoilaExporter(template_paths=TEMPLATE_PATHS, template_name="backschool").template  # noqa: B018
    assert seen == [], f"compiled again for the second page: {seen}"


def test_a_lesson_page_compiles_no_template_after_the_servers_start(monkeypatch):
    """The server compiles the page templates as it starts (a two-cell page); the first real lesson page,
    rendered as Voila renders it, then compiles none."""
    import nbformat
    from jupyter_core.paths import jupyter_path
    from traitlets.config import Config

    paths = collect_template_paths(["voila", "nbconvert"], "backschool",
                                   root_dirs=[str(repo_root() / "deploy" / "share" / "jupyter"), *jupyter_path()])
    templatecache.install()
    templatecache.CACHE.clear()
    asyncio.run(templatecache.compile_page_templates(paths, "backschool"))
    seen = _compiles(monkeypatch)
    lesson = next(lesson for lesson in COURSE.lessons if lesson.id == "anatomy")  # text, images, widgets
    config = Config(json.loads((repo_root() / "deploy" / "jupyter-learner" / "jupyter_server_config.json").read_text()))
    asyncio.run(templatecache.compile_page_templates(paths, "backschool", config=config,
                                                     notebook=nbformat.read(lesson.notebook, as_version=4)))
    assert seen == [], f"the lesson page compiled templates the server had not: {seen}"


def test_an_edited_template_is_compiled_again(monkeypatch, tmp_path):
    templatecache.install()
    folder = tmp_path / "voila" / "templates" / "edited"
    folder.mkdir(parents=True)
    (folder / "index.html.j2").write_text("one")
    paths = [str(folder)]
    assert VoilaExporter(template_paths=paths, template_name="edited").template.render() == "one"
    (folder / "index.html.j2").write_text("two")
    assert VoilaExporter(template_paths=paths, template_name="edited").template.render() == "two"


ALL = ["@jupyter-widgets/jupyterlab-manager", extensions.PLOTLY_EXTENSION, extensions.FIGURE_EXTENSION,
       "@voila-dashboards/widgets-manager8"]


def _page_config(notebook_path: str, root=None) -> dict:
    config = {"federated_extensions": [{"name": name} for name in ALL]}
    return extensions.lesson_page_config(config, notebook_path=notebook_path,
                                         settings={"server_root_dir": str(root or repo_root())}, base_url="/", log=None)


def _has_plotly(config: dict) -> bool:
    """The page asks for plotly.js and loads the figure view (anywidget); never plotly's own extension."""
    names = [e["name"] for e in config["federated_extensions"]]
    figures = extensions.FIGURE_EXTENSION in names
    assert figures == ("backschoolPlotly" in config), config
    return figures


def test_a_learners_own_copy_decides_on_the_hub(tmp_path):
    """On the hub the server's root is the learner's home, holding their copies of the lessons."""
    lesson = COURSE.lessons[0]
    copy = tmp_path / lesson.notebook_path
    copy.parent.mkdir(parents=True)
    notebook = json.loads(lesson.notebook.read_text(encoding="utf-8"))
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert not _has_plotly(_page_config(lesson.notebook_path, tmp_path))
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                              "source": "bs.disc_load()"})  # a curious learner adds a figure in JupyterLab
    copy.write_text(json.dumps(notebook), encoding="utf-8")
    assert _has_plotly(_page_config(lesson.notebook_path, tmp_path))


def test_plotly_only_on_lessons_with_figures():
    kept = {lesson.id: _has_plotly(_page_config(lesson.notebook_path)) for lesson in COURSE.lessons}
    assert not kept["welcome"] and kept["anatomy"], kept  # lesson 1: the red-flag check; lesson 2: the spine drawing
    assert 0 < sum(kept.values()) < len(kept), kept
    for lesson in COURSE.lessons:  # the widget manager is never left out, plotly's own extension always is
        names = [e["name"] for e in _page_config(lesson.notebook_path)["federated_extensions"]]
        assert "@jupyter-widgets/jupyterlab-manager" in names and "@voila-dashboards/widgets-manager8" in names
        assert extensions.PLOTLY_EXTENSION not in names


def test_pages_outside_the_lessons_keep_every_extension():
    quiz = next(iter(COURSE.quizzes.values())).notebook.relative_to(repo_root()).as_posix()
    assert [e["name"] for e in _page_config(quiz)["federated_extensions"]] == ALL


def test_hashed_extension_files_are_kept_by_the_browser(tmp_path):
    """On a real learner server: a lab-extension file asked for by its hash may be kept; the rest is not."""
    with browser.learner_server(tmp_path) as server:
        page = requests.get(f"{server['url']}/voila/render/{COURSE.lessons[1].notebook_path}",
                            params={"token": server["token"]}, timeout=120)
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page.text, re.S)
        plotly = next(e for e in json.loads(config.group(1))["federated_extensions"]
                      if e["name"] == extensions.FIGURE_EXTENSION)
        base = f"{server['url']}/voila/labextensions/{plotly['name']}/{plotly['load']}"
        entry = requests.get(base, params={"token": server["token"]}, timeout=30)
        assert entry.status_code == 200 and "immutable" in entry.headers["Cache-Control"], entry.headers
        unhashed = requests.get(f"{server['url']}/voila/labextensions/{plotly['name']}/package.json",
                                params={"token": server["token"]}, timeout=30)
        assert unhashed.status_code == 200 and unhashed.headers["Cache-Control"] == "no-cache", unhashed.headers
        # plotly.js, fetched in the page's head under the plotly package's version, is kept too
        script = re.search(r'<link rel="preload" as="script" data-bs-plotly href="([^"]+)"', page.text)
        assert script, "a figure lesson fetches plotly.js in its head"
        js = requests.get(f"{server['url']}{script.group(1)}", timeout=30)
        assert js.status_code == 200 and js.content == PLOTLY_JS.read_bytes(), script.group(1)
        assert "max-age=" in js.headers["Cache-Control"] and "no-cache" not in js.headers["Cache-Control"], js.headers


# Marks, on the page's clock, when plotly.js has run (it sets window.Plotly) and when a control is drawn.
ORDER = """
let plotly;
Object.defineProperty(window, "Plotly", {configurable: true, get: () => plotly,
  set: (value) => { plotly = value; window.bsPlotlyRan = window.bsPlotlyRan || performance.now(); }});
(function watch() {
  const control = [...document.querySelectorAll(".jupyter-widgets :is(input, button, select)")]
    .find((el) => el.getBoundingClientRect().height > 0);
  if (control) { window.bsControl = performance.now(); return; }
  requestAnimationFrame(watch);
})();
"""


def test_a_figure_lesson_shows_its_controls_before_plotly_runs(tmp_path):
    """The course template adds voila.js once the page config is in the page, not after the last cell,
    and leaves out Voila's own script tag at the end: the app is asked for once, before the page has all
    arrived. plotly.js is fetched in the head but run only after the page's controls are drawn, and the
    figures are drawn."""
    lesson = next(lesson for lesson in COURSE.lessons if lesson.id == "anatomy")  # its figure is first
    with browser.learner_server(tmp_path) as server, browser.page(tmp_path / "chromium") as page:
        page.add_init_script(ORDER)
        # The second visit is the one looked at: on the first, a fresh browser still fetches Voila's
        # style script in the head, and a fast server can send the whole page before the parser reaches
        # the page config (seen in CI: voila.js asked for 17 ms after the page had arrived).
        for _visit in range(2):
            page.goto(f"{server['url']}/voila/render/{lesson.notebook_path}?token={server['token']}")
            page.locator(".bs-figure .main-svg").first.wait_for(state="visible", timeout=60_000)
        seen = page.evaluate("""() => ({
            html: performance.getEntriesByType("navigation")[0].responseEnd,
            app: performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname.endsWith("/voila.js"))
                .map((e) => e.startTime),
            tags: [...document.scripts].filter((s) => (s.getAttribute("src") || "").split("?")[0].endsWith("/voila.js")).length,
            control: window.bsControl, plotly: window.bsPlotlyRan,
        })""")
    assert len(seen["app"]) == 1 and seen["tags"] == 1, seen
    assert seen["app"][0] < seen["html"], f"voila.js was asked for only after the page had arrived: {seen}"
    assert seen["control"] and seen["plotly"] and seen["control"] < seen["plotly"], \
        f"plotly.js ran before the page's first control was drawn: {seen}"


def test_texts_and_check_boxes_share_one_layout_and_style():
    """Each text and check box would otherwise bring two widgets of its own (layout, style) to the page."""
    import ipywidgets

    import backschool.widgets as bs

    views = [bs.red_flag_check(), bs.checklist("move-often")]
    texts = [w for v in views for w in _tree(v) if isinstance(w, ipywidgets.HTML)]
    boxes = [w for v in views for w in _tree(v) if isinstance(w, ipywidgets.Checkbox)]
    assert len(texts) > 5 and len(boxes) > 5
    assert len({id(w.layout) for w in texts}) == 1 and len({id(w.style) for w in texts}) == 1
    assert len({id(w.layout) for w in boxes}) == 1 and len({id(w.style) for w in boxes}) == 1


def _tree(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _tree(child)


def test_no_view_makes_its_own_text_or_check_box_widget():
    """The rule behind the test above, for every view: text and check boxes come from _common."""
    folder = repo_root() / "backschool" / "widgets"
    bare = [f"{path.name}:{n}" for path in sorted(folder.glob("*.py")) if path.name != "_common.py"
            for n, line in enumerate(path.read_text().splitlines(), 1)
            if re.search(r"widgets\.(HTML|Checkbox)\(", line)]
    assert not bare, f"use _common.html_widget / _common.checkbox: {bare}"
