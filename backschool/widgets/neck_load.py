"""Slide the head forward and see the estimated load on the neck (Hansraj 2014), in kg and lb."""
from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import neck_load as model
from ..models.plain_numbers import as_much_as
from ..palette import OKABE_ITO
from ._common import LABEL_STYLE, heading, html_widget, message_html, where_from
from ..plotting import FigurePanel, style


class NeckLoadExplorer(widgets.VBox):
    def __init__(self, degrees: int = 0) -> None:
        self.slider = widgets.IntSlider(
            value=degrees, min=0, max=60, step=1, description="Head tilted forward (degrees):",
            style=LABEL_STYLE, layout=widgets.Layout(width="520px"), continuous_update=False,
        )
        self.panel = FigurePanel()
        self.message = html_widget()
        self.result = model.load_at(degrees)
        self.figure = self._base_figure()
        self.slider.observe(self.update, names="value")
        super().__init__(
            [
                heading(
                    "Head posture and the load on your neck",
                    "Move the slider to tilt the head forward, as when looking down at a phone. 0 degrees is upright; "
                    "60 degrees is looking far down. The study gives values at 0, 15, 30, 45 and 60 degrees.",
                ),
                self.slider,
                self.message,
                self.panel.widget,
                where_from(model.source()),
            ]
        )
        self.update()

    @staticmethod
    def _base_figure() -> go.Figure:
        """The published points and the styling are drawn once; updates move only the learner's point."""
        xs, ys = zip(*model.points())
        fig = go.Figure()
        fig.add_trace(go.Scatter(
            x=xs, y=[y * model.LB_TO_KG for y in ys], mode="lines+markers",
            name="Published points<br>(the line between them is an estimate)",  # two lines: fits a phone
            line=dict(color=OKABE_ITO["blue"], dash="dot"), marker=dict(size=10),
            customdata=ys, hovertemplate="%{x} degrees: %{y:.1f} kg (%{customdata:.0f} lb), published<extra></extra>",
        ))
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name="Your choice",
                                 marker=dict(size=18, color=OKABE_ITO["vermillion"], symbol="diamond")))
        style(fig, "Estimated load on the neck as the head tilts forward (Hansraj 2014)",
              "Head tilted forward (degrees)", "Load on the neck (kg)")
        fig.update_layout(legend=dict(orientation="h", y=-0.25))
        return fig

    def update(self, _change: dict | None = None) -> None:
        try:
            self.result = model.load_at(self.slider.value)
        except ValueError as exc:
            self.message.value = message_html(str(exc), urgent=True)
            return
        self.message.value = ""
        r = self.result
        with self.figure.batch_update():
            you = self.figure.data[1]
            you.x, you.y = [r.degrees], [r.kg]
            you.hovertemplate = f"{r.degrees:g} degrees: {r.kg:.1f} kg ({r.lb:.1f} lb), {r.label}<extra></extra>"
        fig = self.figure
        zero = " (the paper gives 10 to 12 lb for an upright head)" if r.degrees == 0 else ""
        summary = (
            f"At {r.degrees:g} degrees the load on the neck is about {r.kg:.0f} kg ({r.lb:.0f} lb){zero}: {r.label}. "
            f"That is {as_much_as(r.lb / model.points()[0][1])} with the head upright."
        )
        self.panel.show(fig, summary)
