"""The class report: the dashboard's figures as CSV files and one self-contained HTML page.

The HTML has no external URL: plotly.js is embedded once, inline, and every figure is a
<div> drawn by it; each figure has its summary in words and its table.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import write_text
from ..manifest import load_course
from ..palette import NEUTRAL
from ..progress.class_panels import Panel, class_panels
from .export import GRADE_COLUMNS, class_rows, write_csv
from .paths import CourseLayout


def panels(lay: CourseLayout) -> tuple[list[Panel], list[dict]]:
    rows, subs = class_rows(lay)
    return class_panels(rows, load_course()), subs


def _table(rows: list[dict], limit: int = 400) -> str:
    if not rows:
        return "<p><em>No rows.</em></p>"
    cols = list(rows[0])
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in cols) + "</tr>"
                   for r in rows[:limit])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_report(lay: CourseLayout, out_dir: Path | None = None) -> dict[str, Path]:
    """Write <exports>/report.html, grades.csv and one CSV per figure; return the paths by name."""
    import plotly.offline

    out_dir = out_dir or lay.exports
    out_dir.mkdir(parents=True, exist_ok=True)
    course = load_course()
    figs, subs = panels(lay)
    files = {"grades": write_csv(out_dir / "grades.csv", subs, GRADE_COLUMNS)}
    for p in figs:
        files[p.name] = write_csv(out_dir / f"{p.name}.csv", p.rows)

    flagged = [s for s in subs if s["flags"]]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(course.title)}: class report</title>",
        "<style>body{font-family:DejaVu Sans,Arial,sans-serif;max-width:70em;margin:auto;padding:1em}"
        f"table{{border-collapse:collapse;font-size:90%}}td,th{{border:1px solid {NEUTRAL['border']};padding:2px 6px}}"
        "details{margin:.5em 0 2em}</style>",
        f"<script type='text/javascript'>{plotly.offline.get_plotlyjs()}</script>",
        "</head><body>",
        f"<h1>{html.escape(course.title)}: class report</h1>",
        f"<p>Made {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC from {html.escape(str(lay.gradebook))}. "
        f"{len({s['learner'] for s in subs})} learners, {len(subs)} graded hand-ins, "
        f"{len(flagged)} with a problem.</p>",
        "<h2 id='problems'>Hand-ins with a problem</h2>",
        _table([{"quiz": s["quiz"], "learner": s["learner"], "status": s["status"], "reason": s["flags"]}
                for s in flagged]),
    ]
    for p in figs:
        div = p.figure.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False,
                               config={"displaylogo": False, "responsive": True})
        parts += [f"<h2 id='{p.name}'>{html.escape(p.title)}</h2>", f"<p>{html.escape(p.summary)}</p>", div,
                  f"<details><summary>Table ({len(p.rows)} rows, also in {p.name}.csv)</summary>{_table(p.rows)}</details>"]
    parts += ["<h2 id='grades'>All grades</h2>", _table(subs), "</body></html>"]
    path = out_dir / "report.html"
    write_text(path, "\n".join(parts), mode=0o644)
    files["report"] = path
    return files
