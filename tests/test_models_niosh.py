"""Revised NIOSH Lifting Equation: formulas, Tables 5 and 7, limits, and the manual's worked examples."""
import math

import pytest
from hypothesis import given, strategies as st

from backschool.data import load_table
from backschool.models.niosh import LiftTask, assess, frequency_multiplier

US = dict(units="us")


def test_table5_is_complete_and_matches_spot_values():
    t5 = load_table("niosh_1994")["frequency"]["table5"]
    assert [row[0] for row in t5] == [0.2, 0.5, *range(1, 16)]
    assert all(len(row) == 7 for row in t5)
    assert frequency_multiplier(3, "1h", 22, "us")[0] == 0.88
    assert frequency_multiplier(1, "2h", 80)[0] == 0.88
    assert frequency_multiplier(9, "8h", 80)[0] == 0.15
    assert frequency_multiplier(9, "8h", 50)[0] == 0.0
    assert frequency_multiplier(15, "1h", 80)[0] == 0.28


def test_table7_coupling():
    base = dict(load=10, h=25, d=25)
    assert assess(LiftTask(v=50, coupling="fair", **base)).multipliers["CM"] == 0.95
    assert assess(LiftTask(v=80, coupling="fair", **base)).multipliers["CM"] == 1.0
    assert assess(LiftTask(v=80, coupling="poor", **base)).multipliers["CM"] == 0.90


def test_ideal_lift_gets_the_load_constant():
    assert assess(LiftTask(load=23, h=25, v=75, d=25)).rwl == pytest.approx(23)
    assert assess(LiftTask(load=51, h=10, v=30, d=10, **US)).rwl == pytest.approx(51)


def test_metric_formulas():
    r = assess(LiftTask(load=10, h=50, v=25, d=100, a=45, frequency=2, duration="2h", coupling="poor"))
    m = r.multipliers
    assert m["HM"] == pytest.approx(0.5) and m["VM"] == pytest.approx(0.85)
    assert m["DM"] == pytest.approx(0.865) and m["AM"] == pytest.approx(1 - 0.0032 * 45)
    assert m["FM"] == 0.84 and m["CM"] == 0.90
    assert r.rwl == pytest.approx(23 * math.prod(m.values()))
    assert r.li == pytest.approx(10 / r.rwl)


def test_frequency_is_interpolated_and_low_frequency_counts_as_point_two():
    assert frequency_multiplier(2.4, "1h", 80)[0] == pytest.approx(0.91 + 0.4 * (0.88 - 0.91))
    r = assess(LiftTask(load=5, h=25, v=75, d=25, frequency=0.05))
    assert r.multipliers["FM"] == 1.0 and any("0.2" in s for s in r.rules_applied)


@pytest.mark.parametrize("field,value,factor", [("h", 64, "HM"), ("v", 176, "VM"), ("d", 176, "DM"), ("a", 136, "AM"),
                                                 ("frequency", 16, "FM")])
def test_out_of_range_gives_zero_multiplier_and_names_the_factor(field, value, factor):
    task = dict(load=10, h=30, v=75, d=30, a=0, frequency=1)
    task[field] = value
    r = assess(LiftTask(**task))
    assert r.multipliers[factor] == 0 and r.rwl == 0 and math.isinf(r.li)
    assert len(r.problems) == 1 and f"({factor[0]})" in r.problems[0] and r.level == "outside"


@pytest.mark.parametrize("field", ["load", "h", "v", "d", "a", "frequency"])
def test_negative_or_non_numbers_are_value_errors(field):
    for bad, words in ((-1, "cannot be negative"), (float("nan"), "real number"), ("heavy", "must be a number")):
        task = dict(load=10, h=30, v=75, d=30)
        task[field] = bad
        with pytest.raises(ValueError, match=words):
            assess(LiftTask(**task))


def test_bad_categories_are_value_errors():
    with pytest.raises(ValueError, match="Duration"):
        assess(LiftTask(load=1, h=30, v=75, d=30, duration="3h"))
    with pytest.raises(ValueError, match="coupling"):
        assess(LiftTask(load=1, h=30, v=75, d=30, coupling="sticky"))
    with pytest.raises(ValueError, match="Units"):
        assess(LiftTask(load=1, h=30, v=75, d=30, units="imperial"))


@pytest.mark.parametrize("li,level", [(0.5, "ok"), (1.0, "ok"), (2.0, "increased"), (3.0, "increased"), (3.5, "high")])
def test_verdict_bands(li, level):
    assert assess(LiftTask(load=23 * li, h=25, v=75, d=25)).level == level


# Applications Manual (DHHS (NIOSH) Pub. 94-110), chapter 3. The worksheets round multipliers to 2 places and
# RWL/LI to 1 place (p. 29); worksheet=True does the same.

def test_manual_example_4_package_inspection():
    """Example 4 (Figure 14, p. 46): origin 51 x 1.0 x .94 x .87 x 1.0 x .88 x .95 = 34.9 lb; destination 15.2 lb.

    Origin: H 10 in, V 22 in, D 37 in, A 0, F 3/min for under an hour, fair grip. The destination (V 59 in) RWL of
    15.2 lb is printed; H = 20 in (HM .50) there is what reproduces it, with CM 1.0 (fair, V >= 30) and FM from
    the origin's V.
    """
    task = dict(d=37, a=0, frequency=3, duration="1h", coupling="fair", **US)
    origin = assess(LiftTask(load=0, h=10, v=22, **task), worksheet=True)
    assert origin.multipliers == {"HM": 1.0, "VM": 0.94, "DM": 0.87, "AM": 1.0, "FM": 0.88, "CM": 0.95}
    assert origin.rwl == 34.9
    dest = assess(LiftTask(load=0, h=20, v=59, v_origin=22, **task), worksheet=True)
    assert dest.multipliers["VM"] == 0.78 and dest.multipliers["CM"] == 1.0 and dest.multipliers["FM"] == 0.88
    assert dest.rwl == 15.2
    assert assess(LiftTask(load=0, h=10, v=22, **task)).rwl == pytest.approx(34.8, abs=0.05)  # full precision


def test_manual_example_1_loading_punch_press_stock():
    """Example 1 (Figures 6-7, pp. 35-36): 44 lb sheets, H 23 in, V 30 -> 62 in, D 32 in, A 0, F < 0.2/min.

    Printed: RWL 19.3 lb at the origin (LI 2.3) and 14.7 lb at the destination (LI 3.0).
    """
    task = dict(load=44, h=23, d=32, a=0, frequency=0.1, duration="1h", coupling="fair", **US)
    origin = assess(LiftTask(v=30, **task), worksheet=True)
    dest = assess(LiftTask(v=62, v_origin=30, **task), worksheet=True)
    assert (origin.rwl, origin.li) == (19.3, 2.3)
    assert (dest.rwl, dest.li) == (14.7, 3.0)
    assert dest.level == "increased"


_num = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6))


@given(load=_num, h=_num, v=_num, d=_num, a=_num, f=_num, duration=st.sampled_from(["1h", "2h", "8h"]),
       coupling=st.sampled_from(["good", "fair", "poor"]), units=st.sampled_from(["metric", "us"]))
def test_no_input_crashes(load, h, v, d, a, f, duration, coupling, units):
    task = LiftTask(load=load, h=h, v=v, d=d, a=a, frequency=f, duration=duration, coupling=coupling, units=units)
    try:
        r = assess(task)
    except ValueError as exc:
        assert str(exc)
        return
    assert 0 <= r.rwl <= r.load_constant + 1e-9
    assert all(0 <= m <= 1 for m in r.multipliers.values())
    assert (r.rwl == 0) == bool(r.problems)
