"""Tick postures and compare the pressure in a lower-back disc with relaxed standing (Wilke 1999)."""
from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import disc_load as model
from ..models.plain_numbers import as_much_as, times
from ..palette import OKABE_ITO
from ._common import checkbox, heading, html_widget, message_html, where_from
from ..plotting import FigurePanel, style

DEFAULT = ("lying_supine", "sitting_relaxed", "standing_relaxed", "lift_20kg_round_back")


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
        fig = go.Figure(go.Bar(x=[], y=[], orientation="h", textposition="outside",
                               hovertemplate="%{y}: %{text}<extra>Wilke et al. 1999</extra>"))
        fig.add_vline(x=1, line_dash="dash", line_color=OKABE_ITO["black"], annotation_text="standing relaxed")
        fig.update_xaxes(dtick=1)  # whole numbers only: the bars carry the comparison in words
        style(
            fig,
            "Pressure in a lower-back disc compared with standing (Wilke et al. 1999)",
            "Times the pressure of standing relaxed",
            "Posture",
        )
        fig.update_layout(margin=dict(l=300))
        return fig

    def update(self, _change: dict | None = None) -> None:
        self.result = model.compare([pid for pid, box in self.boxes.items() if box.value])
        r = self.result
        if not r.postures:
            self.message.value = message_html("Tick at least one posture to see the chart.")
            return
        self.message.value = ""
        rel = [r.relative(p) for p in r.postures]
        fig = self.figure
        with fig.batch_update():
            bar = fig.data[0]
            bar.x, bar.y = rel, [p.label for p in r.postures]
            bar.marker.color = [OKABE_ITO["blue"] if x <= 1 else OKABE_ITO["vermillion"] for x in rel]
            bar.text = [times(x) for x in rel]
            fig.layout.height = max(300, 60 + 45 * len(r.postures))
            fig.layout.xaxis.range = [0, max(rel) * 1.8]
        hi, lo = r.highest, r.lowest
        summary = (
            f"Of the {len(r.postures)} postures ticked, the lowest disc pressure is {lo.label.lower()} "
            f"({as_much_as(r.relative(lo))} standing) and the highest is {hi.label.lower()} "
            f"({as_much_as(r.relative(hi))} standing). Measured in one volunteer by Wilke et al. 1999."
        )
        self.panel.show(fig, summary)
