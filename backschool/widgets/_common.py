"""Small pieces every view shares: a heading, where its content comes from, and a status message."""
from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_string import HTMLStyle


def heading(title: str, intro: str) -> widgets.HTML:
    return html_widget(f"<h3>{html.escape(title)}</h3><p>{html.escape(intro)}</p>")


def where_from_html(*notes: str, references: Iterable[str] = ()) -> str:
    """A widget's sources, kept but out of the way: a closed "Where this comes from" disclosure.

    ``notes`` are plain sentences (e.g. the published figures used), ``references`` full references.
    Long reference text in the body distracts a reader (PEMAT-P item 2), so every view shows its
    sources here and nowhere else.
    """
    body = "".join(f"<p>{html.escape(' '.join(note.split()))}</p>" for note in notes if note.strip())
    refs = "".join(f"<li>{html.escape(ref)}</li>" for ref in references)
    if refs:
        body += f"<ul>{refs}</ul>"
    return f'<details class="bs-where"><summary>Where this comes from</summary><div>{body}</div></details>'


def where_from(*notes: str, references: Iterable[str] = ()) -> widgets.HTML:
    """``where_from_html`` as a widget, placed under the view it explains."""
    return html_widget(where_from_html(*notes, references=references))


def message_html(text: str, urgent: bool = False) -> str:
    """Polite status for ordinary messages; an alert role for problems a screen reader must announce."""
    role = 'role="alert"' if urgent else 'role="status" aria-live="polite"'
    return f"<p {role}>{html.escape(text)}</p>"


AUTO_WIDTH = widgets.Layout(width="auto")  # a control as wide as its label needs (long check-box labels)
LABEL_STYLE = {"description_width": "initial"}  # a style: the description as wide as its text

# Text and check boxes share one layout and one style: ipywidgets makes each its own widget (a model the
# browser builds, a message from the kernel), two per text or box. Shared, lesson 8's 141 widgets were about
# half as many, and each text or box about 3x quicker to make (0.17 ms against 0.5 ms in a kernel here).
# Nothing in the course changes one widget's layout or style on its own (a shared one would change all).
PLAIN_LAYOUT = widgets.Layout()
_HTML_STYLE = HTMLStyle()
_CHECKBOX_STYLE = CheckboxStyle()


def html_widget(value: str = "") -> widgets.HTML:
    """Text (HTML) with the shared layout and style."""
    return widgets.HTML(value, layout=PLAIN_LAYOUT, style=_HTML_STYLE)


def checkbox(description: str, value: bool = False) -> widgets.Checkbox:
    """A check box as wide as its label needs (a long label wraps on a phone), shared layout and style."""
    return widgets.Checkbox(value=value, description=description, indent=False, layout=AUTO_WIDTH,
                            style=_CHECKBOX_STYLE)
