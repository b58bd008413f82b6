"""How the course draws any figure: its look (``style``), sending it (``mime_bundle``) and the panel that shows it.

Static ``plotly.graph_objects.Figure`` objects are redrawn inside an ``ipywidgets.Output``
on each change. A ``FigureWidget`` would also work, but in plotly 7 its first creation costs
about 3 s per kernel (see shared/notes/verified-facts.md); a static figure costs about 0.1 s.
Every figure gets a title, axis titles, the Okabe-Ito palette and a plain-text summary for
screen readers.

Opening a lesson fast (``python -m benchmarks``, P1): a figure is sent as ``mime_bundle``, the
exact message plotly's own ``plotly_mimetype`` renderer sends, without importing
``plotly.io._renderers`` (that module imports nbformat and with it jsonschema, about 1.2 s in a
fresh kernel). The course runs in JupyterLab and Voila, which render that mime type with the
jupyterlab-plotly extension shipped in the plotly package.
"""
from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets
import plotly.graph_objects as go

from .palette import NEUTRAL, SEQUENCE
from .widgets._common import html_widget

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=15)
PLOTLY_MIME = "application/vnd.plotly.v1+json"
TITLE_CHARS = 30  # a title line that fits a 390 px phone at the title's font size
AXIS = dict(showline=True, linecolor=NEUTRAL["line"], ticks="outside", showgrid=False, zeroline=False, automargin=True)



def style(fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    """Apply the course look: readable font, safe colours, a title and axis labels.

    The plain white look is set here rather than with a named plotly template: loading a template
    costs about 50 ms the first time in each kernel, which a learner waits for when a lesson opens.

    Plotly does not wrap a title, so a long one is broken into short lines (``<br>``) that fit a phone,
    and the top margin grows with them.
    """
    lines = textwrap.wrap(title, TITLE_CHARS) or [""]
    fig.update_layout(
        title=dict(text="<br>".join(lines), x=0.02, xref="container", xanchor="left"),
        font=FONT,
        colorway=SEQUENCE,
        template="none",
        paper_bgcolor=NEUTRAL["white"],
        plot_bgcolor=NEUTRAL["white"],
        margin=dict(l=60, r=20, t=36 + 26 * len(lines), b=60),
        height=400 + 26 * len(lines),
    )
    fig.update_xaxes(AXIS)
    fig.update_yaxes(AXIS)
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def mime_bundle(fig: go.Figure) -> dict:
    """The figure as plotly's ``plotly_mimetype`` renderer sends it: ``{PLOTLY_MIME: figure JSON}``."""
    import json

    import plotly.io as pio

    # What plotly.io._base_renderers.PlotlyRenderer.to_mimebundle does with no config.
    return {PLOTLY_MIME: json.loads(pio.to_json(fig.to_dict(), validate=False, remove_uids=False))}


class FigurePanel:
    """An Output that shows one static figure and, under it, the same facts in words."""

    def __init__(self) -> None:
        self.output = widgets.Output()
        self.summary = html_widget()
        self.figure: go.Figure | None = None
        self.widget = widgets.VBox([self.output, self.summary])

    def show(self, fig: go.Figure, summary: str) -> None:
        self.figure = fig
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(summary)}</p>'
        # Set the Output's content in one trait update rather than capturing display() inside
        # ``with output:``: Voila can hang on outputs captured while a cell runs (voila#1428, #1522).
        self.output.outputs = ({"output_type": "display_data", "data": mime_bundle(fig), "metadata": {}},)

    def empty(self, message: str) -> None:
        """Nothing to draw yet: the message in the figure's place rather than an empty chart."""
        self.figure = None
        self.output.outputs = ()
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(message)}</p>'
