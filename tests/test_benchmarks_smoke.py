"""``python -m benchmarks`` runs and prints its whole table. Timings are never asserted here."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from backschool.manifest import load_course

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"(-?\d+(?:\.\d+)?)"


@pytest.mark.slow
def test_quick_benchmark_prints_every_lesson_and_figure():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--skip", "P2"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    out = proc.stdout
    # 1 = a budget was missed: that is a benchmark result, not a broken command.
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert re.search(rf"^P1 kernel-start floor \(empty notebook\): {NUMBER} s \(runs {NUMBER}-{NUMBER} s, "
                     r"alternating with each lesson's\)$", out, re.M), out

    for lesson in load_course().lessons:
        row = re.search(rf"^{re.escape(lesson.id)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", out, re.M)
        assert row, f"no P1/P4 row for lesson {lesson.id}:\n{out}"
        assert all(float(x) >= 0 for x in row.groups())
    assert re.search(rf"^\(FigureWidget\)\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+not budgeted", out, re.M), out
    assert "not FigureWidget" in out

    widget_rows = re.findall(rf"^[a-z_]+\s+{NUMBER}\s+{NUMBER}$", out, re.M)
    assert len(widget_rows) >= 5, out  # P3: median and p95 per widget

    for figure in ("P1 median lesson / floor", "P1 worst lesson / floor", "P3 widget callback p95 (ms)",
                   "P4 kernel memory (MB)"):
        assert re.search(rf"^{re.escape(figure)}\s+{NUMBER}\s+{NUMBER}\s+(yes|MISSED)$", out, re.M), out
    assert ("All measured budgets hold." in out) == (proc.returncode == 0)


@pytest.mark.slow
def test_each_lesson_is_measured_against_floor_runs_beside_its_own():
    """P1: a lesson's runs alternate with runs of the empty notebook, and its ratio is taken against
    those, so the machine's drift during the benchmark moves both."""
    from benchmarks.lessons import measure

    lesson_ids = [lesson.id for lesson in load_course().lessons][-2:]
    data = measure(repeats=2, only=lesson_ids, figurewidget=False)
    assert list(data["lessons"]) == lesson_ids and data["floor_runs"] == 2 * len(lesson_ids), data
    low, high = data["floor_range"]
    for row in data["lessons"].values():
        assert low <= row["floor_seconds"] <= high, data
        assert row["ratio"] == pytest.approx(row["seconds"] / row["floor_seconds"]), data


def test_figure_view_sends_what_plotly_sends():
    """FigurePanel skips plotly.io's renderer module (P1) but must send the figure plotly's renderer sends."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from backschool.figureview import figure_json
    from backschool.plotting import FigurePanel, style

    fig = style(go.Figure(go.Bar(x=["a", "b"], y=[1, 2], text=["1", "2"])), "Title", "x", "y")
    sent = pio.renderers._build_mime_bundle(fig.to_dict(), "plotly_mimetype")["application/vnd.plotly.v1+json"]
    assert figure_json(fig) == sent
    panel = FigurePanel()
    panel.show(fig, "a summary")
    assert panel.view.get_state()["figure"] == sent
