"""Red-flag model: levels, plain advice, and never a diagnosis."""
import itertools

import pytest
from hypothesis import given, strategies as st

from backschool.models import redflags

DIAGNOSIS_WORDS = ("cauda equina", "syndrome", "fracture", "tumour", "tumor", "cancer", "infection", "metasta",
                   "you have", "diagnos", "sciatica", "disease", "abscess", "osteomyelitis", "spondyl")
IDS = [f.id for f in redflags.flags()]


def test_table_has_a_source_and_every_level():
    assert "NG59" in redflags.source() and "CKS" in redflags.source()
    assert {f.level for f in redflags.flags()} == {"emergency", "urgent", "caution"}


def test_cauda_equina_type_signs_are_emergencies():
    for fid in ("bladder_bowel", "saddle_numbness", "leg_weakness"):
        r = redflags.check([fid])
        assert r.level == "emergency"
        assert any("999" in a and "911" in a for a in r.advice)


@pytest.mark.parametrize("fid", ["fever_unwell", "cancer_history", "weight_loss", "steroids_osteoporosis", "night_pain"])
def test_other_red_flags_need_care_today(fid):
    r = redflags.check([fid])
    assert r.level == "urgent" and r.needs_care_now


def test_age_alone_is_a_caution_not_an_emergency():
    r = redflags.check(["age_new_pain"])
    assert r.level == "caution" and not r.needs_care_now


def test_no_flags_gives_self_care_and_when_to_see_a_doctor():
    r = redflags.check([])
    text = " ".join(r.texts())
    assert r.level == "none"
    assert "active" in text and "4 to 6 weeks" in text and "worse" in text


def test_most_urgent_level_wins():
    assert redflags.check(["age_new_pain", "night_pain", "saddle_numbness"]).level == "emergency"
    assert redflags.check(["age_new_pain", "weight_loss"]).level == "urgent"


def test_no_output_names_a_diagnosis():
    for n in range(len(IDS) + 1):
        for combo in itertools.combinations(IDS, n) if n <= 2 else [IDS[:n]]:
            for sentence in redflags.check(combo).texts():
                low = sentence.lower()
                assert not [w for w in DIAGNOSIS_WORDS if w in low], sentence


def test_unknown_flag_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown warning sign"):
        redflags.check(["headache"])
    with pytest.raises(ValueError, match="list"):
        redflags.check("bladder_bowel")


@given(st.lists(st.sampled_from(IDS)))
def test_any_combination_gives_advice(ticked):
    r = redflags.check(ticked)
    assert r.headline and r.advice
    assert r.needs_care_now == any(f.level in ("emergency", "urgent") for f in redflags.flags() if f.id in ticked)
