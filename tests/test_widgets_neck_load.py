"""Neck-load view driven from Python."""
import backschool.widgets as bs


def test_slider_moves_the_point_and_labels_estimates():
    w = bs.neck_load()
    fig = w.panel.figure
    assert "Hansraj" in fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    w.slider.value = 20
    assert w.result.degrees == 20 and not w.result.published
    assert tuple(w.panel.figure.data[1].x) == (20,)
    assert "estimated between published points" in w.panel.summary.value and "lb" in w.panel.summary.value
    w.slider.value = 45
    assert w.result.lb == 49 and "published value" in w.panel.summary.value
    assert "kg" in w.panel.summary.value
