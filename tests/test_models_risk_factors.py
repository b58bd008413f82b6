"""The risk factor sorter's model: groups, no score, every factor sourced, plain errors."""
import pytest

from backschool.sources import bibliography
from backschool.models import redflags, risk_factors as rf


def test_every_factor_has_a_known_group_a_tip_and_listed_sources():
    refs = bibliography()
    ids = [f.id for f in rf.factors()]
    assert len(ids) == len(set(ids))
    for f in rf.factors():
        assert f.group in rf.GROUP_ORDER
        assert f.tip.strip() and f.label.strip()
        assert f.sources, f"{f.id} has no source"
        assert set(f.sources) <= set(refs), f"{f.id}: {set(f.sources) - set(refs)} not in sources.yml"


def test_every_group_is_used_and_titled():
    used = {f.group for f in rf.factors()}
    assert used == set(rf.GROUP_ORDER)
    for group in rf.GROUP_ORDER:
        assert rf.group_title(group)


def test_nothing_ticked():
    result = rf.sort_factors([])
    assert result.ticked == ()
    assert result.sources == ()
    assert "not ticked anything" in result.summary


def test_sorting_puts_each_factor_in_its_group_in_table_order():
    result = rf.sort_factors(["past_pain", "smoking", "sitting_long", "stress_mood", "fall"])
    assert [f.id for f in result.factors("change")] == ["sitting_long", "smoking"]
    assert [f.id for f in result.factors("partly")] == ["stress_mood"]
    assert [f.id for f in result.factors("fixed")] == ["past_pain"]
    assert [f.id for f in result.factors("doctor")] == ["fall"]
    assert [g for g, _ in result.groups] == list(rf.GROUP_ORDER)


def test_repeats_count_once_and_sources_are_unique():
    result = rf.sort_factors(["heavy_loads", "heavy_loads", "sudden_effort"])
    assert len(result.ticked) == 2
    assert result.sources == ("steffens-2015", "da-silva-2019")


def test_summary_counts_groups_and_is_never_a_score_or_diagnosis():
    result = rf.sort_factors(["smoking", "past_pain"])
    assert "Things you can change: 1." in result.summary
    assert "Things you cannot change: 1." in result.summary
    assert "not a score and not a diagnosis" in result.summary
    assert "%" not in result.summary


def test_scan_wear_is_not_a_risk_factor_and_a_major_fall_is_an_emergency():
    assert not [f for f in rf.factors() if "scan" in f.label.lower() or "degenerat" in f.label.lower()]
    with pytest.raises(ValueError):
        rf.get("scan_wear")
    assert rf.get("fall").tip.endswith(redflags.sentence("major_accident"))
    assert redflags.sign("major_accident").level == "emergency"


@pytest.mark.parametrize("bad", [["no_such_thing"], ["smoking", "x"]])
def test_unknown_factor_is_a_plain_error(bad):
    with pytest.raises(ValueError, match="no factor called"):
        rf.sort_factors(bad)


def test_a_single_string_is_refused():
    with pytest.raises(ValueError, match="list"):
        rf.sort_factors("smoking")


def test_unknown_group_is_a_plain_error():
    with pytest.raises(ValueError, match="no group"):
        rf.sort_factors([]).factors("maybe")
    with pytest.raises(ValueError, match="no group"):
        rf.group_title("maybe")


def test_source_is_given():
    assert "Hartvigsen" in rf.source()
