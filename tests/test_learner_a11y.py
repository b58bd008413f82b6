"""Every learner page in a real browser (Debian's headless Chromium via Playwright, `./course learn` on
loopback): axe-core finds nothing serious or critical, nothing scrolls sideways on a phone or a tablet or
at 200 % zoom, controls are big enough to tap, the keyboard alone is enough, and no page logs an error.

Pages: the course home, every lesson in manifest order (widgets rendered), quiz 1 and its feedback
after a hand-in. The diary and plan are widgets inside lessons, so they are audited with those lessons.
"""
from __future__ import annotations

import pytest

from backschool.manifest import load_course
from test_learner_app import AXE, learn, page  # noqa: F401  (fixtures: `./course learn` and a chromium page)

pytestmark = pytest.mark.slow

COURSE = load_course()
QUIZ = "quiz01"
KEY_QUIZ = "quiz02"
WIDGET = ".jupyter-widgets"
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "zoom200": (640, 500)}  # 200 % of a 1280 x 1000 window
TAP_PX = 44


def pages() -> dict[str, str]:
    found = {"home": "/backschool/"}
    for lesson in COURSE.lessons:
        found[f"lesson{lesson.number}"] = f"/voila/render/{lesson.notebook_path}"
    found["quiz"] = f"/backschool/quiz/{QUIZ}"
    found["feedback"] = f"/backschool/feedback/{QUIZ}"
    return found


# A lesson that draws figures fetches plotly.js in its head and draws them once its controls are up:
# wait for its figure views, and for each one with a figure to show to be drawn.
DRAWN = """() => !document.querySelector('link[data-bs-plotly]') || (document.querySelector('.bs-figure') &&
  [...document.querySelectorAll('.bs-figure')].every((f) => f.style.display === 'none' || f.querySelector('.main-svg')))"""


def open_page(page, url: str, name: str) -> None:
    page.goto(url, timeout=120_000)
    page.locator("h1").first.wait_for(timeout=120_000)
    if name.startswith("lesson"):
        page.locator(WIDGET).first.wait_for(state="visible", timeout=120_000)
        page.locator("[data-bs-nav] a").first.wait_for(state="visible", timeout=60_000)
        page.wait_for_function(DRAWN, timeout=60_000)
        page.wait_for_timeout(500)  # the last outputs of the kernel arrive a moment after the first widget


def hand_in(page) -> None:
    """Hand in the quiz open in the page (answered or not), so that its feedback page has a score."""
    page.locator("#hand-in").click()
    page.locator("#result h2").wait_for(timeout=180_000)


HEADINGS_AND_FIGURES = """() => {
  const out = [], levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getBoundingClientRect().height > 0).map(h => [+h.tagName[1], h.textContent.trim().slice(0, 40)]);
  if (!levels.length || levels[0][0] !== 1) out.push('the page does not start with one h1: ' + JSON.stringify(levels[0]));
  for (let i = 1; i < levels.length; i++)
    if (levels[i][0] > levels[i - 1][0] + 1) out.push('heading skips a level: ' + JSON.stringify(levels[i - 1]) + ' -> ' + JSON.stringify(levels[i]));
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.closest('.widget-vbox'), words = box && box.querySelector('p[role=status]');
    if (!words || !words.textContent.trim()) out.push('a figure without its sentence in words: ' + (plot.querySelector('.gtitle') || {}).textContent);
  }
  return out;
}"""

AXE_RUN = ("async () => (await axe.run(document)).violations"
           ".filter(v => ['serious', 'critical'].includes(v.impact))"
           ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))")


def test_every_learner_page_has_no_serious_axe_violation_and_no_console_error(learn, page):  # noqa: F811
    url, token = learn["url"], learn["token"]
    # Errors while a page is open count; those logged while it is being left (its kernel going away
    # under a widget still drawing) are printed, since the learner no longer sees that page.
    errors: list[tuple[str, str]] = []
    phase = ["start"]
    page.on("console", lambda m: errors.append((phase[0], m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append((phase[0], str(e))))
    page.goto(f"{url}/backschool/?token={token}")
    counts, problems = {}, {}
    for name, path in pages().items():
        if name == "feedback":
            hand_in(page)
        phase[0] = "leaving"
        open_page(page, f"{url}{path}", name)
        phase[0] = name
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(AXE_RUN)
        counts[name] = len(found)
        found += page.evaluate(HEADINGS_AND_FIGURES)
        if found:
            problems[name] = found
    print("axe-core serious/critical violations per page: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    assert len(counts) == len(COURSE.lessons) + 3
    assert not problems, problems
    left = [text for where, text in errors if where == "leaving"]
    if left:
        print(f"{len(left)} console error(s) while leaving a page: {left}")
    shown = [f"{where}: {text}" for where, text in errors if where != "leaving"]
    assert not shown, "console errors:\n" + "\n".join(shown)


FIT = """(tap) => {
  const w = window.innerWidth, out = [];
  if (document.scrollingElement.scrollWidth > w) out.push('page scrolls sideways: ' + document.scrollingElement.scrollWidth + ' > ' + w);
  const seen = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('.js-plotly-plot'); };
  const name = (e) => (e.id ? '#' + e.id : e.tagName.toLowerCase() + '.' + [...e.classList].join('.')) + ' "' +
                      (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
  const controls = [...document.querySelectorAll('input, select, textarea, button')].filter(seen);
  for (const e of controls) {
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > w + 1) out.push('does not fit: ' + name(e) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const taps = [...document.querySelectorAll('button, select, .jupyter-widgets input[type=text], ' +
                 '.jupyter-widgets input[type=number], main label, .widget-checkbox, .widget-toggle-button')].filter(seen);
  for (const e of taps) {
    const h = e.getBoundingClientRect().height;
    if (h < tap - 0.5) out.push('shorter than ' + tap + ' px: ' + name(e) + ' ' + h.toFixed(1));
  }
  const boxes = controls.map(e => [e, e.getBoundingClientRect()]);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, ra] = boxes[i], [b, rb] = boxes[j];
    if (a.contains(b) || b.contains(a)) continue;
    const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (x > 2 && y > 2) out.push('overlap: ' + name(a) + ' / ' + name(b));
  }
  for (const t of document.querySelectorAll('.js-plotly-plot')) {
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1) out.push('figure wider than the page: ' + Math.round(r.right));
  }
  for (const t of document.querySelectorAll('.js-plotly-plot .gtitle')) {
    const r = t.getBoundingClientRect();
    if (r.width > 0 && (r.left < -1 || r.right > w + 1)) out.push('figure title cut off: ' + t.textContent.slice(0, 40));
  }
  for (const f of document.querySelectorAll('.js-plotly-plot')) {  // every word of a figure is inside it
    const box = f.getBoundingClientRect();
    for (const t of f.querySelectorAll('.main-svg text')) {
      const r = t.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1))
        out.push('figure text cut off: ' + t.textContent.slice(0, 40));
    }
  }
  return out;
}"""


@pytest.mark.parametrize("size", list(SIZES))
def test_every_learner_page_fits_phone_tablet_and_200_percent_zoom(learn, page, size, tmp_path):  # noqa: F811
    url, token = learn["url"], learn["token"]
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{url}/backschool/?token={token}")
    bad = {}
    for name, path in pages().items():
        if name == "feedback":
            hand_in(page)
        open_page(page, f"{url}{path}", name)
        found = page.evaluate(FIT, TAP_PX)
        if found:
            bad[name] = found
            page.screenshot(path=str(tmp_path / f"{size}-{name}.png"), full_page=True)
    assert not bad, f"at {width}x{height}: {bad}"


FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), type: e.type || '', id: e.id, name: e.name || '',
          item: (e.closest('fieldset') || {dataset: {}}).dataset.item || null,
          checkbox: e.matches('.widget-checkbox input[type=checkbox]'),
          visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'}; }"""


def tab_to(page, test: str, limit: int = 300, key: str = "Tab") -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = page.evaluate(FOCUSED)
        if now and page.evaluate(f"() => {test}"):
            return now
    raise AssertionError(f"{key} never reached {test}")


def test_keyboard_alone_ticks_the_red_flag_check_and_hands_in_a_quiz(learn, page):  # noqa: F811
    url, token = learn["url"], learn["token"]
    lesson = COURSE.lessons[0]
    page.goto(f"{url}/backschool/?token={token}")
    open_page(page, f"{url}/voila/render/{lesson.notebook_path}", "lesson1")
    live = page.locator(".bs-live")
    assert live.get_attribute("aria-live") == "polite", "the red-flag advice is not a live region"
    before = live.inner_text()
    page.locator("body").focus()
    box = "document.activeElement.matches('.widget-checkbox input[type=checkbox]')"
    first = tab_to(page, box)
    assert first["visible"], f"no visible focus on the first red-flag box: {first}"
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"() => {box} && document.activeElement === document.querySelector('.widget-checkbox input')"), \
        "Shift+Tab did not come back to the first box"
    page.keyboard.press("Space")
    page.wait_for_function("(b) => document.querySelector('.bs-live').innerText !== b", arg=before, timeout=20_000)
    assert page.locator(".widget-checkbox input").first.is_checked()
    assert live.get_attribute("aria-live") == "polite" and live.inner_text() != before

    page.goto(f"{url}/backschool/quiz/{KEY_QUIZ}")
    page.locator("#hand-in").wait_for()
    page.locator("body").focus()
    answered, moved, typed = set(), False, False
    for _ in range(300):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        assert now["visible"], f"no visible focus on {now}"
        if now["item"] and now["item"] not in answered:
            if now["type"] == "radio" and not moved:
                page.keyboard.press("ArrowDown")  # arrows move within the choices and choose
                moved = True
            else:
                page.keyboard.press("Space")
            answered.add(now["item"])
        elif now["tag"] == "textarea" and not typed:
            page.keyboard.type("I would keep moving and go back to my doctor if it got worse.")
            typed = True
        elif now["id"] == "hand-in":
            break
    else:
        raise AssertionError("Tab never reached Hand in")
    groups = page.locator("fieldset[data-item]")
    assert len(answered) == groups.count(), f"answered {sorted(answered)} of {groups.count()} questions"
    for i in range(groups.count()):
        assert groups.nth(i).locator("input:checked").count() >= 1
        groups.nth(i).locator(".saved", has_text="saved").wait_for()
    page.keyboard.press("Enter")
    page.locator("#result h2").wait_for(timeout=180_000)
    assert page.locator("#result h2").inner_text().startswith("Your score:")
