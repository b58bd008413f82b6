"""A figure as the learner's browser gets it: one small widget that draws plotly's figure JSON with plotly.js.

Plotly's own ways to show a figure in a lesson page each cost the learner a wait. Its mime renderer
(the jupyterlab-plotly extension) brings a 4.8 MB copy of plotly.js that the page starts only when it
draws the first figure: 0.2 to 0.9 s in chromium here, every figure page, before any widget of the page
showed. ``FigureWidget`` sends a 5 MB script through the kernel for each figure. This view, an anywidget
(``static/figure_view.js``), uses the plotly.js file shipped in the plotly package, served by the
learner's server with the package's version in its address (so the browser keeps it): a lesson page
that draws figures fetches it in its head (backschool/learnerapp/extensions.py), while the server is
still running the lesson, and runs it once the page's controls are drawn; the figure follows. A
script run in the head held back Voila's app, which waits for the page's load event: the first
figure lesson's controls came 1.2 s later for it. A Jupyter server without
the course's extension (``jupyter lab lessons/`` in a conda environment) does not serve that file; there
the view asks the kernel for it, once per page.
"""
from __future__ import annotations

import json
from pathlib import Path

import anywidget
import plotly
import traitlets

SCRIPT = f"backschool/static/plotly.min.js?v={plotly.__version__}"  # under the server's base URL
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_ESM = (Path(__file__).parent / "static" / "figure_view.js").read_text(encoding="utf-8")


def figure_json(fig) -> dict:
    """The figure as plotly's own renderers send it (``data`` and ``layout``), without validating it again."""
    import plotly.io as pio

    return json.loads(pio.to_json(fig.to_dict(), validate=False, remove_uids=False))


class FigureView(anywidget.AnyWidget):
    """Draws ``figure`` (plotly's figure JSON; empty: nothing drawn) with the plotly.js at ``script``."""

    _esm = _ESM
    figure = traitlets.Dict().tag(sync=True)
    script = traitlets.Unicode(SCRIPT).tag(sync=True)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_message)

    def _on_message(self, _view, content: dict, _buffers: list) -> None:
        """The browser could not load ``script`` from the server: send it plotly.js itself."""
        if content == {"want": "plotly.js"}:
            self.send({"plotly": True}, buffers=[PLOTLY_JS.read_bytes()])
