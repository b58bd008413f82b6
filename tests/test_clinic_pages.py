"""What a patient is handed: the enrolment letter and their data export, read in a real browser.

Plain words (Flesch-Kincaid grade 8 or below, as the lessons), large print, one printed page for a
letter, readable on a 390 px phone without sideways scrolling, and nothing loaded from anywhere.
"""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import textstat

from backschool.clinic import enrol, letters
from backschool.clinic.export import to_html
from backschool.manifest import load_course

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _prose(page: str) -> str:
    text = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<span class=\"secret[^\"]*\">[^<]*</span>", "it", text)  # a code is read, not parsed as words
    text = re.sub(r"https?://\S+", "the link", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    people, _ = enrol.enrol(folder / "state", [("Maria-Fernanda Oyelaran-Whitcombe", "mf@example.org")], load_course().course_id)
    return letters.write_letters(people, load_course().title,
                                 "https://backschool.clinic-of-the-valley.example.org:8000", folder)[0]


@pytest.fixture(scope="module")
def export_page(tmp_path_factory) -> Path:
    data = {
        "learner": "maria-fernanda-oyelaran-whitcombe", "course": load_course().title, "made": "2026-12-01T10:00:00",
        "quizzes": {"quiz01": {"title": "Quiz 1", "grades": {"score": 5.0, "max_score": 8.0, "items": {}},
                               "answers": [{"question": "Which of these needs help the same day?",
                                            "answer": ["Numb saddle area", "Loss of bladder control"],
                                            "feedback": "Question q02: right. These are warning signs."}],
                               "reflections": [{"question": "What will you do this week?",
                                                "answer": "Walk to the market and back every morning."}]}},
        "diary": [{"date": "2026-11-20", "pain": 5, "minutes": 30}],
        "action_plan": {"helpers": ["My physiotherapist"], "bad_day": "Rest a little, then walk."},
        "action_plan_sentences": ["I will walk for 10 minutes, on 3 days a week, for the next 4 weeks."],
        "exercise_plan_html": None,
    }
    path = tmp_path_factory.mktemp("export") / "page.html"
    path.write_text(to_html(data), encoding="utf-8")
    return path


def test_letter_is_plain_and_has_what_is_needed(letter):
    page = letter.read_text(encoding="utf-8")
    grade = textstat.flesch_kincaid_grade(_prose(page))
    assert grade <= 8.0, f"letter reads at grade {grade:.1f}"
    assert "<html lang='en'>" in page and "<h1" in page
    assert letter.stem == "maria-fernanda-oyelaran", "a short user name, no trailing dash"
    for needed in (letter.stem, "https://backschool.clinic-of-the-valley.example.org:8000",
                   "choose your own password", f"{date.today().year}"):
        assert needed in page
    assert re.search(r'<span class="secret code">[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</span>', page)


def test_export_page_is_plain(export_page):
    visible = _prose(export_page.read_text(encoding="utf-8"))
    grade = textstat.flesch_kincaid_grade(visible)
    assert grade <= 8.0, f"export page reads at grade {grade:.1f}"


@pytest.mark.slow
def test_in_a_browser_on_a_phone(letter, export_page, tmp_path):
    import playwright.sync_api as pw

    assert Path(CHROMIUM).exists(), "Debian chromium is missing: run scripts/install-system-deps.sh"
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for path in (letter, export_page):
                page = browser.new_page(viewport={"width": 390, "height": 844})
                asked: list[str] = []
                page.on("request", lambda r: asked.append(r.url))
                page.goto(path.as_uri())
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{path.name} scrolls sideways on a phone ({width}px)"
                size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
                assert size >= 19, f"{path.name}: print too small ({size}px)"
                assert [u for u in asked if not u.startswith("file:")] == [], asked
                page.screenshot(path=str(tmp_path / f"{path.stem}-390.png"), full_page=True)
                if path == letter:
                    page.emulate_media(media="print")
                    pdf = tmp_path / "letter.pdf"
                    page.pdf(path=str(pdf), format="A4")
                    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
                    assert pages == 1, f"the letter prints on {pages} pages"
                page.close()
        finally:
            browser.close()
