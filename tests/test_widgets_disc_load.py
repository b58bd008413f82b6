"""Disc-load view driven from Python."""
import re

import backschool.widgets as bs


def test_ticking_postures_changes_the_chart():
    w = bs.disc_load()
    fig = w.panel.figure
    assert "Wilke" in fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    before = tuple(fig.data[0].x)
    w.boxes["standing_bent_forward"].value = True
    assert "standing_bent_forward" in [p.id for p in w.result.postures]
    assert tuple(w.panel.figure.data[0].x) != before and len(w.panel.figure.data[0].x) == 5
    assert "twice" in w.panel.figure.data[0].text  # standing bent forward: 1.10 MPa against 0.50
    assert "about a fifth as much as standing" in w.panel.summary.value  # lying on your back: 0.10 MPa
    assert "four and a half times as much as standing" in w.panel.summary.value  # rounded back: 2.30 MPa


def test_no_decimals_reach_the_learner():
    """PEMAT-P item 6: labels, bar texts and the summary say the comparison in words, not in MPa."""
    w = bs.disc_load()
    for box in w.boxes.values():
        box.value = True
    shown = [b.description for b in w.boxes.values()] + list(w.panel.figure.data[0].text) + [w.panel.summary.value]
    assert not [s for s in shown if "MPa" in s or re.search(r"\d\.\d", s)]


def test_nothing_ticked_says_so():
    w = bs.disc_load()
    for box in w.boxes.values():
        box.value = False
    assert w.result.postures == () and "at least one" in w.message.value
