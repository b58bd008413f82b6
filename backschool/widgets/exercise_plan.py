"""Exercise plan: answer three questions, get a 12-week plan as a table, a chart and a printable page."""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import diary
from ..models import exercise_plan as model
from ..palette import OKABE_ITO
from ._common import AUTO_WIDTH, LABEL_STYLE, checkbox, heading, html_widget, message_html, where_from
from ..plotting import FigurePanel, style


class ExercisePlanner(widgets.VBox):
    def __init__(self, export_dir: Path | None = None) -> None:
        self.export_dir = export_dir
        self.level = widgets.RadioButtons(options=[(t, k) for k, t in model.activity_levels().items()], value="inactive",
                                          description="How active are you now?", style=LABEL_STYLE, layout=AUTO_WIDTH)
        self.painful = {k: checkbox(t)
                        for k, t in model.painful_activities().items()}
        self.minutes = widgets.IntSlider(value=150, min=30, max=600, step=10, description="Minutes a week you can spare:",
                                         style=LABEL_STYLE, layout=widgets.Layout(width="520px"), continuous_update=False)
        self.export = widgets.Button(description="Save a printable page", icon="print",
                                     tooltip="Write the plan as a web page you can print")
        self.table = html_widget()
        self.message = html_widget()
        self.panel = FigurePanel()
        self.result: model.Plan | None = None
        self.figure = self._base_figure()
        for w in (self.level, self.minutes, *self.painful.values()):
            w.observe(self.update, names="value")
        self.export.on_click(self._export)
        super().__init__(
            [
                heading("My 12-week exercise plan", "Answer three questions. The plan starts where you are "
                        "and adds a few minutes each week."),
                self.level,
                html_widget("<p><b>Which activities are painful for you now?</b> (Tick any.)</p>"),
                widgets.VBox(list(self.painful.values())),
                self.minutes, self.panel.widget, self.table, self.export, self.message,
                where_from(model.guidance()["source"]),
            ]
        )
        self.update()

    @staticmethod
    def _base_figure() -> go.Figure:
        """Styled once; each change swaps the bars (styling costs about 20 ms)."""
        fig = go.Figure([
            go.Bar(x=[], y=[], name="Brisk walking", marker_color=OKABE_ITO["blue"]),
            go.Bar(x=[], y=[], name="Strength exercises", marker_color=OKABE_ITO["orange"]),
        ])
        fig.add_hline(y=150, line_dash="dash", line_color=OKABE_ITO["black"], annotation_text="150 minutes (WHO)")
        style(fig, "Minutes of exercise each week", "Week", "Minutes in the week")
        fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.25))
        fig.update_xaxes(dtick=1)
        return fig

    def update(self, _change: dict | None = None) -> None:
        try:
            self.result = p = model.build_plan(self.level.value, [k for k, b in self.painful.items() if b.value],
                                               self.minutes.value)
        except ValueError as exc:
            self.message.value = message_html(str(exc), urgent=True)
            return
        self.message.value = ""
        weeks = [w.number for w in p.weeks]
        fig = self.figure
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = weeks, [w.aerobic_minutes for w in p.weeks]
            fig.data[0].name = p.aerobic_activity
            fig.data[1].x, fig.data[1].y = weeks, [w.core_minutes for w in p.weeks]
            fig.data[1].name = p.core_title
        self.panel.show(fig, p.summary)
        rows = "".join(
            f"<tr><td>{w.number}</td><td>{model.session_text(w.aerobic_sessions, w.aerobic_minutes_per_session)}</td>"
            f"<td>{model.session_text(w.core_sessions, w.core_minutes_per_session)}</td><td>{w.total_minutes}</td></tr>"
            for w in p.weeks
        )
        tips = "".join(f"<li>{html.escape(t)}</li>" for t in p.tips)
        self.table.value = (
            f"<p>{html.escape(p.how_to_use)}</p>"
            f"<table><caption>Your plan, week by week</caption><thead><tr><th scope='col'>Week</th>"
            f"<th scope='col'>{html.escape(p.aerobic_activity)}</th><th scope='col'>{html.escape(p.core_title)}</th>"
            f"<th scope='col'>Total minutes in the week</th></tr></thead><tbody>{rows}</tbody></table><ul>{tips}</ul>"
        )

    def _export(self, _button: widgets.Button | None = None) -> Path | None:
        if self.result is None:
            return None
        path = model.export_html(self.result, (self.export_dir or diary.data_dir()) / "exercise-plan.html")
        self.message.value = message_html(f"Saved. Open {path} in your browser and print it.")
        return path
