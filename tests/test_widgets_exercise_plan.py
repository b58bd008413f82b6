"""Exercise-plan view driven from Python."""
import backschool.widgets as bs


def test_answers_change_plan_table_and_chart(tmp_path):
    w = bs.exercise_plan()
    fig = w.panel.figure
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    before = tuple(fig.data[0].y)
    w.level.value = "active"
    w.minutes.value = 300
    assert w.result.activity_level == "active" and tuple(w.panel.figure.data[0].y) != before
    w.painful["walking"].value = True
    assert w.panel.figure.data[0].name.startswith("Cycling") and "Cycling" in w.table.value
    assert "<table>" in w.table.value and "Week" in w.panel.summary.value
    w.export.click()
    assert (tmp_path / "exercise-plan.html").is_file() and "Saved" in w.message.value
