"""Small pieces every view shares: a heading, where its content comes from, and a status message."""
from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets


def heading(title: str, intro: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(title)}</h3><p>{html.escape(intro)}</p>")


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
    return widgets.HTML(where_from_html(*notes, references=references))


def message_html(text: str, urgent: bool = False) -> str:
    """Polite status for ordinary messages; an alert role for problems a screen reader must announce."""
    role = 'role="alert"' if urgent else 'role="status" aria-live="polite"'
    return f"<p {role}>{html.escape(text)}</p>"


AUTO_WIDTH = widgets.Layout(width="auto")  # a control as wide as its label needs (long check-box labels)
LABEL_STYLE = {"description_width": "initial"}  # a style: the description as wide as its text
