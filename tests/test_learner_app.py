"""Alone on a computer, for real: `./course learn` started as a learner starts it, driven by clicks and
keys in Debian's headless Chromium (Playwright). Nothing drives a widget from Python.

home -> lesson 1 -> next -> lesson 2 -> home -> quiz 1 -> every question answered (one wrong) ->
a reflection typed -> Hand in -> the exact score and the "why" of each question -> reload: answers
still there -> feedback read from the home. No learner page shows code, and no request leaves the
machine. Screenshots go to the test's tmp_path or $BACKSCHOOL_SCREENSHOTS (their paths are printed).
"""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

from backschool.learnerapp.mode import PRIVACY
from backschool.quizspec import read_spec
from backschool.testing import browser, quizkey
from backschool.testing.hubtools import ROOT

pytestmark = pytest.mark.slow

QUIZ = "quiz01"
CODE = [re.compile(r"\bimport\b"), re.compile(r"choice\("), re.compile(r"\bbs\.")]


def expected_quiz(quiz: str) -> tuple[dict, dict]:
    """The right answer and the explanation of each question, from the source's hidden tests."""
    keys = quizkey.items(ROOT / "quizzes" / quiz / f"{quiz}.ipynb")
    return {i: k.right for i, k in keys.items()}, {i: k.why for i, k in keys.items()}


@pytest.fixture(scope="module")
def learn(tmp_path_factory):
    """`./course learn` as a learner runs it, on a free port, with a throw-away home."""
    with browser.learner_server(tmp_path_factory.mktemp("learn")) as server:
        yield server


@pytest.fixture()
def page(tmp_path):
    with browser.page(tmp_path / "chromium-profile") as pg:
        yield pg


def no_code(page, where: str) -> str:
    text = page.locator("body").inner_text()
    for pattern in CODE:
        assert not pattern.search(text), f"{where} shows code ({pattern.pattern}): ...{text[:400]}"
    return text


def shot(page, tmp_path: Path, name: str, shots: list) -> None:
    """Into tmp_path, or into $BACKSCHOOL_SCREENSHOTS when set (to keep them after the run)."""
    folder = Path(os.environ.get("BACKSCHOOL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"learner-app-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shots.append(path)


def lesson_loaded(page, title: str) -> None:
    page.get_by_role("heading", name=title, exact=True).wait_for(state="visible", timeout=120_000)
    page.locator("[data-bs-nav] a").first.wait_for(state="visible", timeout=60_000)


def test_learn_lands_on_the_code_free_home(learn):
    r = requests.get(f"{learn['url']}/", params={"token": learn["token"]}, allow_redirects=False, timeout=30)
    assert r.status_code == 302 and urlparse(r.headers["Location"]).path == "/backschool/", r.headers
    home = requests.get(f"{learn['url']}/backschool/", params={"token": learn["token"]}, timeout=30)
    assert home.status_code == 200 and PRIVACY["local"] in home.text
    assert "Lesson 1: Welcome and red flags" in home.text


def test_no_news_prompt_in_jupyterlab(learn, page, tmp_path):
    """JupyterLab stays available at /lab, without asking about Jupyter news."""
    page.goto(f"{learn['url']}/lab?token={learn['token']}&reset", timeout=90_000)
    page.locator("#jp-main-statusbar").wait_for(state="visible", timeout=90_000)
    page.wait_for_timeout(4000)  # the prompt comes a moment after the page is up
    page.screenshot(path=str(tmp_path / "lab-no-news.png"))
    assert "Jupyter news" not in page.locator("body").inner_text()


def test_alone_on_a_computer_journey(learn, page, tmp_path, course):
    url, token, shots = learn["url"], learn["token"], []
    spec = read_spec(ROOT / "quizzes" / QUIZ / f"{QUIZ}.ipynb")
    right, why = expected_quiz(QUIZ)
    assert set(right) == set(spec.items)
    lesson1, lesson2 = course.lessons[0], course.lessons[1]

    # Home -> lesson 1.
    page.goto(f"{url}/backschool/?token={token}")
    page.get_by_role("heading", name=course.title, exact=True).wait_for()
    assert PRIVACY["local"] in no_code(page, "home")
    shot(page, tmp_path, "01-home", shots)
    page.get_by_role("link", name=f"Lesson 1: {lesson1.title}", exact=True).click()
    lesson_loaded(page, f"Lesson 1: {lesson1.title}")
    page.get_by_text(PRIVACY["local"]).first.wait_for(timeout=120_000)  # the kernel's output, after the links
    assert PRIVACY["local"] in no_code(page, "lesson 1"), "lesson 1 does not say where answers stay"
    shot(page, tmp_path, "02-lesson1", shots)

    # Next -> lesson 2 -> home.
    page.get_by_role("link", name="Next: Lesson 2 →").first.click()
    lesson_loaded(page, f"Lesson 2: {lesson2.title}")
    no_code(page, "lesson 2")
    shot(page, tmp_path, "03-lesson2", shots)
    page.get_by_role("link", name="Course home").last.click()
    page.get_by_role("heading", name=course.title, exact=True).wait_for()
    home = no_code(page, "home after two lessons")
    assert "Lessons opened: 2 of" in home
    assert "Continue where you left off: Lesson 2" in home

    # Quiz 1: answer every question with clicks (one with the keyboard), the third one wrong.
    page.get_by_role("link", name=course.quizzes[QUIZ].title, exact=True).click()
    page.get_by_role("button", name="Hand in").wait_for(timeout=120_000)
    no_code(page, "quiz")
    wrong_item = spec.questions[2].item
    for n, q in enumerate(spec.questions):
        group = page.locator(f'fieldset[data-item="{q.item}"]')
        if q.item == wrong_item:
            pick = [o for o in q.options if o != right[q.item]][0]
            group.get_by_label(pick, exact=True).click()
        elif q.kind == "choose_all":
            for option in right[q.item]:
                group.get_by_label(option, exact=True).click()
        elif n == 3:  # keyboard only: focus the first option, arrow keys to the right one
            group.get_by_label(q.options[0], exact=True).focus()
            page.keyboard.press("Space")
            for _ in range(q.options.index(right[q.item])):
                page.keyboard.press("ArrowDown")
            assert group.get_by_label(right[q.item], exact=True).is_checked()
        else:
            group.get_by_label(right[q.item], exact=True).click()
        group.locator(".saved", has_text="Your answer is saved.").wait_for()
    words = "Losing control of your bladder is a red flag. Go to the emergency department now."
    written = spec.written[0]
    box = page.get_by_label("Write your answer here:")
    box.click()
    page.keyboard.type(words)
    page.locator(f'section[data-written="{written.grade_id}"] .saved', has_text="Your words are saved.").wait_for()
    shot(page, tmp_path, "04-quiz-answered", shots)

    # Hand in: graded on this computer at once, the exact score and each question's "why" shown.
    auto_max = sum(q.points for q in spec.questions)
    expected = auto_max - spec.question(wrong_item).points
    t0 = time.monotonic()
    page.get_by_role("button", name="Hand in").click()
    heading = page.locator("#result h2")
    heading.wait_for(timeout=180_000)
    graded_in = time.monotonic() - t0
    assert heading.inner_text() == f"Your score: {expected:g} out of {auto_max:g}"
    result = page.locator("#result").inner_text()
    for q in spec.questions:
        assert why[q.item] in result, f"no explanation for {q.item}"
    assert result.count("✘ Not quite") == 1 and result.count("✔ Right") == len(spec.questions) - 1
    assert words in result
    no_code(page, "quiz result")
    shot(page, tmp_path, "05-quiz-handed-in", shots)

    # Reload: every answer and the written words are still there.
    page.reload()
    page.get_by_role("button", name="Hand in").wait_for()
    for q in spec.questions:
        group = page.locator(f'fieldset[data-item="{q.item}"]')
        if q.item == wrong_item:
            assert group.get_by_label([o for o in q.options if o != right[q.item]][0], exact=True).is_checked()
        else:
            for option in ([right[q.item]] if q.kind == "choice" else right[q.item]):
                assert group.get_by_label(option, exact=True).is_checked(), f"{q.item}: {option} lost"
    assert page.get_by_label("Write your answer here:").input_value() == words
    assert "You handed this quiz in at" in no_code(page, "quiz reloaded")
    shot(page, tmp_path, "06-quiz-reloaded", shots)

    # A changed answer after the hand-in is saved, but the feedback stays about what was handed in.
    first_q = spec.questions[0]
    changed = next(o for o in first_q.options if o != right[first_q.item])
    group = page.locator(f'fieldset[data-item="{first_q.item}"]')
    group.get_by_label(changed, exact=True).click()
    group.locator(".saved", has_text="Your answer is saved.").wait_for()

    # Feedback, read from the home.
    page.get_by_role("link", name="Course home").first.click()
    home = no_code(page, "home after the hand-in")
    assert f"Score: {expected:g} out of {auto_max:g}" in home
    page.get_by_role("link", name="Read your feedback").first.click()
    page.get_by_role("heading", name=f"Your score: {expected:g} out of {auto_max:g}").wait_for()
    feedback = no_code(page, "feedback")
    assert why[wrong_item] in feedback
    assert f"Your answer: {right[first_q.item]}" in feedback and f"Your answer: {changed}" not in feedback
    shot(page, tmp_path, "07-feedback", shots)

    # What was graded is what the learner chose, as data, beside the quiz.
    saved = json.loads((learn["base"] / "learner" / QUIZ / "answers.json").read_text())
    assert saved["reflections"] == {written.grade_id: words}
    assert saved["answers"][wrong_item] != right[wrong_item] and saved["answers"][first_q.item] == changed
    print(f"graded in {graded_in:.1f}s; screenshots: " + ", ".join(str(s) for s in shots))


AXE = ROOT / ".node" / "node_modules" / "axe-core" / "axe.min.js"


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the page."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations"
                          ".filter(v => ['serious', 'critical'].includes(v.impact))"
                          ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    return found


def test_learner_pages_are_accessible_and_fit_a_phone(learn, page, tmp_path):
    """axe-core finds nothing serious on the home, a quiz and its feedback page; at 390 px wide none
    of them scrolls sideways; the Hand in button is reached with the keyboard alone."""
    assert AXE.exists(), "axe-core is missing: run scripts/install-system-deps.sh"
    url, token = learn["url"], learn["token"]
    pages = {"home": "/backschool/", "quiz": f"/backschool/quiz/{QUIZ}", "feedback": f"/backschool/feedback/{QUIZ}"}
    problems, too_wide = {}, {}
    page.goto(f"{url}/backschool/?token={token}")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        for name, path in pages.items():
            page.goto(f"{url}{path}", timeout=120_000)
            page.locator("h1").wait_for()
            if width == 390:
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                if wide > 390:
                    too_wide[name] = wide
                page.screenshot(path=str(tmp_path / f"phone-{name}.png"), full_page=True)
            else:
                problems[name] = axe_problems(page)
    assert not any(problems.values()), problems
    assert not too_wide, f"sideways scroll at 390 px: {too_wide}"
    page.goto(f"{url}/backschool/quiz/{QUIZ}")
    for _ in range(80):  # Tab through every option and the text box to the button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "hand-in":
            break
    assert page.evaluate("() => document.activeElement.id") == "hand-in", "Hand in not reachable with Tab"


def test_lesson_links_and_images_in_the_code_free_view(learn, page, course):
    """A lesson with a figure image: the image loads, back / next links top and bottom, and the
    lesson list in lesson 1 links to the code-free lessons."""
    url, token = learn["url"], learn["token"]
    with_image = next(i for i, lesson in enumerate(course.lessons)  # one with a lesson before and after it
                      if 0 < i < len(course.lessons) - 1 and "../assets/images/" in lesson.notebook.read_text())
    lesson = course.lessons[with_image]
    page.goto(f"{url}/voila/render/{lesson.notebook_path}?token={token}", timeout=120_000)
    lesson_loaded(page, f"Lesson {lesson.number}: {lesson.title}")
    images = page.locator("#rendered_cells .jp-MarkdownCell img")
    assert images.count() >= 1
    images.first.scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('#rendered_cells .jp-MarkdownCell img')].every(i => i.complete)")
    sizes = page.evaluate("() => [...document.querySelectorAll('#rendered_cells .jp-MarkdownCell img')]"
                          ".map(i => [i.outerHTML.slice(0, 200), i.naturalWidth, i.getBoundingClientRect().width])")
    assert all(natural > 0 and shown > 0 for _, natural, shown in sizes), f"an image did not load: {sizes}"
    prev, nxt = course.lessons[with_image - 1], course.lessons[with_image + 1]
    assert page.get_by_role("link", name=f"← Back: Lesson {prev.number}").count() == 2
    assert page.get_by_role("link", name=f"Next: Lesson {nxt.number} →").count() == 2
    no_code(page, f"lesson {lesson.number}")

    first = course.lessons[0]
    page.goto(f"{url}/voila/render/{first.notebook_path}", timeout=120_000)
    lesson_loaded(page, f"Lesson 1: {first.title}")
    hrefs = page.evaluate("() => [...document.querySelectorAll('#rendered_cells a')].map(a => a.href)"
                          ".filter(h => h.endsWith('.ipynb'))")
    wanted = {f"{url}/voila/render/{lesson.notebook_path}" for lesson in course.lessons[1:]}
    assert wanted <= set(hrefs), sorted(set(hrefs))
