"""Risk factor sorter: tick what applies to you, see what you can change and what you cannot."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import risk_factors as model
from ..sources import bibliography
from ._common import checkbox, html_widget, where_from_html

_INTRO = (
    "<p><b>What is true for you?</b> Tick each line that fits. The list below sorts what you ticked "
    "into things you can change and things you cannot. It does not add up a score and it does not "
    "say what is wrong with you. Only a doctor who sees you can do that.</p>"
)


class RiskFactorSorter(widgets.VBox):
    """Check boxes (one per factor) and a plain HTML answer; ``result`` is the model's last answer."""

    def __init__(self) -> None:
        self.boxes = {f.id: checkbox(f.label) for f in model.factors()}
        self.answer = html_widget()
        self.status = html_widget()
        self.result: model.Sorted = model.sort_factors([])
        for box in self.boxes.values():
            box.observe(self._update, names="value")
        super().__init__([html_widget(_INTRO), widgets.VBox(list(self.boxes.values())), self.answer,
                          self.status])
        self._update()

    def tick(self, *factor_ids: str) -> None:
        """Tick exactly these factors, as a learner's clicks would."""
        for fid in factor_ids:
            model.get(fid)
        for fid, box in self.boxes.items():
            box.value = fid in factor_ids

    def _update(self, _change: dict | None = None) -> None:
        self.result = model.sort_factors([fid for fid, box in self.boxes.items() if box.value])
        self.answer.value = render(self.result)
        self.status.value = f'<p role="status" aria-live="polite">{html.escape(self.result.summary)}</p>'


def render(result: model.Sorted) -> str:
    """The sorted factors as HTML: one heading per group, each factor with its tip and sources."""
    if not result.ticked:
        return ""
    refs = bibliography()
    out = []
    for group, factors in result.groups:
        if not factors:
            continue
        out.append(f"<h4>{html.escape(model.group_title(group))}</h4><ul>")
        for f in factors:
            out.append(f"<li><b>{html.escape(f.label)}</b> {html.escape(f.tip)}</li>")
        out.append("</ul>")
    out.append(where_from_html(references=[refs.get(k, k) for k in result.sources]))
    return "".join(out)


def risk_factor_sorter() -> RiskFactorSorter:
    """Tick what applies to you; see which factors you can change and which you cannot, with sources."""
    return RiskFactorSorter()
