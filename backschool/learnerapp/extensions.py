"""Which browser extensions a lesson page loads: plotly's only where the lesson draws a figure.

Voila loads every allowed lab extension before it draws a page's first widget. Plotly's is the
largest (its first chunks take about 0.1 s to load and start in chromium here), and five of the
nine lessons draw no figure. This is Voila's ``page_config_hook``: for a manifest lesson that calls
none of ``backschool.widgets.FIGURE_VIEWS``, plotly's extension is left out of the page. Every other
page (a quiz, the class dashboard, any notebook outside the manifest) keeps them all.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

PLOTLY_EXTENSION = "jupyterlab-plotly"


@lru_cache(maxsize=64)
def _draws_figures(path: Path, mtime_ns: int) -> bool:
    from .. import lessontext
    from ..widgets import FIGURE_VIEWS

    return bool(lessontext.view_calls(path) & FIGURE_VIEWS)


def needs_plotly(root: Path, notebook_path: str) -> bool:
    """False only for a lesson of the manifest that draws no figure. ``notebook_path`` is the page's path
    under the server's ``root``: the checkout under ``./course learn``, the learner's home on the hub,
    where the lessons are the learner's own copies (so the copy shown is the one read)."""
    from ..manifest import load_course

    if Path(notebook_path).as_posix() not in {lesson.notebook_path for lesson in load_course().lessons}:
        return True
    notebook = (root / notebook_path).resolve()
    try:
        return _draws_figures(notebook, notebook.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError):  # unreadable or not a notebook: Voila reports that, not this
        return True


def lesson_page_config(page_config: dict[str, Any], *, notebook_path: str, settings: dict[str, Any],
                       **_voila: Any) -> dict[str, Any]:
    """Voila's page_config_hook: the page's config without plotly's extension where it is not needed."""
    root = Path(settings.get("server_root_dir") or ".").expanduser()
    if needs_plotly(root, notebook_path):
        return page_config
    kept = [ext for ext in page_config.get("federated_extensions", []) if ext.get("name") != PLOTLY_EXTENSION]
    return {**page_config, "federated_extensions": kept}
