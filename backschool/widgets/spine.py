"""Spine explorer: pick a region or structure and read what it is and what can hurt there."""
from __future__ import annotations

import html
import math
import textwrap

import ipywidgets as widgets
import plotly.graph_objects as go

from ..models import spine as model
from ._common import AUTO_WIDTH, LABEL_STYLE, heading, html_widget, where_from
from ..palette import NEUTRAL, OKABE_ITO, SEQUENCE
from ..plotting import FigurePanel, style

SPINE, CORE = "The spine", "Deep core muscles"


class SpineExplorer(widgets.VBox):
    def __init__(self) -> None:
        self.mode = widgets.ToggleButtons(options=[SPINE, CORE], value=SPINE, description="Show:", style=LABEL_STYLE)
        self.part = widgets.Dropdown(description="Part of the spine:", style=LABEL_STYLE, layout=AUTO_WIDTH)
        self.text = html_widget()
        self.panel = FigurePanel()
        self.result = model.describe("lumbar")
        self._spine_fig, self._core_fig = _base_spine_figure(), _base_core_figure()
        self._set_options()
        self.mode.observe(self._mode_changed, names="value")
        self.part.observe(self.update, names="value")
        super().__init__(
            [
                heading("Explore your spine", "Choose a part to see what it is and what can hurt there."),
                self.mode, self.part, self.text, self.panel.widget, where_from(model.source()),
            ]
        )
        self.update()

    def _set_options(self) -> None:
        if self.mode.value == SPINE:
            opts = [(p.name, p.id) for p in (*model.regions(), *model.structures())]
            self.part.description, value = "Part of the spine:", "lumbar"
        else:
            opts = [(p.name, p.id) for p in model.core_muscles()]
            self.part.description, value = "Core muscle:", opts[0][1]
        self._quiet = True  # one redraw after both changes, not one per change
        self.part.options = opts
        self.part.value = value
        self._quiet = False

    def _mode_changed(self, _change: dict) -> None:
        self._set_options()
        self.update()

    def update(self, _change: dict | None = None) -> None:
        if self._quiet or self.part.value is None:
            return
        self.result = p = model.describe(self.part.value)
        second = "Where it is" if p.kind == "core" else "What can hurt there"
        self.text.value = (
            f'<div role="status" aria-live="polite"><h4>{html.escape(p.name)}</h4>'
            f"<p><b>What it is:</b> {html.escape(p.what)}</p><p><b>{second}:</b> {html.escape(p.hurts)}</p></div>"
        )
        fig, summary = self._core_figure(p) if p.kind == "core" else self._spine_figure(p)
        self.panel.show(fig, summary)

    def _spine_figure(self, part: model.Part) -> tuple[go.Figure, str]:
        fig = self._spine_fig
        with fig.batch_update():
            for trace, note, region in zip(fig.data, fig.layout.annotations, model.regions()):
                chosen = part.id == region.id
                trace.marker.size = [_bone_size(b, chosen) for b in _region_bones(region)]
                trace.marker.line.width = 4 if chosen else 1
                note.font.weight = "bold" if chosen else "normal"
        counts = model.region_counts()
        where = "found all along the spine" if part.kind == "structure" else "outlined in black and drawn bigger"
        summary = (
            f"Drawing of the spine: {counts['cervical']} neck bones, {counts['thoracic']} upper-back bones, "
            f"{counts['lumbar']} lower-back bones, the sacrum ({counts['sacrum']} bones joined) and the tailbone. "
            f"Selected: {part.name} ({where})."
        )
        return fig, summary

    def _core_figure(self, part: model.Part) -> tuple[go.Figure, str]:
        fig = self._core_fig
        muscles = model.core_muscles()
        with fig.batch_update():
            fig.data[0].marker.size = [34 if m.id == part.id else 20 for m in muscles]
            fig.data[0].marker.line.width = [3 if m.id == part.id else 0 for m in muscles]
        summary = (
            "The deep core is like a box: the diaphragm is the lid, the pelvic floor the base, transversus abdominis "
            f"wraps the front and sides and multifidus runs along the back. Selected: {part.name}, {part.hurts}."
        )
        return fig, summary


def _depth(index: int) -> float:
    """Front (-) to back (+) position of bone ``index`` (0 = C1), drawing the natural curves:
    the neck and low back curve in toward the front (lordosis, deepest near C5 and L2), the upper
    back curves out toward the back (kyphosis, near T6), and the sacrum and tailbone sweep back."""
    return 0.07 * math.sin(2 * math.pi * (index - 8) / 16)


def _region_bones(region: model.Part) -> list[model.Bone]:
    return [b for b in model.bones() if b.region == region.id]


def _bone_size(bone: model.Bone, chosen: bool) -> int:
    """Bones sit almost touching (one unit apart is about 18 pixels); the chosen part's bones are bigger."""
    return (24 if bone.fused else 17) + (5 if chosen else 0)


def _region_label(region: model.Part, bones: list[model.Bone]) -> str:
    """The one label for a region, always shown: its plain name and how many bones."""
    name = region.name.split(" (")[0]
    if bones[0].fused:
        return f"{name}: {model.region_counts()[region.id]} bones joined" if region.id == "sacrum" else name
    return "<br>".join(textwrap.wrap(f"{name}: {len(bones)} bones", 20))


def _base_spine_figure() -> go.Figure:
    """Every bone, one trace per region, styled once; updates only change the highlighting.

    Each region has one label beside it (no per-bone codes to crowd or overlap), and the axes have no
    ticks: the drawing has no scale.
    """
    fig = go.Figure()
    for colour, region in zip(SEQUENCE, model.regions()):
        bones = _region_bones(region)
        plain = region.name.split(" (")[0].lower()
        fig.add_trace(go.Scatter(
            x=[_depth(b.index) for b in bones],
            y=[-b.index for b in bones],
            mode="markers",
            name=region.name,
            marker=dict(symbol="square", size=[_bone_size(b, False) for b in bones], color=colour, opacity=1,
                        line=dict(width=1, color=OKABE_ITO["black"])),
            hovertext=[region.name if b.fused else f"{plain}: bone {n} of {len(bones)}"
                       for n, b in enumerate(bones, start=1)],
            hoverinfo="text",
        ))
        middle = bones[len(bones) // 2]
        anchor = {"sacrum": "bottom", "coccyx": "top"}.get(region.id, "middle")
        fig.add_annotation(x=0.25, y=-middle.index, text=_region_label(region, bones), showarrow=False,
                           xanchor="left", yanchor=anchor, align="left", font=dict(size=14))
    style(fig, "Your spine from the side", "Front (left) to back (right)", "Top of the neck to the tailbone")
    fig.update_layout(height=620, showlegend=False)
    bare = dict(showticklabels=False, ticks="", showgrid=False, zeroline=False, showline=False)
    fig.update_xaxes(bare, range=[-0.4, 1.4])
    fig.update_yaxes(bare, range=[-26, 0.8])
    return fig


def _base_core_figure() -> go.Figure:
    """The 'core box' with its four muscles, styled once."""
    pos = model.core_positions()
    muscles = model.core_muscles()
    fig = go.Figure()
    fig.add_shape(type="rect", x0=-1.2, x1=1.2, y0=0, y1=3, line=dict(color=NEUTRAL["border"], dash="dot"))
    fig.add_trace(go.Scatter(
        x=[pos[m.id][0] for m in muscles], y=[pos[m.id][1] for m in muscles], mode="markers+text",
        text=["<br>".join(textwrap.wrap(m.name, 12)) for m in muscles], textposition="top center", name="Deep core muscles",
        marker=dict(size=20, color=SEQUENCE[: len(muscles)], line=dict(width=0, color=OKABE_ITO["black"])),
        hovertext=[f"{m.name}: {m.what}" for m in muscles], hoverinfo="text",
    ))
    style(fig, "The deep core: four muscles that form a box around the lower spine",
          "Front (left) to back (right)", "Pelvis (bottom) to ribs (top)")
    fig.update_xaxes(showticklabels=False, ticks="", range=[-2, 2])
    fig.update_yaxes(showticklabels=False, ticks="", range=[-0.7, 3.8])
    return fig
