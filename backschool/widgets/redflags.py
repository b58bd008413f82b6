"""Red-flag views: the tick-box check, and the read-only sign lists lessons show by key."""
from __future__ import annotations

import base64
import html
from collections.abc import Iterable

import ipywidgets as widgets

from ..models import redflags as model
from ._common import AUTO_WIDTH, checkbox, heading, html_widget, where_from
from ..palette import NEUTRAL, OKABE_ITO

_COLOURS = {"emergency": OKABE_ITO["vermillion"], "urgent": OKABE_ITO["orange"], "caution": OKABE_ITO["blue"],
            "none": OKABE_ITO["bluish_green"]}


class RedFlagCheck(widgets.VBox):
    """Tick any warning sign that applies; the advice below updates on every tick.

    The boxes are grouped by how fast to get help, each group in its colour with its badge and its
    'What to do' steps, so the page lists the signs once and says what to do for each group.
    """

    def __init__(self) -> None:
        self.boxes = {
            f.id: checkbox(f.label) for f in model.flags()
        }
        groups = [self._group(lv.key) for lv in model.levels() if model.flags(lv.key)]
        self.advice = html_widget()
        self.advice.add_class("bs-live")  # a lasting live region (the Voila template marks it): ticks are announced
        self.result = model.check([])
        self.card = WarningCard()
        for box in self.boxes.values():
            box.observe(self.update, names="value")
        super().__init__(
            [
                heading(
                    "Warning signs check",
                    "Tick every sign that applies to you now. This check cannot tell what is causing your pain; "
                    "it tells you how quickly to get help.",
                ),
                *groups,
                self.advice,
                self.card,
                where_from(model.source()),
            ]
        )
        self.update()

    def _group(self, key: str) -> widgets.VBox:
        colour = _COLOURS[key]
        intro = html_widget(f"{model.badge_html(key, colour)}<p><b>{html.escape(model.level(key).list_intro)}</b></p>")
        boxes = widgets.VBox([self.boxes[f.id] for f in model.flags(key)],
                             layout=widgets.Layout(border=f"1px solid {NEUTRAL['border']}", padding="6px"))
        return widgets.VBox([intro, boxes, html_widget(model.steps_html(key))],
                            layout=widgets.Layout(border_left=f"6px solid {colour}", padding="0 0 0 10px",
                                                  margin="0 0 12px 0"))

    def update(self, _change: dict | None = None) -> None:
        self.result = model.check([fid for fid, box in self.boxes.items() if box.value])
        r = self.result
        role = 'role="alert"' if r.needs_care_now else 'role="status" aria-live="polite"'
        items = "".join(f"<li>{html.escape(a)}</li>" for a in r.advice)
        self.advice.value = (
            f'<div {role} style="border-left:6px solid {_COLOURS[r.level]};padding-left:10px">'
            f"<p><b>{html.escape(r.headline)}</b></p><ul>{items}</ul></div>"
        )


class WarningCard(widgets.VBox):
    """A button that makes the printable card of the nerve warning signs, to keep with you."""

    def __init__(self) -> None:
        self.button = widgets.Button(description="Make a printable warning card", icon="print", layout=AUTO_WIDTH)
        self.status = html_widget()
        self.path = None
        self.button.on_click(self.make)
        super().__init__([html_widget("<p>You can keep the nerve warning signs on a card, and print it.</p>"),
                          self.button, self.status])

    def make(self, _button=None) -> None:
        """Write the card to the learner's folder and offer it as a download made in the browser."""
        page = model.symptom_card_html()
        try:
            self.path = model.write_symptom_card()
            saved = f" It is also saved in {html.escape(str(self.path))}."
        except OSError:
            saved = ""
        data = base64.b64encode(page.encode("utf-8")).decode("ascii")
        self.status.value = (
            f'<p role="status"><a download="{model.CARD_FILE}" href="data:text/html;base64,{data}">'
            f"Download the warning card</a>. Open it, then print it from your web browser.{saved}</p>")


def red_flag_signs(levels: str | Iterable[str] = ("emergency", "urgent", "caution"),
                   signs: Iterable[str] | None = None, steps: bool = False) -> widgets.HTML:
    """The warning signs of some levels (or only some signs), grouped under how fast to get help;
    with ``steps``, each group ends with what to do, step by step."""
    keys = (levels,) if isinstance(levels, str) else tuple(levels)
    return html_widget(f'<div role="note">{model.signs_html(keys, signs, steps=steps, colours=_COLOURS)}</div>')


def warning_card() -> WarningCard:
    """The printable warning card on its own, for a lesson that lists the nerve warning signs."""
    return WarningCard()


def red_flag_advice(level: str, headline: bool = True) -> widgets.HTML:
    """What to do at one urgency level, e.g. ``"none"`` for back pain with no warning signs."""
    lv = model.level(level)
    items = "".join(f"<li>{html.escape(a)}</li>" for a in lv.advice)
    title = f"<p><b>{html.escape(lv.headline)}</b></p>" if headline else ""
    return html_widget(f'<div role="note">{title}<ul>{items}</ul></div>')


def red_flag_review() -> widgets.HTML:
    """When to see the doctor if back pain is not getting better."""
    return html_widget(f'<p role="note"><b>{html.escape(model.review_advice())}</b></p>')


def red_flag_safety_net() -> widgets.HTML:
    """After a list of the signs: the list is not complete, and what to do anyway."""
    text = " ".join(model.safety_net())
    return html_widget(f'<p role="note"><b>{html.escape(text)}</b></p>')


def red_flag_sentence(*sign_ids: str) -> widgets.HTML:
    """One sentence per sign, e.g. after a lesson paragraph about falls."""
    text = " ".join(model.sentence(s) for s in sign_ids)
    return html_widget(f'<p role="note"><b>{html.escape(text)}</b></p>')


def red_flag_note(key: str) -> widgets.HTML:
    """Help-now wording for another problem a lesson mentions (from the red-flag table)."""
    return html_widget(f'<p role="note"><b>{html.escape(model.note(key))}</b></p>')
