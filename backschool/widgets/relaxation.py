"""A guided progressive muscle relaxation: one step at a time, with Back and Next and a timer.

The timer is an ``ipywidgets.Play`` that counts seconds in the browser; each count moves the
``Session`` model on, so the kernel never sleeps and the page stays responsive.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import relaxation as model
from ._common import html_widget, where_from
from ..palette import OKABE_ITO


class RelaxationGuide(widgets.VBox):
    """The widget; ``session`` is the model, ``timer`` the Play counter, ``next``/``back`` the buttons."""

    def __init__(self) -> None:
        self.session = model.Session()
        self.title = html_widget()
        self.instruction = html_widget()
        self.clock = html_widget()
        self.progress = widgets.IntProgress(
            min=0, max=model.total_seconds(), description="Progress:",
            style={"description_width": "initial"},
        )
        self.back = widgets.Button(description="Back", icon="arrow-left", tooltip="Go to the step before")
        self.next = widgets.Button(description="Next", icon="arrow-right", tooltip="Go to the next step")
        self.again = widgets.Button(description="Start again", icon="refresh", tooltip="Go back to the first step")
        self.timer = widgets.Play(
            value=0, min=0, max=10 * model.total_seconds(), step=1, interval=1000,
            show_repeat=False, description="Timer", tooltip="Start or pause the timer",
        )
        self._last = 0
        self.back.on_click(lambda _b: self._move(self.session.back))
        self.next.on_click(lambda _b: self._move(self.session.next))
        self.again.on_click(lambda _b: self._move(self.session.restart))
        self.timer.observe(self._on_tick, names="value")
        intro = html_widget(
            "<p>Press <b>▶</b> to start the timer, or use <b>Next</b> and <b>Back</b> at your own pace. "
            "Tense each muscle gently, never hard. Skip any step that hurts.</p>"
        )
        timer_row = widgets.HBox([widgets.Label("Timer (start, pause, stop):"), self.timer])
        buttons = widgets.HBox([self.back, self.next, self.again])
        source = where_from(f"Steps and times: {model.source()}")
        super().__init__([intro, self.title, self.instruction, self.clock, self.progress, timer_row, buttons, source])
        self._render()

    @property
    def result(self) -> model.Session:
        return self.session

    def _move(self, action) -> None:
        action()
        self._render()

    def _on_tick(self, change: dict) -> None:
        new, old = change["new"], change["old"]
        if new > old:
            self.session.tick(new - old)
            self._render()

    def _render(self) -> None:
        s = self.session
        name, text, _ = s.phase()
        colour = OKABE_ITO["vermillion"] if name == model.TENSE else OKABE_ITO["blue"]
        self.title.value = f"<h3>{html.escape(s.heading())}</h3>"
        self.instruction.value = (
            f'<p style="font-size:1.3em;color:{colour}">{html.escape(text)}</p>'
        )
        self.clock.value = f'<p role="status" aria-live="polite"><b>{html.escape(s.timer_text())}</b></p>'
        self.progress.value = model.total_seconds() - s.seconds_left()
        self.back.disabled = s.at_start
        self.next.disabled = s.at_end


def relaxation_guide() -> RelaxationGuide:
    """A step-by-step progressive muscle relaxation with a timer (about 8 minutes)."""
    return RelaxationGuide()
