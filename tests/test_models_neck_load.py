"""Neck-load model: Hansraj 2014 points, labelled interpolation, plain errors out of range."""
import math

import pytest
from hypothesis import given, strategies as st

from backschool.models import neck_load


@pytest.mark.parametrize("deg,lb", [(0, 12), (15, 27), (30, 40), (45, 49), (60, 60)])
def test_published_points(deg, lb):
    r = neck_load.load_at(deg)
    assert r.lb == lb and r.published and r.label == "published value"
    assert r.kg == pytest.approx(lb * 0.45359237)


def test_between_points_is_labelled_an_estimate():
    r = neck_load.load_at(20)
    assert r.lb == pytest.approx(27 + 13 / 3)
    assert not r.published and r.label == "estimated between published points"


def test_source_cites_hansraj_and_the_range_at_zero():
    assert "Hansraj" in neck_load.source() and "25:277-279" in neck_load.source()


@pytest.mark.parametrize("bad", [-1, 61, 90, float("nan"), float("inf"), "abc", None])
def test_out_of_range_is_a_plain_value_error(bad):
    with pytest.raises(ValueError, match="between 0 and 60 degrees|must be a number"):
        neck_load.load_at(bad)


@given(st.floats(min_value=0, max_value=60))
def test_load_is_between_neighbouring_points(deg):
    r = neck_load.load_at(deg)
    assert 12 <= r.lb <= 60 and math.isfinite(r.kg)


@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: not 0 <= x <= 60))
def test_outside_range_never_crashes_differently(deg):
    with pytest.raises(ValueError):
        neck_load.load_at(deg)
