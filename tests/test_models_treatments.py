"""The treatment evidence table: valid labels, real sources, every seed-claimed treatment labelled."""
import pytest

from backschool import lessontext as lt
from backschool.sources import bibliography
from backschool.models import checklists
from backschool.models import treatments as t

# Every treatment the seed pages (course.yml seed_pages) put forward, mapped to the table entry that labels it.
SEED_CLAIMS = {
    "000_872a9ef581bc1aaa": {
        "painkillers and anti-inflammatories (ibuprofen)": "nsaids",
        "physiotherapy exercises and muscle strengthening": "exercise",
        "stretching": "exercise",
        "massage": "massage",
        "dry needling": "acupuncture",
        "hooking (soft tissue release)": "massage",
        "osteopathic manipulation": "manipulation",
        "orthopaedic insoles": "insoles",
        "regular physical activity": "staying-active",
    },
    "001_5d835938b6fe4674": {
        "rest in the acute phase": "bed-rest",
        "analgesics": "paracetamol",
        "anti-inflammatory drugs": "nsaids",
        "muscle relaxants": "muscle-relaxants",
        "infiltrations (injections)": "spinal-injections",
        "surgery for a disc hernia": "nerve-surgery",
        "back pain massage": "massage",
        "acupuncture": "acupuncture",
        "lumbar belt": "belts",
        "Pilates twice a week for 3 months": "pilates",
        "devil's claw": "devils-claw",
        "Arnica montana": "arnica",
        "white willow": "willow-bark",
        "bamboo remineralises bone": "bamboo",
        "essential oils (rosemary, ginger, St John's wort, lavender)": "essential-oils",
        "acupressure": "acupressure",
        "naprapathy": "naprapathy",
        "chi gong": "qigong",
        "gentle mobilisations": "manipulation",
        "heat applications": "heat",
        "electrotherapy": "tens",
    },
    "002_cae364de751cdca5": {
        "acupuncture needles": "acupuncture",
        "manual mobilisation of the spine": "manipulation",
        "hands-on stretching": "massage",
        "manual joint manipulation": "manipulation",
        "ice packs": "cold",
        "vibration massage": "vibration-massage",
        "deep tissue release": "massage",
        "suction cups": "cupping",
        "scar tissue release": "scar-tissue-scraping",
        "isolating the deep core": "core-exercises",
        "insoles and orthotics": "insoles",
    },
    "003_10b3ee63567d8fa1": {
        "keep normal activities": "staying-active",
        "swimming or cycling": "walking-swimming-cycling",
        "NSAIDs (diclofenac, ibuprofen, naproxen)": "nsaids",
        "metamizole": "metamizole",
        "opioids": "opioids",
        "muscle relaxants": "muscle-relaxants",
        "acupuncture": "acupuncture",
        "exercise therapy": "exercise",
        "guided yoga": "yoga",
        "Alexander technique": "alexander-technique",
        "chirotherapeutic manipulation": "manipulation",
        "massage with exercise": "massage",
        "psychotherapy and behaviour therapy": "cbt",
        "multimodal programmes": "combined-programme",
        "back school": "education",
        "heat": "heat",
        "cold": "cold",
    },
    "004_2467e577ce607ea9": {
        "targeted exercise": "exercise",
        "manual therapy (massage, joint mobilisation)": "manipulation",
        "heat or cold therapy": "heat",
        "patient education": "education",
    },
}


# Seed claims that are off the topic of treating back pain: the explorer does not list them, the lesson text
# answers them (lesson id, its section, words that section must hold).
SEED_CLAIMS_IN_TEXT = {
    "000_872a9ef581bc1aaa": {
        "osteopathy for digestive and cardiovascular problems": ("treatments", "How to choose", "gut or heart"),
    },
}

# Words a learner would not know unless told: every treatment whose name or reason uses one says what it is,
# and the word (or its plain meaning) is in that sentence.
TERMS = {
    "antidepressants": "low mood", "anticonvulsants": "fits", "metamizole": "painkiller", "qigong": "movements",
    "cbt": "therapist", "alexander-technique": "teacher", "acupuncture": "Dry needling", "naprapathy": "hands-on",
    "tens": "electric pulses", "nsaids": "swelling", "radiofrequency-denervation": "heats",
}


def test_every_treatment_has_a_valid_label_reason_and_sources():
    items = t.treatments()
    assert len(items) >= 30
    refs = bibliography()
    for item in items:
        assert item.label in t.LABELS
        assert item.reason and item.name and item.refs and item.what.endswith("."), item.id
        assert item.sources, item.id
        missing = set(item.sources) - set(refs)
        assert not missing, f"{item.id}: sources not in assets/sources.yml: {missing}"


def test_labels_are_exactly_the_five():
    assert set(t.LABELS) == {"recommended", "a doctor may consider it", "may help alongside exercise", "not recommended",
                             "not enough evidence"}
    assert all(t.by_label(label) for label in t.LABELS), "each label is used at least once"


def test_table_has_a_source():
    assert "NG59" in t.source() and "WHO" in t.source()


def test_claims_are_mapped_for_every_seed_page(course):
    assert set(SEED_CLAIMS) == {page.id for page in course.seed_pages}


@pytest.mark.parametrize("seed", sorted(SEED_CLAIMS))
def test_every_seed_claimed_treatment_has_a_label(seed):
    for claim, key in SEED_CLAIMS[seed].items():
        assert t.treatment(key).label in t.LABELS, f"{seed}: {claim}"


def _section_as_shown(nb, section: str) -> str:
    """A section's Markdown and the steps of the printable checklists its cells show (bs.checklist("id"))."""
    cells, inside = [], False
    for cell in nb.cells:
        source = "".join(cell.source)
        if cell.cell_type == "markdown" and source.startswith("## "):
            inside = source.splitlines()[0] == f"## {section}"
        if inside:
            cells.append(source)
    shown = [checklists.checklist(name) for name in checklists.names()
             if any(f'checklist("{name}")' in source for source in cells)]
    steps = [step.text for card in shown for part in card.sections for step in part.steps]
    return "\n".join([lt.section(nb, section), *steps])


@pytest.mark.parametrize("seed", sorted(SEED_CLAIMS_IN_TEXT))
def test_off_topic_seed_claims_are_answered_in_the_lesson_not_the_explorer(course, seed):
    for claim, (lesson, section, words) in SEED_CLAIMS_IN_TEXT[seed].items():
        nb = lt.read(course.lesson(lesson).notebook)
        assert words in _section_as_shown(nb, section), f"{seed}: {claim}"
        assert not [x for x in t.treatments() if words in x.name], f"{claim} is back in the explorer"


def test_hard_terms_are_explained():
    for key, words in TERMS.items():
        assert words in t.treatment(key).what, key
    names = " ".join(x.name for x in t.treatments())
    for jargon in ("SSRI", "SNRI", "tricyclic", "infiltration", "motor control", "silica"):
        assert jargon not in names, jargon


def test_guideline_verdicts_match_nice_and_who():
    """Spot checks against NICE NG59 and WHO 2023 so an edit cannot flip a verdict unnoticed."""
    assert t.treatment("belts").label == t.NOT_RECOMMENDED
    assert t.treatment("insoles").label == t.NOT_RECOMMENDED
    assert t.treatment("tens").label == t.NOT_RECOMMENDED
    assert t.treatment("ultrasound").label == t.NOT_RECOMMENDED
    assert t.treatment("paracetamol").label == t.NOT_RECOMMENDED
    assert t.treatment("spinal-fusion").label == t.NOT_RECOMMENDED
    assert t.treatment("bed-rest").label == t.NOT_RECOMMENDED
    assert t.treatment("massage").label == t.ALONGSIDE
    assert t.treatment("manipulation").label == t.ALONGSIDE
    assert t.treatment("exercise").label == t.RECOMMENDED
    acupuncture = t.treatment("acupuncture")
    assert "NICE" in acupuncture.disagreement and "WHO" in acupuncture.disagreement
    for key in ("cupping", "essential-oils", "bamboo", "vibration-massage", "scar-tissue-scraping"):
        assert t.treatment(key).label == t.UNCLEAR


def test_every_label_says_what_it_means_and_what_to_do():
    guide = t.guide()
    assert [g.label for g in guide] == list(t.LABELS)
    for g in guide:
        assert g.means.endswith(".") and g.action.endswith("."), g
    assert "exercise" in t.label_guide(t.ALONGSIDE).action
    assert "ask why" in t.label_guide(t.NOT_RECOMMENDED).action
    with pytest.raises(ValueError, match="not a label"):
        t.label_guide("great")


def test_lookup_by_id_or_name_and_bad_input():
    assert t.treatment("Pilates").id == "pilates"
    with pytest.raises(ValueError, match="no treatment"):
        t.treatment("magic crystals")
    with pytest.raises(ValueError, match="not a label"):
        t.by_label("great")


def test_a_bad_label_is_refused():
    with pytest.raises(ValueError, match="use one of"):
        t._treatment({"id": "x", "name": "X", "label": "miracle", "reason": "r", "sources": ["nice-ng59"]})
    with pytest.raises(ValueError, match="no sources"):
        t._treatment({"id": "x", "name": "X", "label": t.RECOMMENDED, "reason": "r", "sources": []})
    with pytest.raises(ValueError, match="what it is"):
        t._treatment({"id": "x", "name": "X", "label": t.RECOMMENDED, "reason": "r", "sources": ["nice-ng59"]})


def test_summary_mentions_disagreement():
    assert "disagree" in t.treatment("acupuncture").summary
    assert "disagree" not in t.treatment("exercise").summary
