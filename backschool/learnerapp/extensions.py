"""What a lesson page loads for its figures: anywidget and plotly.js where the lesson draws one, else nothing.

Voila loads every allowed lab extension before it draws a page's first widget, and five of the nine
lessons draw no figure. This is Voila's ``page_config_hook``. A manifest lesson draws its figures with
the course's figure view (backschool/figureview.py), so plotly's own extension (jupyterlab-plotly, whose
plotly.js took 0.2-0.9 s to start in each figure page) is left out of every lesson. A lesson that calls
one of ``backschool.widgets.FIGURE_VIEWS`` keeps anywidget and gets ``backschoolPlotly``, the address of
plotly.js, which the course's Voila template fetches in the page's head; a lesson that calls none
keeps neither. Every other page (the class dashboard, any notebook outside the manifest) keeps them all.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

PLOTLY_EXTENSION = "jupyterlab-plotly"
FIGURE_EXTENSION = "anywidget"


@lru_cache(maxsize=64)
def _draws_figures(path: Path, mtime_ns: int) -> bool:
    from .. import lessontext
    from ..widgets import FIGURE_VIEWS

    return bool(lessontext.view_calls(path) & FIGURE_VIEWS)


def is_lesson(notebook_path: str) -> bool:
    from ..manifest import load_course

    return Path(notebook_path).as_posix() in {lesson.notebook_path for lesson in load_course().lessons}


def draws_figures(root: Path, notebook_path: str) -> bool:
    """False only for a lesson of the manifest that draws no figure. ``notebook_path`` is the page's path
    under the server's ``root``: the checkout under ``./course learn``, the learner's home on the hub,
    where the lessons are the learner's own copies (so the copy shown is the one read)."""
    if not is_lesson(notebook_path):
        return True
    notebook = (root / notebook_path).resolve()
    try:
        return _draws_figures(notebook, notebook.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError):  # unreadable or not a notebook: Voila reports that, not this
        return True


def lesson_page_config(page_config: dict[str, Any], *, notebook_path: str, settings: dict[str, Any],
                       **_voila: Any) -> dict[str, Any]:
    """Voila's page_config_hook: a lesson's page config with only the extensions its figures need."""
    from ..figureview import SCRIPT

    if not is_lesson(notebook_path):
        return page_config
    figures = draws_figures(Path(settings.get("server_root_dir") or ".").expanduser(), notebook_path)
    left_out = {PLOTLY_EXTENSION} if figures else {PLOTLY_EXTENSION, FIGURE_EXTENSION}
    kept = [ext for ext in page_config.get("federated_extensions", []) if ext.get("name") not in left_out]
    return {**page_config, "federated_extensions": kept, **({"backschoolPlotly": SCRIPT} if figures else {})}
