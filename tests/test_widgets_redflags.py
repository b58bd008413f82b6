"""Red-flag views driven from Python: ticks change the advice, the card, the sign lists; never a diagnosis."""
import base64
import html
import re

import pytest
from hypothesis import given, settings, strategies as st

import backschool.widgets as bs
from backschool.models import redflags
from backschool.settings import CLINIC_PHONE_ENV
from backschool.widgets.redflags import RedFlagCheck

DIAGNOSIS_WORDS = ("cauda equina", "syndrome", "fracture", "tumour", "tumor", "cancer", "infection",
                   "metasta", "you have", "diagnos", "sciatica", "disease", "aneurysm")
IDS = [f.id for f in redflags.flags()]


@pytest.fixture(autouse=True)
def no_clinic_phone(monkeypatch):
    monkeypatch.delenv(CLINIC_PHONE_ENV, raising=False)


def test_ticks_update_the_advice():
    w = bs.red_flag_check()
    assert isinstance(w, RedFlagCheck) and w.result.level == "none"
    assert all(box.description for box in w.boxes.values())
    assert list(w.boxes) == IDS
    w.boxes["night_pain"].value = True
    assert w.result.level == "urgent" and 'role="alert"' in w.advice.value
    w.boxes["bladder_bowel"].value = True
    assert w.result.level == "emergency" and "999" in w.advice.value and "112" in w.advice.value
    w.boxes["bladder_bowel"].value = w.boxes["night_pain"].value = False
    assert w.result.level == "none" and "4 to 6 weeks" in w.advice.value


def test_nothing_ticked_says_the_list_is_not_complete_and_when_to_get_help():
    w = RedFlagCheck()
    text = html.unescape(w.advice.value)
    assert "does not hold every warning sign" in text and "get help anyway" in text
    assert "112" in text and "4 to 6 weeks" in text


def test_one_leg_numbness_is_a_gp_visit_and_a_major_fall_an_emergency():
    w = RedFlagCheck()
    w.boxes["one_leg_numb"].value = True
    assert w.result.level == "caution" and "GP" in w.advice.value and 'role="alert"' not in w.advice.value
    w.boxes["major_accident"].value = True
    assert w.result.level == "emergency" and 'role="alert"' in w.advice.value


def test_clinic_number_is_shown_with_the_emergency_numbers(monkeypatch):
    monkeypatch.setenv(CLINIC_PHONE_ENV, "0800 123 456")
    w = RedFlagCheck()
    w.boxes["chest_pain"].value = True
    assert "0800 123 456" in w.advice.value and "112" in w.advice.value


def test_card_button_writes_the_card_and_offers_a_download(tmp_path):
    w = RedFlagCheck()
    w.card.button.click()
    assert w.card.path == tmp_path / redflags.CARD_FILE
    page = w.card.path.read_text(encoding="utf-8")
    assert page == redflags.symptom_card_html()
    data = re.search(r'href="data:text/html;base64,([^"]+)"', w.card.status.value).group(1)
    assert base64.b64decode(data).decode("utf-8") == page
    for f in redflags.flags():
        if f.card:
            assert html.escape(f.label) in page


def test_the_card_on_its_own_makes_the_same_card(tmp_path):
    card = bs.warning_card()
    assert card.status.value == "" and card.path is None
    card.button.click()
    assert card.path == tmp_path / redflags.CARD_FILE
    assert card.path.read_text(encoding="utf-8") == redflags.symptom_card_html()
    assert "Download the warning card" in card.status.value


def test_sign_lists_can_end_in_the_steps_to_take():
    shown = html.unescape(bs.red_flag_signs(signs=["both_legs"], steps=True).value)
    assert all(step in shown for step in redflags.advice("emergency"))
    assert "112" in shown and "999" in shown
    assert redflags.STEPS_INTRO not in bs.red_flag_signs(signs=["both_legs"]).value


def test_card_is_still_offered_when_the_folder_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BACKSCHOOL_DATA_DIR", str(blocked))
    w = RedFlagCheck()
    w.card.button.click()
    assert w.card.path is None and "data:text/html;base64," in w.card.status.value


def test_view_text_never_names_a_diagnosis():
    w = RedFlagCheck()
    for box in w.boxes.values():
        box.value = True
        assert not [word for word in DIAGNOSIS_WORDS if word in w.advice.value.lower()]


@settings(max_examples=30, deadline=None)
@given(st.sets(st.sampled_from(IDS), min_size=1), st.sampled_from(redflags.LEVELS[:3]))
def test_sign_lists_show_the_tables_words(chosen, level):
    shown = bs.red_flag_signs(signs=sorted(chosen)).value
    for f in redflags.flags():
        assert (html.escape(f.label) in shown) == (f.id in chosen)
    only = bs.red_flag_signs(level).value
    assert all(html.escape(f.label) in only for f in redflags.flags(level))
    assert html.escape(redflags.level(level).list_intro) in only


def test_sentence_advice_review_and_note_views_use_the_model():
    assert html.escape(redflags.sentence("major_accident")) in bs.red_flag_sentence("major_accident").value
    none = bs.red_flag_advice("none", headline=False).value
    assert all(html.escape(a) in none for a in redflags.advice("none"))
    assert html.escape(redflags.level("none").headline) not in none
    assert html.escape(redflags.review_advice()) in bs.red_flag_review().value
    assert html.escape(redflags.safety_net()[0]) in bs.red_flag_safety_net().value
    assert html.escape(redflags.note("self_harm")) in bs.red_flag_note("self_harm").value
    with pytest.raises(ValueError):
        bs.red_flag_signs(signs=["headache"])
