"""Tick postures and compare the pressure in a lower-back disc with relaxed standing (Wilke 1999)."""
from __future__ import annotations

import math
import textwrap

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import disc_load as model
from ..models.plain_numbers import as_much_as, times
from ..palette import OKABE_ITO
from ._common import checkbox, heading, html_widget, message_html, where_from
from ..plotting import FigurePanel, style

DEFAULT = ("lying_supine", "sitting_relaxed", "standing_relaxed", "lift_20kg_round_back")
LABEL_CHARS = 14  # a posture's name is broken into lines this long: on a 390 px phone the bars keep room
TEXT_CHARS = 10  # and the words at a bar's end ("four and a half times"), so they stay inside the figure
LINE_PX, ROW_PX = 20, 22  # height per line of a bar's name or words, and per bar besides


class DiscLoadComparison(widgets.VBox):
    def __init__(self, ticked: tuple[str, ...] = DEFAULT) -> None:
        self.boxes = {
            p.id: checkbox(p.label, p.id in ticked)
            for p in model.postures()
        }
        self.panel = FigurePanel()
        self.message = html_widget()
        self.result = model.compare([])
        self.figure = self._empty_figure()
        for box in self.boxes.values():
            box.observe(self.update, names="value")
        grid = widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(grid_template_columns="repeat(2, auto)"))
        super().__init__(
            [
                heading(
                    "Posture and the load on your discs",
                    "Tick the postures you want to compare. The bars show the pressure measured inside one "
                    "healthy person's lower-back disc, compared with standing relaxed. A longer bar means more pressure.",
                ),
                grid,
                self.message,
                self.panel.widget,
                where_from(model.source()),
            ]
        )
        self.update()

    @staticmethod
    def _empty_figure() -> go.Figure:
        """Styled once; each update only swaps the bars (styling a figure costs about 20 ms)."""
        fig = go.Figure(go.Bar(x=[], y=[], orientation="h", textposition="outside", cliponaxis=False,
                               hovertemplate="%{y}: %{text}<extra>Wilke et al. 1999</extra>"))
        fig.add_vline(x=1, line_dash="dash", line_color=OKABE_ITO["black"], annotation_text="standing relaxed",
                      annotation_position="top")
        style(
            fig,
            "Pressure in a lower-back disc compared with standing (Wilke et al. 1999)",
            "Times the pressure of standing relaxed",
            "Posture",
            x_title_chars=LABEL_CHARS + 8,
        )
        fig.update_layout(margin_t=fig.layout.margin.t + 2 * LINE_PX)  # the dashed line's name, above the bars
        return fig

    def update(self, _change: dict | None = None) -> None:
        self.result = model.compare([pid for pid, box in self.boxes.items() if box.value])
        r = self.result
        if not r.postures:
            self.message.value = message_html("Tick at least one posture to see the chart.")
            return
        self.message.value = ""
        rel = [r.relative(p) for p in r.postures]
        labels = ["<br>".join(textwrap.wrap(p.label, LABEL_CHARS)) for p in r.postures]
        words = ["<br>".join(textwrap.wrap(times(x), TEXT_CHARS)) for x in rel]
        fig = self.figure
        margin = fig.layout.margin
        with fig.batch_update():
            bar = fig.data[0]
            bar.x, bar.y = rel, labels
            bar.marker.color = [OKABE_ITO["blue"] if x <= 1 else OKABE_ITO["vermillion"] for x in rel]
            bar.text = words
            fig.layout.height = margin.t + margin.b + sum(ROW_PX + LINE_PX * (1 + max(y.count("<br>"), t.count("<br>")))
                                                          for y, t in zip(labels, words))
            fig.layout.xaxis.range = [0, max(rel) * 1.8]
            # whole numbers only (the bars carry the comparison in words), about five of them
            fig.layout.xaxis.dtick = max(1, math.ceil(max(rel) * 1.8 / 5))
        hi, lo = r.highest, r.lowest
        summary = (
            f"Of the {len(r.postures)} postures ticked, the lowest disc pressure is {lo.label.lower()} "
            f"({as_much_as(r.relative(lo))} standing) and the highest is {hi.label.lower()} "
            f"({as_much_as(r.relative(hi))} standing). Measured in one volunteer by Wilke et al. 1999."
        )
        self.panel.show(fig, summary)
