"""Disc-load model: Wilke 1999 values as stored, relative to standing."""
import pytest
from hypothesis import given, strategies as st

from backschool.data import DataError, load_table, table
from backschool.models import disc_load

WILKE = {
    "lying_supine": 0.10, "lying_prone": 0.11, "lying_side": 0.12, "sitting_slumped_back": 0.30,
    "sitting_relaxed": 0.46, "standing_relaxed": 0.50, "sitting_straight": 0.55, "sitting_max_flexion": 0.83,
    "standing_bent_forward": 1.10, "hold_20kg_close": 1.10, "lift_20kg_bent_knees": 1.70, "hold_20kg_far": 1.80,
    "lift_20kg_round_back": 2.30,
}


def test_table_values_and_source():
    assert {p.id: p.mpa for p in disc_load.postures()} == WILKE
    assert "Wilke" in disc_load.source() and "24(8):755-762" in disc_load.source()


def test_relative_to_standing():
    c = disc_load.compare(["lying_supine", "lift_20kg_round_back", "standing_relaxed"])
    rel = {p.id: round(c.relative(p), 2) for p in c.postures}
    assert rel == {"lying_supine": 0.2, "standing_relaxed": 1.0, "lift_20kg_round_back": 4.6}
    assert c.highest.id == "lift_20kg_round_back" and c.lowest.id == "lying_supine"


def test_unknown_posture_is_a_clear_error():
    with pytest.raises(ValueError, match="no posture called 'handstand'"):
        disc_load.compare(["handstand"])


def test_data_loader_refuses_bad_names():
    with pytest.raises(DataError):
        load_table("../course")
    with pytest.raises(DataError, match="No data table"):
        load_table("not_a_table")
    with pytest.raises(DataError, match="No data table"):
        table("not_a_table")


def test_table_gives_its_data_and_its_source_on_one_line():
    wilke = table("wilke_1999")
    assert wilke is table("wilke_1999"), "read once and shared"
    assert wilke["postures"] == load_table("wilke_1999")["postures"]
    raw = load_table("wilke_1999")["source"]
    assert wilke.source == " ".join(raw.split()) and "  " not in wilke.source and "\n" not in wilke.source
    assert disc_load.source() == wilke.source


@given(st.lists(st.sampled_from(list(WILKE)), max_size=20))
def test_any_selection_is_ordered_and_unique(ids):
    c = disc_load.compare(ids)
    assert [p.id for p in c.postures] == [pid for pid in WILKE if pid in set(ids)]
