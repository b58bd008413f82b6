"""Small pieces every view shares: a heading, a source line and a status message."""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets


def heading(title: str, intro: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{html.escape(title)}</h3><p>{html.escape(intro)}</p>")


def source_line(text: str) -> widgets.HTML:
    return widgets.HTML(f'<p style="font-size:90%"><b>Source:</b> {html.escape(" ".join(text.split()))}</p>')


def message_html(text: str, urgent: bool = False) -> str:
    """Polite status for ordinary messages; an alert role for problems a screen reader must announce."""
    role = 'role="alert"' if urgent else 'role="status" aria-live="polite"'
    return f"<p {role}>{html.escape(text)}</p>"


WIDE = widgets.Layout(width="auto")
LABEL_STYLE = {"description_width": "initial"}


def bibliography() -> dict[str, str]:
    """The course bibliography (assets/sources.yml): key -> full reference.

    The same answer as ``backschool.authoring.bibliography``, read here so a lesson kernel never
    imports ``authoring``: that module imports nbformat, whose jsonschema import costs about 1.2 s
    in a fresh kernel. The parsed file is kept until the file changes.
    """
    from ..manifest import repo_root

    path = repo_root() / "assets" / "sources.yml"
    return dict(_read_bibliography(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _read_bibliography(path: Path, _mtime_ns: int) -> dict[str, str]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same result, ~10x faster
    with path.open(encoding="utf-8") as fh:
        return {key: " ".join(str(ref).split()) for key, ref in yaml.load(fh, Loader=loader).items()}
