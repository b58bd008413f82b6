"""NIOSH lifting calculator: enter a lift, see the recommended limit, the lifting index and why."""
from __future__ import annotations

import html
import math

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import niosh as model
from ..models.plain_numbers import as_much_as
from ..palette import OKABE_ITO
from ._common import LABEL_STYLE, heading, html_widget, message_html, where_from
from ..plotting import FigurePanel, style

# Defaults: a box at waist height (105 cm), close (25 cm), moved a little, now and then, so the
# calculator first shows a familiar limit (about 20.9 kg; 10.5 kg when held 50 cm out).
# Labels in plain words (PEMAT-P item 3); the equation's letters stay only in the model's messages.
_FIELDS = (  # attribute, label, metric default, us default
    ("load", "Weight of the load", 10.0, 22.0),
    ("h", "How far the hands are in front of the ankles", 25.0, 10.0),
    ("v", "How high the hands are at the start", 105.0, 41.0),
    ("d", "How far the load moves up or down", 25.0, 10.0),
    ("a", "How far you turn your body (degrees, 0 = no turn)", 0.0, 0.0),
)


def _rate_words(rate: float) -> str:
    """Table 5's lifts per minute as a learner says it, so no one has to work out 0.2."""
    if rate < 1:
        return f"1 lift every {1 / rate:g} minutes" + (" or less often" if rate == min(model.lift_rates()) else "")
    return f"{rate:g} lift{'s' if rate > 1 else ''} a minute"


_LEVEL_COLOURS = {"ok": OKABE_ITO["bluish_green"], "increased": OKABE_ITO["orange"], "high": OKABE_ITO["vermillion"],
                  "outside": OKABE_ITO["vermillion"]}


class NioshCalculator(widgets.VBox):
    def __init__(self, units: str = "metric") -> None:
        self.units = widgets.ToggleButtons(
            options=[("Metric (kg, cm)", "metric"), ("US (lb, inches)", "us")], value=units,
            description="Units:", style=LABEL_STYLE,
        )
        # FloatText, not BoundedFloatText: a bounded box would silently clamp; the model explains instead.
        self.inputs = {
            name: widgets.FloatText(value=metric if units == "metric" else us, description=self._label(label, name, units),
                                    style=LABEL_STYLE, layout=widgets.Layout(width="auto", max_width="380px"))
            for name, label, metric, us in _FIELDS
        }
        self.frequency = widgets.Dropdown(
            options=[(_rate_words(rate), rate) for rate in model.lift_rates()], value=0.2,
            description="How often:", style=LABEL_STYLE, layout=widgets.Layout(width="auto"),
        )
        self.duration = widgets.Dropdown(
            options=[(text, key) for key, text in model.durations().items()], value="1h",
            description="Lifting for:", style=LABEL_STYLE,
        )
        self.coupling = widgets.Dropdown(
            options=[(f"{k}: {text}", k) for k, text in model.grips().items()], value="good",
            description="Grip:", style=LABEL_STYLE, layout=widgets.Layout(width="auto"),
        )
        self.message = html_widget()
        self.verdict = html_widget()
        self.panel = FigurePanel()
        self.result: model.NioshResult | None = None
        self.error: str | None = None
        self.figure = self._base_figure()
        for w in (*self.inputs.values(), self.frequency, self.duration, self.coupling):
            w.observe(self.update, names="value")
        self.units.observe(self._units_changed, names="value")
        super().__init__(
            [
                heading("NIOSH lifting calculator (for employers and work planners)",
                        "Describe one lift at work. The calculator works out the recommended limit for nearly all "
                        "healthy workers and compares the load with it. Measure the distances with a tape measure."),
                self.units, *self.inputs.values(), self.frequency, self.duration, self.coupling,
                self.message, self.verdict, self.panel.widget, where_from(model.source()),
            ]
        )
        self.update()

    @staticmethod
    def _label(label: str, name: str, units: str) -> str:
        if name == "a":
            return label + ":"
        weight, length = model.unit_names(units)
        return f"{label} ({weight if name == 'load' else length}):"

    def _units_changed(self, change: dict) -> None:
        for name, label, metric, us in _FIELDS:
            box = self.inputs[name]
            with box.hold_trait_notifications():
                box.description = self._label(label, name, change["new"])
            box.unobserve(self.update, names="value")
            box.value = metric if change["new"] == "metric" else us
            box.observe(self.update, names="value")
        self.update()

    @staticmethod
    def _base_figure() -> go.Figure:
        """Styled once; each update swaps the bars and moves the load line (styling costs about 20 ms)."""
        fig = go.Figure(go.Bar(x=[], y=[], textposition="outside", marker_color=OKABE_ITO["blue"],
                               hovertemplate="%{x}: %{text}<extra></extra>"))
        fig.add_hline(y=0, line_dash="dash", line_color=OKABE_ITO["vermillion"], annotation_text="your load")
        style(fig, "How each factor lowers the recommended weight limit", "Factor (applied left to right)",
              "Recommended limit after this factor")
        return fig

    def task(self) -> model.LiftTask:
        vals = {name: box.value for name, box in self.inputs.items()}
        return model.LiftTask(frequency=self.frequency.value, duration=self.duration.value, coupling=self.coupling.value, units=self.units.value, **vals)

    def update(self, _change: dict | None = None) -> None:
        try:
            self.result = r = model.assess(self.task())
        except ValueError as exc:
            self.error = str(exc)
            self.message.value = message_html(f"{exc} Nothing was recalculated.", urgent=True)
            return
        self.error = None
        notes = [*r.problems, *r.rules_applied]
        self.message.value = "".join(message_html(n, urgent=n in r.problems) for n in notes)
        unit = r.weight_unit
        li = "not defined (the limit is zero)" if math.isinf(r.li) else f"{r.li:.2f}"
        compared = f", {as_much_as(r.li)} the limit" if 0 < r.li < math.inf else ""
        self.verdict.value = (
            f'<div style="border-left:6px solid {_LEVEL_COLOURS[r.level]};padding-left:10px">'
            f"<p><b>Recommended weight limit: {r.rwl:.1f} {unit}. The load: {r.task.load:g} {unit}{compared}. "
            f"Lifting index: {li}.</b></p><p>{html.escape(r.verdict)}</p></div>"
        )
        steps = r.steps()
        labels = ["Start: load constant", *(model.FACTOR_NAMES[k] for k, _, _ in steps)]
        limits = [r.load_constant, *(limit for _, _, limit in steps)]
        text = [f"{r.load_constant:g} {unit}", *(f"x{m:.2f} = {limit:.1f} {unit}" for _, m, limit in steps)]
        fig = self.figure
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y, fig.data[0].text = labels, limits, text
            fig.layout.shapes[0].y0 = fig.layout.shapes[0].y1 = r.task.load
            fig.layout.annotations[0].y = r.task.load
            fig.layout.annotations[0].text = f"your load {r.task.load:g} {unit}"
            fig.layout.yaxis.title.text = f"Recommended limit after this factor ({unit})"
            fig.layout.yaxis.range = [0, max(r.load_constant, r.task.load) * 1.2]
        worst = min(steps, key=lambda s: s[1])
        name = model.FACTOR_NAMES[worst[0]]
        summary = (
            f"The limit starts at {r.load_constant:g} {unit} and ends at {r.rwl:.1f} {unit}. "
            f"The factor that lowers it most is {name[0].lower()}{name[1:]}. "
            f"Lifting index {li}."
        )
        self.panel.show(fig, summary)
