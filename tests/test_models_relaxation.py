"""The PMR sequence: sourced data, the order of steps, and a session moved by Next, Back and ticks."""
import pytest

from backschool.models import relaxation as r


def test_steps_are_sourced_and_ordered():
    steps = r.steps()
    assert "Bernstein" in r.source()
    assert steps[0].id == "ready" and steps[-1].id == "finish"
    assert len(steps) >= 8
    for step in steps[1:-1]:
        assert 5 <= step.tense_seconds <= 7, "the manual tenses each group for 5 to 7 seconds"
        assert 30 <= step.relax_seconds <= 40, "and relaxes it for 30 to 40 seconds"
        assert step.tense and step.relax


def test_total_time_is_a_short_session():
    assert 5 * 60 <= r.total_seconds() <= 12 * 60


def test_format_time():
    assert r.format_time(0) == "0:00"
    assert r.format_time(95) == "1:35"
    with pytest.raises(ValueError):
        r.format_time(-1)


def test_next_and_back_stop_at_the_ends():
    s = r.Session()
    s.back()
    assert s.index == 0 and s.at_start
    for _ in range(len(s.steps) + 3):
        s.next()
    assert s.at_end and s.index == len(s.steps) - 1
    s.back()
    assert s.index == len(s.steps) - 2 and s.elapsed == 0


def test_a_step_tenses_then_relaxes():
    s = r.Session()
    s.next()
    step = s.step
    assert s.phase() == (r.TENSE, step.tense, step.tense_seconds)
    s.tick(step.tense_seconds - 1)
    assert s.phase()[0] == r.TENSE and s.phase()[2] == 1
    s.tick()
    assert s.phase() == (r.RELAX, step.relax, step.relax_seconds)


def test_ticks_move_on_to_the_next_step_and_finish():
    s = r.Session()
    first = s.step.seconds
    s.tick(first + 2)
    assert s.index == 1 and s.elapsed == 2
    s.tick(r.total_seconds() * 2)
    assert s.finished and s.seconds_left() == 0
    assert s.timer_text().startswith("Done")


def test_without_auto_advance_a_step_waits_for_next():
    s = r.Session(auto_advance=False)
    s.tick(s.step.seconds + 10)
    assert s.index == 0 and s.phase()[2] == 0


def test_seconds_left_counts_down():
    s = r.Session()
    assert s.seconds_left() == r.total_seconds()
    s.tick(10)
    assert s.seconds_left() == r.total_seconds() - 10


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        r.Session().tick(-1)
    with pytest.raises(ValueError):
        r.Session(sequence=())
    with pytest.raises(ValueError):
        r._step({"id": "x", "title": "X", "relax": "Let go.", "relax_seconds": 0})
    with pytest.raises(ValueError):
        r._step({"id": "x", "title": "X", "relax": "Let go.", "relax_seconds": 30, "tense": "Squeeze."})


def test_heading_and_timer_text_are_plain():
    s = r.Session()
    assert s.heading() == f"Step 1 of {len(s.steps)}: Get ready"
    assert "left in this part" in s.timer_text()
