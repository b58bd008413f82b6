"""Small pieces every view shares: a heading, a source line and a status message."""
from __future__ import annotations

import html

import ipywidgets as widgets


def heading(title: str, intro: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(title)}</h3><p>{html.escape(intro)}</p>")


def source_line(text: str) -> widgets.HTML:
    return widgets.HTML(f'<p style="font-size:90%"><b>Source:</b> {html.escape(" ".join(text.split()))}</p>')


def message_html(text: str, urgent: bool = False) -> str:
    """Polite status for ordinary messages; an alert role for problems a screen reader must announce."""
    role = 'role="alert"' if urgent else 'role="status" aria-live="polite"'
    return f"<p {role}>{html.escape(text)}</p>"


AUTO_WIDTH = widgets.Layout(width="auto")  # a control as wide as its label needs (long check-box labels)
LABEL_STYLE = {"description_width": "initial"}  # a style: the description as wide as its text
