"""Red-flag view driven from Python: ticks change the advice; nothing names a diagnosis."""
import backschool.widgets as bs
from backschool.widgets.redflags import RedFlagCheck

DIAGNOSIS_WORDS = ("cauda equina", "syndrome", "fracture", "tumour", "tumor", "cancer", "infection",
                   "metasta", "you have", "diagnos", "sciatica", "disease")


def test_ticks_update_the_advice():
    w = bs.red_flag_check()
    assert isinstance(w, RedFlagCheck) and w.result.level == "none"
    assert all(box.description for box in w.boxes.values())
    w.boxes["night_pain"].value = True
    assert w.result.level == "urgent" and 'role="alert"' in w.advice.value
    w.boxes["bladder_bowel"].value = True
    assert w.result.level == "emergency" and "999" in w.advice.value
    w.boxes["bladder_bowel"].value = w.boxes["night_pain"].value = False
    assert w.result.level == "none" and "4 to 6 weeks" in w.advice.value


def test_view_text_never_names_a_diagnosis():
    w = RedFlagCheck()
    for box in w.boxes.values():
        box.value = True
        assert not [word for word in DIAGNOSIS_WORDS if word in w.advice.value.lower()]
