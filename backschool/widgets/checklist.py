"""A printable checklist: untick any step you do not want, then download the page and print it.

Nothing is saved or sent: the page is made in the kernel on every change and offered as a download
link the browser builds from the page itself (as the red-flag card and the action plan do). The
link is there from the start, so it also works in a page rendered without a kernel.
"""
from __future__ import annotations

import base64
import html

import ipywidgets as widgets

from ..models import checklists as model
from ..palette import NEUTRAL
from ..sources import bibliography
from ._common import checkbox, heading, html_widget, message_html, where_from

# The download link must look like a link (underlined, blue) and be a tap target at least 44 px tall.
LINK_STYLE = (f"color: {NEUTRAL['blue_text']}; text-decoration: underline; font-weight: bold; "
              "display: inline-flex; align-items: center; min-height: 44px;")


class ChecklistCard(widgets.VBox):
    """``card`` is the checklist; ``chosen`` the steps ticked now; ``page`` the page the link gives."""

    def __init__(self, name: str) -> None:
        self.card = model.checklist(name)
        self.boxes = {step: checkbox(step.text, True)
                      for step in self.card.steps}
        self.count = html_widget()
        self.download = html_widget()
        self.page: str | None = None
        parts: list[widgets.Widget] = [heading(self.card.title, "All the steps are ticked. Untick any step you do "
                                               "not want. Then use the download link below, open the page and "
                                               "print it.")]
        for section in self.card.sections:
            parts.append(html_widget(f"<h4>{html.escape(section.title)}</h4>"))
            parts.append(widgets.VBox([self.boxes[s] for s in section.steps]))
        refs = bibliography()
        parts += [self.count, self.download, where_from(references=[refs[k] for k in self.card.sources()])]
        for box in self.boxes.values():
            box.observe(self.update, names="value")
        super().__init__(parts)
        self.update()

    @property
    def chosen(self) -> tuple[model.Step, ...]:
        return tuple(step for step, box in self.boxes.items() if box.value)

    @property
    def result(self) -> tuple[model.Step, ...]:
        return self.chosen

    def update(self, _change: dict | None = None) -> None:
        """Count the chosen steps and remake the page behind the download link."""
        chosen = self.chosen
        if not chosen:
            self.page = None
            self.count.value = message_html("Tick at least one step to make a checklist.")
            self.download.value = ""
            return
        self.count.value = message_html(f"Your checklist has {len(chosen)} of {len(self.boxes)} steps.")
        self.page = model.card_html(self.card, chosen)
        data = base64.b64encode(self.page.encode("utf-8")).decode("ascii")
        self.download.value = (
            f'<p><a download="{self.card.id}-checklist.html" style="{LINK_STYLE}" href="data:text/html;base64,{data}">'
            f"Download {html.escape(self.card.title.lower())}</a>. Open it, then print it from your web browser.</p>")


def checklist(name: str) -> ChecklistCard:
    """A printable checklist of a lesson's steps, e.g. ``"move-often"`` or ``"lifting-and-desk"``."""
    return ChecklistCard(name)
