"""Ratios in words: the phrases lessons 4 and 5 show instead of decimals."""
import pytest

from backschool.models import disc_load
from backschool.models.plain_numbers import as_much_as, times


@pytest.mark.parametrize("ratio, words", [
    (0.2, "a fifth"), (0.24, "a quarter"), (0.6, "two thirds"), (0.92, "the same"), (1.1, "the same"), (1.24, "the same"),
    (1.3, "one and a half times"), (1.64, "one and a half times"), (2.2, "twice"), (3.4, "three and a half times"),
    (4.6, "four and a half times"), (10.2, "ten times"), (23.0, "23 times"),
])
def test_ratios_in_words(ratio, words):
    assert times(ratio) == words


def test_phrases_read_as_sentences():
    assert as_much_as(0.2) == "about a fifth as much as"
    assert as_much_as(1.0) == "about the same as"
    assert as_much_as(2.0) == "about twice as much as"


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "2", True, None])
def test_bad_ratios_are_refused(bad):
    with pytest.raises(ValueError):
        times(bad)


def test_wilke_comparisons_the_lessons_state():
    """Lesson 4: lying is about a fifth of standing; lesson 5: holding 20 kg far is about one and a half
    times holding it close, and each adds about as much as the other (Wilke 1999's table)."""
    p = {x.id: x.mpa for x in disc_load.postures()}
    assert times(p["lying_supine"] / p["standing_relaxed"]) == "a fifth"
    assert times(p["standing_relaxed"] / p["lying_supine"]) == "five times"
    assert times(p["hold_20kg_far"] / p["hold_20kg_close"]) == "one and a half times"
    far_minus_close = p["hold_20kg_far"] - p["hold_20kg_close"]
    round_minus_bent = p["lift_20kg_round_back"] - p["lift_20kg_bent_knees"]
    assert abs(far_minus_close - round_minus_bent) <= 0.1 * p["hold_20kg_far"]
    assert times(p["lift_20kg_round_back"] / p["standing_relaxed"]) == "four and a half times"
