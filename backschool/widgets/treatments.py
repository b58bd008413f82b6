"""Treatment evidence explorer: pick a treatment, see what the evidence says, and what you can do about it."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..models import treatments as model
from ..palette import NEUTRAL, OKABE_ITO
from ..sources import bibliography
from ._common import LABEL_STYLE, heading, html_widget, where_from, where_from_html

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
    model.ALONGSIDE: "+",
    model.NOT_RECOMMENDED: "✘",
    model.UNCLEAR: "?",
}
_INTRO = (
    "Choose a treatment from the list. You will see what the best evidence says about it, why, and what you "
    "can do. The table under it says what each label means. The row for your choice is marked. "
    "This is not advice for you. This course does not replace your doctor."
)


class TreatmentExplorer(widgets.VBox):
    """A drop-down of treatments, a card with the chosen one's label, reason, next step and sources,
    and a table of what every label means, with the chosen label's row marked.

    ``result`` is the chosen ``Treatment``.
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
        self.card = html_widget()
        self.guide = html_widget()
        self.result: model.Treatment = model.treatment(start)
        self.picker.observe(self.update, names="value")
        super().__init__([
            heading("Treatment evidence explorer", _INTRO),
            self.picker,
            self.card,
            self.guide,
            where_from(model.source()),
        ])
        self.update()

    def choose(self, key: str) -> None:
        """Pick a treatment by id or name, as a learner's click would."""
        self.picker.value = model.treatment(key).id

    def update(self, _change: dict | None = None) -> None:
        self.result = model.treatment(self.picker.value)
        self.card.value = render(self.result)
        self.guide.value = guide_table(self.result.label)


def badge(label: str) -> str:
    return (f'<span style="border:3px solid {COLOURS[label]};padding:2px 8px;border-radius:6px;'
            f'font-weight:bold">{MARKS[label]} {html.escape(label.capitalize())}</span>')


def render(item: model.Treatment) -> str:
    """The chosen treatment as HTML: name, what it is, label badge, reason, any disagreement, what to do, and
    its full sources in a closed "Where this comes from" disclosure (no guideline paragraph numbers: `refs`
    stays in the table for reviewers)."""
    refs = bibliography()
    parts = [
        '<div aria-live="polite">',
        f"<h4>{html.escape(item.name)}</h4>",
        f"<p><b>What it is:</b> {html.escape(item.what)}</p>",
        f"<p>{badge(item.label)}</p>",
        f"<p>{html.escape(item.reason)}</p>",
    ]
    if item.disagreement:
        parts.append(f"<p><b>The guidelines disagree.</b> {html.escape(item.disagreement)}</p>")
    parts.append(f"<p><b>What you can do:</b> {html.escape(model.label_guide(item.label).action)}</p>")
    parts.append(where_from_html(references=[refs.get(k, k) for k in item.sources]))
    parts.append("</div>")
    return "".join(parts)


_CELL = f"style='text-align:left;vertical-align:top;padding:6px;border-bottom:1px solid {NEUTRAL['border']}'"


def guide_table(selected: str | None = None) -> str:
    """Every label with what it means and what you can do; the selected label's row has a thick outline."""
    rows = []
    for item in model.guide():
        chosen = item.label == selected
        style = f' style="outline:4px solid {OKABE_ITO["black"]};outline-offset:-4px"' if chosen else ""
        note = " <small>(your choice)</small>" if chosen else ""
        rows.append(f"<tr{style}><th scope='row' {_CELL}>{badge(item.label)}{note}</th>"
                    f"<td {_CELL}>{html.escape(item.means)}</td><td {_CELL}>{html.escape(item.action)}</td></tr>")
    head = "".join(f"<th scope='col' {_CELL}>{h}</th>" for h in ("Label", "What it means", "What you can do"))
    return ("<table style='border-collapse:collapse'><caption style='text-align:left'><b>What each label means"
            f"</b></caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def treatment_explorer(start: str = "exercise") -> TreatmentExplorer:
    """Pick a treatment for back pain and see what the evidence says about it, with sources."""
    return TreatmentExplorer(start)
