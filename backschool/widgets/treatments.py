"""Treatment evidence explorer: pick a treatment, see what the evidence says, and how all the treatments compare."""
from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import treatments as model
from ..palette import OKABE_ITO
from ..plotting import FigurePanel, style
from ..sources import bibliography
from ._common import LABEL_STYLE, heading, source_line

COLOURS = {
    model.RECOMMENDED: OKABE_ITO["bluish_green"],
    model.CONSIDER: OKABE_ITO["blue"],
    model.ALONGSIDE: OKABE_ITO["sky_blue"],
    model.NOT_RECOMMENDED: OKABE_ITO["vermillion"],
    model.UNCLEAR: OKABE_ITO["orange"],
}
MARKS = {
    model.RECOMMENDED: "✔",
    model.CONSIDER: "◐",
    model.ALONGSIDE: "➕",
    model.NOT_RECOMMENDED: "✘",
    model.UNCLEAR: "?",
}
_INTRO = (
    "Choose a treatment from the list. You will see what the best evidence says about it, and why. "
    "The chart counts how many treatments get each label. The one you chose is outlined in black. "
    "This is not advice for you. This course does not replace your doctor."
)


class TreatmentExplorer(widgets.VBox):
    """A drop-down of treatments, a card with the chosen one's label, reason and sources, and the count chart.

    ``result`` is the chosen ``Treatment``; ``panel.figure`` the last chart drawn.
    """

    def __init__(self, start: str = "exercise") -> None:
        items = sorted(model.treatments(), key=lambda t: t.name.lower())
        self.picker = widgets.Dropdown(
            options=[(t.name, t.id) for t in items],
            value=model.treatment(start).id,
            description="Treatment:",
            style=LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.card = widgets.HTML()
        self.panel = FigurePanel()
        self.result: model.Treatment = model.treatment(start)
        self.picker.observe(self.update, names="value")
        super().__init__([
            heading("Treatment evidence explorer", _INTRO),
            self.picker,
            self.card,
            self.panel.widget,
            source_line(model.source()),
        ])
        self.update()

    def choose(self, key: str) -> None:
        """Pick a treatment by id or name, as a learner's click would."""
        self.picker.value = model.treatment(key).id

    def update(self, _change: dict | None = None) -> None:
        self.result = model.treatment(self.picker.value)
        self.card.value = render(self.result)
        self.panel.show(chart(self.result.label), f"{self.result.summary} {model.counts_summary()}")


def render(item: model.Treatment) -> str:
    """The chosen treatment as HTML: name, label badge, reason, any disagreement, and full sources."""
    refs = bibliography()
    colour = COLOURS[item.label]
    parts = [
        f"<h4>{html.escape(item.name)}</h4>",
        f'<p><span style="border:3px solid {colour};padding:2px 8px;border-radius:6px;font-weight:bold">'
        f"{MARKS[item.label]} {html.escape(item.label.capitalize())}</span></p>",
        f"<p>{html.escape(item.reason)}</p>",
    ]
    if item.disagreement:
        parts.append(f"<p><b>The guidelines disagree.</b> {html.escape(item.disagreement)}</p>")
    parts.append(f"<p><small>Where this comes from: {html.escape(item.refs)}</small></p><ul>")
    parts += [f"<li><small>[{k}] {html.escape(refs.get(k, k))}</small></li>" for k in item.sources]
    parts.append("</ul>")
    return "".join(parts)


def chart(selected: str | None = None) -> go.Figure:
    """A bar per label counting its treatments; the selected label's bar has a thick black outline."""
    counts = model.counts_by_label()
    labels = list(counts)
    fig = go.Figure(go.Bar(
        x=[f"{MARKS[label]} {label}" for label in labels],
        y=list(counts.values()),
        text=list(counts.values()),
        textposition="outside",
        marker=dict(
            color=[COLOURS[label] for label in labels],
            line=dict(color=OKABE_ITO["black"], width=[4 if label == selected else 0 for label in labels]),
        ),
        hovertemplate="%{x}: %{y} treatments<extra></extra>",
    ))
    style(fig, "How many treatments get each label", "What the evidence says", "Number of treatments")
    fig.update_yaxes(rangemode="tozero", range=[0, max(counts.values()) + 3])
    return fig


def treatment_explorer(start: str = "exercise") -> TreatmentExplorer:
    """Pick a treatment for back pain and see what the evidence says about it, with sources."""
    return TreatmentExplorer(start)
