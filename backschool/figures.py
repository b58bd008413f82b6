"""How the course draws figures.

Static ``plotly.graph_objects.Figure`` objects are redrawn inside an ``ipywidgets.Output``
on each change. A ``FigureWidget`` would also work, but in plotly 7 its first creation costs
about 3 s per kernel (see shared/notes/verified-facts.md); a static figure costs about 0.1 s.
Every figure gets a title, axis titles, the Okabe-Ito palette and a plain-text summary for
screen readers.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go
from IPython.display import display

from .palette import SEQUENCE

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=15)


def style(fig: go.Figure, title: str, x_title: str | None = None, y_title: str | None = None) -> go.Figure:
    """Apply the course look: readable font, safe colours, a title and axis labels."""
    fig.update_layout(
        title=dict(text=title),
        font=FONT,
        colorway=SEQUENCE,
        template="simple_white",
        margin=dict(l=60, r=20, t=60, b=60),
        height=420,
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


class FigurePanel:
    """An Output that shows one static figure and, under it, the same facts in words."""

    def __init__(self) -> None:
        self.output = widgets.Output()
        self.summary = widgets.HTML()
        self.figure: go.Figure | None = None
        self.widget = widgets.VBox([self.output, self.summary])

    def show(self, fig: go.Figure, summary: str) -> None:
        self.figure = fig
        self.summary.value = f'<p role="status" aria-live="polite">{html.escape(summary)}</p>'
        with self.output:
            self.output.clear_output(wait=True)
            display(fig)
