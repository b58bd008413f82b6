"""Spine explorer driven from Python."""
import backschool.widgets as bs


def test_choosing_a_part_updates_text_and_figure():
    w = bs.spine_explorer()
    fig = w.panel.figure
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert sum(len(t.y) for t in fig.data) == 26 and all(t.hovertext for t in fig.data)
    assert all(t.marker.opacity == 1 for t in fig.data)  # every part in full colour
    assert [t.marker.line.width for t in fig.data] == [1, 1, 4, 1, 1]  # lower back outlined at the start
    assert not any("called" in a.text for a in fig.layout.annotations)  # no C1-style codes
    w.part.value = "cervical"
    assert w.result.id == "cervical" and "Seven small bones" in w.text.value
    assert [t.marker.line.width for t in w.panel.figure.data] == [4, 1, 1, 1, 1]
    assert max(fig.data[0].marker.size) > max(fig.data[1].marker.size)
    w.part.value = "disc"
    assert w.result.kind == "structure" and "Disc" in w.panel.summary.value


def test_core_view():
    w = bs.spine_explorer()
    w.mode.value = "Deep core muscles"
    assert w.part.description == "Core muscle:" and w.result.kind == "core"
    w.part.value = "multifidus"
    fig = w.panel.figure
    assert "deep core" in fig.layout.title.text and fig.layout.xaxis.title.text
    assert max(fig.data[0].marker.size) == 34 and "Multifidus" in w.panel.summary.value
    w.mode.value = "The spine"
    assert w.result.id == "lumbar"
