"""Red-flag check: tick boxes for warning signs, then plain advice on how urgently to get help."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import redflags as model
from ._common import WIDE, heading, source_line

_COLOURS = {"emergency": "#D55E00", "urgent": "#E69F00", "caution": "#0072B2", "none": "#009E73"}


class RedFlagCheck(widgets.VBox):
    """Tick any warning sign that applies; the advice below updates on every tick."""

    def __init__(self) -> None:
        self.boxes = {
            f.id: widgets.Checkbox(value=False, description=f.label, indent=False, layout=WIDE) for f in model.flags()
        }
        self.advice = widgets.HTML()
        self.result = model.check([])
        for box in self.boxes.values():
            box.observe(self.update, names="value")
        super().__init__(
            [
                heading(
                    "Warning signs check",
                    "Tick every sign that applies to you now. This check cannot tell what is causing your pain; "
                    "it tells you how quickly to get help.",
                ),
                widgets.VBox(list(self.boxes.values()), layout=widgets.Layout(border="1px solid #999", padding="6px")),
                self.advice,
                source_line(model.source()),
            ]
        )
        self.update()

    def update(self, _change: dict | None = None) -> None:
        self.result = model.check([fid for fid, box in self.boxes.items() if box.value])
        r = self.result
        role = 'role="alert"' if r.needs_care_now else 'role="status" aria-live="polite"'
        items = "".join(f"<li>{html.escape(a)}</li>" for a in r.advice)
        self.advice.value = (
            f'<div {role} style="border-left:6px solid {_COLOURS[r.level]};padding-left:10px">'
            f"<p><b>{html.escape(r.headline)}</b></p><ul>{items}</ul></div>"
        )
