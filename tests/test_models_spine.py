"""Spine model: bone counts from Gray's Anatomy, every part described in plain words."""
import pytest
from hypothesis import given, strategies as st

from backschool.models import spine


def test_region_counts_and_bones():
    assert spine.region_counts() == {"cervical": 7, "thoracic": 12, "lumbar": 5, "sacrum": 5, "coccyx": 4}
    labels = [b.label for b in spine.bones()]
    assert labels[:2] == ["C1", "C2"] and labels[6:8] == ["C7", "T1"] and labels[19:24] == ["L1", "L2", "L3", "L4", "L5"]
    assert [b.index for b in spine.bones()] == list(range(26))
    assert [b.fused for b in spine.bones()][-2:] == [True, True]
    assert "Gray's Anatomy" in spine.source() and "42nd" in spine.source()


def test_structures_and_core_muscles_are_all_there():
    assert {p.id for p in spine.structures()} == {"disc", "facet_joint", "nerve_root", "muscle", "ligament", "fascia"}
    assert {p.id for p in spine.core_muscles()} == {"transversus_abdominis", "multifidus", "pelvic_floor", "diaphragm"}


@pytest.mark.parametrize("part", [p.id for p in (*spine.regions(), *spine.structures(), *spine.core_muscles())])
def test_every_part_has_plain_words(part):
    p = spine.describe(part)
    assert p.what and p.hurts and len(p.what.split()) < 45


@given(st.text())
def test_unknown_part_is_a_clear_error(name):
    known = {p.id for p in (*spine.regions(), *spine.structures(), *spine.core_muscles())}
    if name in known:
        return
    with pytest.raises(ValueError, match="no part of the spine"):
        spine.describe(name)
