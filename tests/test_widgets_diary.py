"""Diary view driven from Python: save, bad entry, reload."""
from datetime import date, timedelta

import backschool.widgets as bs


def test_save_plot_and_reload(tmp_path):
    w = bs.pain_diary()
    assert w.panel.figure is None and not w.panel.view.figure, "no empty chart before the first entry"
    assert "Your chart appears here after your first entry" in w.panel.summary.value
    w.day.value, w.pain.value, w.minutes.value = date.today() - timedelta(days=1), 6, "20"
    w.save.click()
    w.day.value, w.pain.value, w.minutes.value = date.today(), 4, "35"
    w.save.click()
    assert "Saved" in w.message.value and len(w.entries) == 2
    fig = w.panel.figure
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text and fig.layout.yaxis2.title.text
    assert list(fig.data[1].y) == [6, 4] and "2 days logged" in w.panel.summary.value
    assert fig.layout.xaxis.dtick == 2 * 86_400_000 and fig.layout.xaxis.tickformat == "%-d %b", "whole days"
    assert fig.layout.yaxis.tickformat == fig.layout.yaxis2.tickformat == "d", "whole numbers on both axes"
    assert "saved in your own folder" in w.children[0].value  # saved_work_statement(), one text
    again = bs.pain_diary()  # a new kernel would do the same
    assert again.entries == w.entries and (tmp_path / "diary.csv").is_file()


def test_bad_entry_saves_nothing(tmp_path):
    w = bs.pain_diary()
    w.save.click()
    before = (tmp_path / "diary.csv").read_bytes()
    w.minutes.value = "lots"
    w.save.click()
    assert "whole number" in w.message.value and "Nothing was saved" in w.message.value
    w.minutes.value, w.day.value = "10", date.today() + timedelta(days=2)
    w.save.click()
    assert "future" in w.message.value
    assert (tmp_path / "diary.csv").read_bytes() == before
