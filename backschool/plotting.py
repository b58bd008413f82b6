"""How the course draws any figure: its look (``style``) and the panel that shows it (``FigurePanel``).

A ``plotly.graph_objects.Figure`` is built for each change and sent as plotly's figure JSON to one
small view in the browser (backschool/figureview.py). A ``FigureWidget`` would also work, but in
plotly 7 its first creation costs about 3 s per kernel (see shared/notes/verified-facts.md).
Every figure gets a title, axis titles, the Okabe-Ito palette and a plain-text summary for
screen readers.
"""
from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets
import plotly.graph_objects as go

from .figureview import FigureView, figure_json
from .palette import NEUTRAL, SEQUENCE
from .widgets._common import html_widget

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=15)
TITLE_CHARS = 30  # a title line that fits a 390 px phone at the title's font size
AXIS = dict(showline=True, linecolor=NEUTRAL["line"], ticks="outside", showgrid=False, zeroline=False, automargin=True)



def style(fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None,
          x_title_chars: int = TITLE_CHARS) -> go.Figure:
    """Apply the course look: readable font, safe colours, a title and axis labels.

    The plain white look is set here rather than with a named plotly template: loading a template
    costs about 50 ms the first time in each kernel, which a learner waits for when a lesson opens.

    Plotly does not wrap a title, so a long one is broken into short lines (``<br>``) that fit a phone,
    and the top margin grows with them; so is the x axis's title (lines of ``x_title_chars``: shorter
    where names beside the bars leave the plot narrow on a phone), and the bottom margin.
    """
    lines = textwrap.wrap(title, TITLE_CHARS) or [""]
    x_lines = textwrap.wrap(x_title or "", x_title_chars)
    fig.update_layout(
        title=dict(text="<br>".join(lines), x=0.02, xref="container", xanchor="left"),
        font=FONT,
        colorway=SEQUENCE,
        template="none",
        paper_bgcolor=NEUTRAL["white"],
        plot_bgcolor=NEUTRAL["white"],
        margin=dict(l=60, r=20, t=36 + 26 * len(lines), b=40 + 20 * max(1, len(x_lines))),
        height=400 + 26 * len(lines),
    )
    fig.update_xaxes(AXIS)
    fig.update_yaxes(AXIS)
    if x_title is not None:
        fig.update_xaxes(title_text="<br>".join(x_lines))
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


class FigurePanel:
    """One figure and, under it, the same facts in words."""

    def __init__(self) -> None:
        self.view = FigureView()
        self.summary = html_widget()
        self.figure: go.Figure | None = None
        self.widget = widgets.VBox([self.view, self.summary])

    def show(self, fig: go.Figure, summary: str) -> None:
        self.figure = fig
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(summary)}</p>'
        self.view.figure = figure_json(fig)

    def empty(self, message: str) -> None:
        """Nothing to draw yet: the message in the figure's place rather than an empty chart."""
        self.figure = None
        self.view.figure = {}
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(message)}</p>'
