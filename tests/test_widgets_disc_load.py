"""Disc-load view driven from Python."""
import backschool.widgets as bs


def test_ticking_postures_changes_the_chart():
    w = bs.disc_load()
    fig = w.panel.figure
    assert "Wilke" in fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    before = tuple(fig.data[0].x)
    w.boxes["standing_bent_forward"].value = True
    assert "standing_bent_forward" in [p.id for p in w.result.postures]
    assert tuple(w.panel.figure.data[0].x) != before and len(w.panel.figure.data[0].x) == 5
    assert any("1.10 MPa" in t for t in w.panel.figure.data[0].text)
    assert "times standing" in w.panel.summary.value


def test_nothing_ticked_says_so():
    w = bs.disc_load()
    for box in w.boxes.values():
        box.value = False
    assert w.result.postures == () and "at least one" in w.message.value
