"""Instant feedback on the real hub (on by default): two learners answer quiz 1 differently in a
browser and hand in; each sees their exact score and the why within 60 s, with the written answer
"waiting for your instructor". The grades come from the course's one pipeline (its ledger has them).

Same hub as test_hub.py (deploy/jupyterhub_config.py on 127.0.0.1, real Unix users), with the
instant-feedback service running as the grader user.
"""
from __future__ import annotations

import os
import pwd
import time
from pathlib import Path

import pytest

from backschool.testing import browser as chromium
from backschool.testing.hubtools import COURSE, ROOT, open_clinic
from test_hub import _formgrader, _shown_text, hub_test, right_answers

QUIZ = "quiz01"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    with open_clinic(tmp_path_factory, BACKSCHOOL_INSTANT_FEEDBACK="1", BACKSCHOOL_INSTANT_EVERY="3") as c:
        yield c


@hub_test
def test_each_learner_sees_their_score_within_60_s(clinic, tmp_path):
    import playwright.sync_api as playwright_api

    from backschool.instructor import ledger
    from backschool.instructor.paths import layout
    from backschool.quizspec import read_spec

    hub, names = clinic["hub"], clinic["names"]
    assert "instant-feedback" in hub.api("GET", "/services").json()
    source = ROOT / "quizzes" / QUIZ / f"{QUIZ}.ipynb"
    right, auto_points, _ = right_answers(source)
    spec = read_spec(source)
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/assign")
    _formgrader(clinic, "POST", f"assignment/{QUIZ}/release")
    folder = Path(os.environ.get("BACKSCHOOL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    wrong = {"learner1": 0, "learner2": 2}  # ann answers all right, bob gets two wrong

    def answer(page, who):
        for n, q in enumerate(spec.questions):
            group = page.locator(f'fieldset[data-item="{q.item}"]')
            good = right[q.item] if isinstance(right[q.item], list) else [right[q.item]]
            wanted = good if n >= wrong[who] else [o for o in q.options if o not in good][:1]
            for option in wanted:
                group.get_by_label(option, exact=True).click()
            group.locator(".saved", has_text="Your answer is saved.").wait_for()
        page.get_by_label("Write your answer here:").click()
        page.keyboard.type(f"{who}: loss of bladder control means go to the emergency department now.")
        page.locator("section[data-written] .saved", has_text="Your words are saved.").wait_for()

    with playwright_api.sync_playwright() as p:
        sessions = {}
        for who in ("learner1", "learner2"):
            context, page = chromium.hub_login(p, hub, names[who], tmp_path / f"{who}-profile")
            page.wait_for_url(f"**/user/{names[who]}/backschool/", timeout=120_000)
            page.get_by_role("link", name=spec_title(QUIZ), exact=True).click()
            page.get_by_role("button", name="Hand in").wait_for(timeout=120_000)
            answer(page, who)
            sessions[who] = (context, page)
        clicked = {}
        for who, (_, page) in sessions.items():
            page.get_by_role("button", name="Hand in").click()
            clicked[who] = time.monotonic()
        seen = {}
        for who, (context, page) in sessions.items():
            left = 60 - (time.monotonic() - clicked[who])
            score = page.locator("#feedback-later h2")
            try:
                score.wait_for(timeout=max(1, left) * 1000)
            except playwright_api.Error:
                home = Path(pwd.getpwnam(names[who]).pw_dir) / COURSE
                found = sorted(str(f.relative_to(home)) for f in home.rglob("*") if "feedback" in str(f))
                state = (home / ".backschool-state.json").read_text()
                raise AssertionError(f"{who}: no score shown in 60 s; files {found}; state {state}; "
                                     f"page: {page.locator('#result').inner_text()[:500]}") from None
            seen[who] = (score.inner_text(), round(time.monotonic() - clicked[who], 1))
            assert seen[who][1] <= 60, seen
            expected = auto_points - wrong[who]
            assert seen[who][0] == f"Your score: {expected:g} out of {auto_points:g}", seen
            text = _shown_text(page, f"{who} instant feedback")
            assert "Waiting for your instructor." in text
            assert text.count("✘ Not quite") == wrong[who]
            page.screenshot(path=str(folder / f"hub-instant-{who}.png"), full_page=True)
            assert not chromium.off_host(context.asked), chromium.off_host(context.asked)
            context.close()
    book = ledger.read(layout(clinic["course_dir"], clinic["exchange"]), QUIZ)
    assert {book[names[w]]["auto_score"] for w in wrong} == {auto_points - n for n in wrong.values()}, book
    print(f"scores seen (text, seconds after Hand in): {seen}")


def spec_title(quiz: str) -> str:
    from backschool.manifest import load_course

    return load_course().quiz(quiz).title
