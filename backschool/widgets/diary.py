"""Pain and activity diary: log a day, see the trend. Entries stay with the learner (saved_work_statement)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import ipywidgets as widgets
import plotly.graph_objects as go

from ..plotting import AXIS, FigurePanel, style
from ..learnerapp.mode import saved_work_statement
from ..models import diary as model
from ..palette import OKABE_ITO
from ._common import LABEL_STYLE, heading, html_widget, message_html


DAY_MS = 86_400_000  # a plotly date axis counts in milliseconds


class PainDiary(widgets.VBox):
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or model.diary_path()
        self.day = widgets.DatePicker(value=date.today(), description="Date:", style=LABEL_STYLE)
        self.pain = widgets.IntSlider(value=3, min=0, max=10, description="Pain today (0 = none, 10 = worst):",
                                      style=LABEL_STYLE, layout=widgets.Layout(width="520px"))
        self.minutes = widgets.Text(value="30", description="Minutes of activity:", style=LABEL_STYLE,
                                    placeholder="for example 30")
        self.save = widgets.Button(description="Save this day", button_style="primary", icon="save",
                                   tooltip="Save the pain score and minutes for this date")
        self.message = html_widget()
        self.panel = FigurePanel()
        self.entries: list[model.Entry] = []
        self.figure = self._base_figure()
        self.save.on_click(self._save)
        super().__init__(
            [
                heading("My pain and activity diary", "Log each day how bad your pain was and how many minutes you "
                        f"were active. {saved_work_statement()}"),
                self.day, self.pain, self.minutes, self.save, self.message, self.panel.widget,
            ]
        )
        try:
            self.entries = model.read_entries(self.path)
        except model.DiaryError as exc:
            self.message.value = message_html(str(exc), urgent=True)
        self.redraw()

    @staticmethod
    def _base_figure() -> go.Figure:
        """Styled once; each save swaps the data (styling costs about 20 ms).

        Pain (left axis) is drawn over the minutes (bars, right axis), so the bars never hide the line;
        both axes count in whole numbers, and the date axis in whole days.
        """
        fig = go.Figure()
        fig.add_trace(go.Bar(x=[], y=[], name="Minutes of activity", marker_color=OKABE_ITO["sky_blue"],
                             width=0.7 * DAY_MS))
        fig.add_trace(go.Scatter(x=[], y=[], name="Pain (0-10)", mode="lines+markers", yaxis="y2",
                                 line=dict(color=OKABE_ITO["vermillion"], width=3), marker=dict(size=10)))
        style(fig, "My pain and activity by day", "Date", "Minutes of activity")
        fig.update_layout(
            xaxis=dict(type="date", tickformat="%-d %b", tickangle=0),
            yaxis=dict(side="right", rangemode="tozero", tickformat="d"),
            yaxis2=dict(AXIS, title=dict(text="Pain (0 = none, 10 = worst)"), overlaying="y", side="left",
                        range=[0, 10.5], dtick=2, tickformat="d"),
            legend=dict(orientation="h", y=-0.3),
            margin=dict(l=70, r=70),
        )
        return fig

    @staticmethod
    def _days_axis(fig: go.Figure, entries: list[model.Entry]) -> None:
        """Whole days on the date axis, at least the last week shown, about 4 labels."""
        last = entries[-1].day
        first = min(entries[0].day, last - timedelta(days=6))
        step = max(1, -(-((last - first).days + 1) // 4))  # four labels fit a phone without turning
        half = timedelta(hours=12)
        fig.update_xaxes(range=[(datetime.combine(first, time()) - half).isoformat(),
                                (datetime.combine(last, time()) + half).isoformat()],
                         dtick=step * DAY_MS, tick0=first.isoformat())

    def _save(self, _button: widgets.Button | None = None) -> None:
        try:
            self.entries = model.add(self.day.value, self.pain.value, self.minutes.value, path=self.path)
        except ValueError as exc:
            self.message.value = message_html(f"{exc} Nothing was saved.", urgent=True)
            return
        self.message.value = message_html(f"Saved {self.day.value.isoformat()}: pain {self.pain.value}, "
                                          f"{int(self.minutes.value.strip())} minutes.")
        self.redraw()

    def redraw(self) -> None:
        e = self.entries
        if not e:
            self.panel.empty("No days logged yet. Your chart appears here after your first entry.")
            return
        fig = self.figure
        with fig.batch_update():
            fig.data[0].x, fig.data[0].y = [x.day for x in e], [x.minutes for x in e]
            fig.data[1].x, fig.data[1].y = [x.day for x in e], [x.pain for x in e]
            self._days_axis(fig, e)
        last = e[-7:]
        avg = sum(x.pain for x in last) / len(last)
        summary = (f"{len(e)} days logged. Over the last {len(last)} logged days: average pain {avg:.1f} out of 10, "
                   f"{sum(x.minutes for x in last)} minutes of activity in total.")
        if len(e) >= 2:
            trend = e[-1].pain - e[0].pain
            summary += " Pain is lower than at the start." if trend < 0 else (
                " Pain is higher than at the start." if trend > 0 else " Pain is the same as at the start.")
        self.panel.show(fig, summary)
