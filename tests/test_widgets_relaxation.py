"""The relaxation view drives its model: buttons move steps, timer ticks count down, no kernel needed."""
from backschool.models import relaxation as model
from backschool.widgets import relaxation_guide


def test_buttons_move_between_steps():
    g = relaxation_guide()
    assert g.back.disabled and not g.next.disabled
    g.next.click()
    assert g.session.index == 1 and "Step 2 of" in g.title.value
    g.back.click()
    assert g.session.index == 0
    for _ in range(len(g.session.steps)):
        g.next.click()
    assert g.next.disabled
    g.again.click()
    assert g.session.index == 0


def test_timer_ticks_move_the_session():
    g = relaxation_guide()
    g.timer.value = 10
    assert g.session.elapsed == 10
    assert g.progress.value == 10
    g.timer.value = 0
    assert g.session.elapsed == 10, "stopping the timer does not rewind the session"
    g.timer.value = model.total_seconds() + 5
    assert g.session.finished and "Done" in g.clock.value
