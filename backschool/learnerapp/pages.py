"""The learner's pages as plain HTML: course home, quiz, feedback, and the links on every lesson.

No code, no notebook chrome and nothing from outside the server: every page is built here from the
manifest (course.yml), the quiz read as data (quizspec) and the learner's own saved answers.
"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from html import escape
from pathlib import Path

import mistune

from ..answers import AnswersFileError, read_answers, read_reflections
from ..manifest import Course, Lesson
from ..palette import NEUTRAL, OKABE_ITO
from ..quizspec import QuizSpec
from .course import LearnerCourse, QuizStatus
from .feedback import QuizFeedback
from .mode import privacy_statement

CSS = f"""
body {{ font-family: system-ui, sans-serif; font-size: 1.15rem; line-height: 1.5; margin: 0; color: {NEUTRAL['text']}; background: {NEUTRAL['white']}; }}
main {{ max-width: 46rem; margin: 0 auto; padding: 1rem; }}
a {{ color: {OKABE_ITO['blue']}; }}
a:focus, button:focus, input:focus, textarea:focus {{ outline: 3px solid {OKABE_ITO['orange']}; outline-offset: 2px; }}
.bs-nav {{ display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .5rem 0 1rem; font-size: 1.1rem; }}
.privacy {{ border-left: 4px solid {OKABE_ITO['sky_blue']}; padding: .3rem .8rem; background: {NEUTRAL['sky_tint']}; }}
ol.course > li {{ margin: .6rem 0; }}
.state {{ color: {NEUTRAL['text_soft']}; font-size: 1rem; }}
fieldset {{ border: 1px solid {NEUTRAL['border']}; border-radius: .4rem; margin: 1rem 0; padding: .6rem 1rem; }}
legend {{ font-weight: bold; padding: 0 .3rem; }}
label {{ display: flex; align-items: center; min-height: 44px; margin: .1rem 0; cursor: pointer; }}
input[type=radio], input[type=checkbox] {{ flex: none; width: 1.2rem; height: 1.2rem; margin-right: .5rem; vertical-align: middle; }}
textarea {{ width: 100%; box-sizing: border-box; font: inherit; min-height: 7rem; }}
button {{ font: inherit; min-height: 44px; padding: .5rem 1.4rem; border-radius: .4rem; border: 2px solid {OKABE_ITO['blue']};
          background: {OKABE_ITO['blue']}; color: {NEUTRAL['white']}; cursor: pointer; }}
button[disabled] {{ opacity: .6; }}
.saved {{ color: {OKABE_ITO['blue']}; font-size: 1rem; min-height: 1.2em; margin: .2rem 0; }}
.right {{ color: {NEUTRAL['blue_text']}; font-weight: bold; }}
.wrong {{ color: {NEUTRAL['vermillion_text']}; font-weight: bold; }}
.result li {{ margin: .8rem 0; }}
"""


def when_text(iso: str | None) -> str:
    """'20:14 on 1 December 2026' in this server's local time."""
    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return f"{t:%H:%M} on {t.day} {t:%B %Y}"


def page(title: str, body: str, base: str, *, xsrf: str = "", script: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)}</title><link rel=\"icon\" href=\"data:,\"><style>{CSS}</style></head>"
        f"<body data-base=\"{escape(base)}\" data-xsrf=\"{escape(xsrf)}\"><main>{body}</main>"
        f"{'<script>' + script + '</script>' if script else ''}</body></html>"
    )


# ---------------------------------------------------------------- links
def home_url(base: str) -> str:
    return f"{base}backschool/"


def lesson_url(base: str, lesson: Lesson) -> str:
    return f"{base}voila/render/{lesson.notebook_path}"


def quiz_url(base: str, quiz: str) -> str:
    return f"{base}backschool/quiz/{quiz}"


def feedback_url(base: str, quiz: str) -> str:
    return f"{base}backschool/feedback/{quiz}"


def lesson_by_stem(course: Course, stem: str) -> Lesson | None:
    return next((lesson for lesson in course.lessons if Path(lesson.notebook_path).stem == stem), None)


@lru_cache(maxsize=8)
def _lesson_with(call: str, paths: tuple[str, ...]) -> int | None:
    """Index of the first lesson whose notebook calls ``call`` (e.g. the pain diary)."""
    for i, path in enumerate(paths):
        try:
            if call in Path(path).read_text(encoding="utf-8"):
                return i
        except OSError:
            continue
    return None


def own_work_links(course: Course, base: str) -> list[tuple[str, str]]:
    paths = tuple(str(lesson.notebook) for lesson in course.lessons)
    links = []
    for label, call in (("My pain diary", "bs.pain_diary()"), ("My action plan", "bs.action_plan()")):
        i = _lesson_with(call, paths)
        if i is not None:
            lesson = course.lessons[i]
            links.append((f"{label} (in lesson {lesson.number})", lesson_url(base, lesson)))
    return links


def nav(course: Course, base: str, stem: str) -> str:
    """Back, home, quiz and next links for the lesson whose notebook is ``stem``."""
    lesson = lesson_by_stem(course, stem)
    parts = []
    if lesson is not None:
        i = course.lessons.index(lesson)
        if i > 0:
            prev = course.lessons[i - 1]
            parts.append(f'<a href="{lesson_url(base, prev)}" rel="prev">← Back: Lesson {prev.number}</a>')
    parts.append(f'<a href="{home_url(base)}">Course home</a>')
    if lesson is not None:
        if lesson.quiz in course.quizzes:
            parts.append(f'<a href="{quiz_url(base, lesson.quiz)}">Take the quiz for this lesson</a>')
        if i + 1 < len(course.lessons):
            nxt = course.lessons[i + 1]
            parts.append(f'<a href="{lesson_url(base, nxt)}" rel="next">Next: Lesson {nxt.number} →</a>')
    return "\n".join(parts)


# ---------------------------------------------------------------- home
def _quiz_line(base: str, st: QuizStatus) -> str:
    extra = ""
    if st.feedback is not None:
        extra = f' · <a href="{feedback_url(base, st.quiz)}">Read your feedback</a>'
    return (f'<a href="{quiz_url(base, st.quiz)}">{escape(st.title)}</a> '
            f'<span class="state">({escape(st.label)}){extra}</span>')


def home(lc: LearnerCourse, base: str) -> str:
    course, data = lc.course, lc.state()
    opened = data["opened"]
    pre, post = course.knowledge_checks.get("pre"), course.knowledge_checks.get("post")
    items = []
    if pre in course.quizzes:
        items.append(f"<li>{_quiz_line(base, lc.status(pre))}</li>")
    for lesson in course.lessons:
        seen = "Opened" if lesson.id in opened else "Not opened yet"
        quiz = f"<br>{_quiz_line(base, lc.status(lesson.quiz))}" if lesson.quiz in course.quizzes else ""
        items.append(f'<li><a href="{lesson_url(base, lesson)}">Lesson {lesson.number}: {escape(lesson.title)}</a> '
                     f'<span class="state">({seen})</span>{quiz}</li>')
    if post in course.quizzes:
        items.append(f"<li>{_quiz_line(base, lc.status(post))}</li>")
    last = data.get("last") or {}
    if last.get("kind") == "lesson" and any(lesson.id == last.get("id") for lesson in course.lessons):
        lesson = course.lesson(last["id"])
        cont = (f'<a href="{lesson_url(base, lesson)}">Continue where you left off: '
                f'Lesson {lesson.number}: {escape(lesson.title)}</a>')
    elif last.get("kind") == "quiz" and last.get("id") in course.quizzes:
        cont = (f'<a href="{quiz_url(base, last["id"])}">Continue where you left off: '
                f'{escape(course.quizzes[last["id"]].title)}</a>')
    else:
        first = quiz_url(base, pre) if pre in course.quizzes else lesson_url(base, course.lessons[0])
        cont = f'<a href="{first}">Start the course</a>'
    handed = len(data["handed_in"])
    own = "".join(f'<li><a href="{url}">{escape(label)}</a></li>' for label, url in own_work_links(course, base))
    body = (
        f"<h1>{escape(course.title)}</h1>"
        f'<p class="privacy" role="note">{escape(privacy_statement(lc.mode))}</p>'
        f"<p><strong>{cont}</strong></p>"
        f"<h2>Your course</h2>"
        f"<p>Lessons opened: {sum(1 for lesson in course.lessons if lesson.id in opened)} of {len(course.lessons)}. "
        f"Quizzes handed in: {handed} of {len(course.quiz_order)}.</p>"
        f'<ol class="course">{"".join(items)}</ol>'
        + (f"<h2>Your own work</h2><ul>{own}</ul>" if own else "")
    )
    return page(course.title, body, base)


# ---------------------------------------------------------------- quiz
def _question(q, number: int, saved) -> str:
    kind = "radio" if q.kind == "choice" else "checkbox"
    chosen = set(saved) if isinstance(saved, list) else {saved}
    hint = "" if q.kind == "choice" else " (Tick all that apply.)"
    options = "".join(
        f'<label><input type="{kind}" name="{escape(q.item)}" value="{escape(o)}"'
        f'{" checked" if o in chosen else ""}> {escape(o)}</label>' for o in q.options)
    status = "Your answer is saved." if saved not in (None, "", []) else ""
    return (f'<fieldset data-item="{escape(q.item)}" data-kind="{q.kind}"><legend>{number}. {escape(q.text)}{hint}</legend>'
            f'{options}<p class="saved" aria-live="polite">{status}</p></fieldset>')


def _written(w, text: str) -> str:
    prompt = mistune.html(w.prompt)
    return (f'<section data-written="{escape(w.grade_id)}">{prompt}'
            f'<label for="w-{escape(w.grade_id)}">Write your answer here:</label>'
            f'<textarea id="w-{escape(w.grade_id)}" name="{escape(w.grade_id)}">{escape(text)}</textarea>'
            f'<p class="saved" aria-live="polite">{"Your words are saved." if text else ""}</p></section>')


QUIZ_JS = """
const base = document.body.dataset.base, xsrf = document.body.dataset.xsrf;
const quiz = document.querySelector('form[data-quiz]').dataset.quiz;
async function post(what, data) {
  const r = await fetch(base + 'backschool/api/' + what + '/' + quiz, {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-XSRFToken': xsrf}, body: JSON.stringify(data)});
  if (!r.ok) throw new Error('The server said ' + r.status);
  return r.json();
}
function say(el, text) { el.querySelector('.saved').textContent = text; }
document.querySelectorAll('fieldset[data-item]').forEach(fs => fs.addEventListener('change', async () => {
  const boxes = [...fs.querySelectorAll('input')];
  const value = fs.dataset.kind === 'choice' ? (boxes.find(b => b.checked) || {}).value
                                             : boxes.filter(b => b.checked).map(b => b.value);
  try { await post('answer', {item: fs.dataset.item, value: value}); say(fs, 'Your answer is saved.'); }
  catch (e) { say(fs, 'Not saved: ' + e.message + '. Please try again.'); }
}));
const pending = new Map();
async function saveWords(sec) {
  clearTimeout(pending.get(sec)); pending.delete(sec);
  try { await post('answer', {written: sec.dataset.written, text: sec.querySelector('textarea').value});
        say(sec, 'Your words are saved.'); }
  catch (e) { say(sec, 'Not saved: ' + e.message + '. Please try again.'); }
}
document.querySelectorAll('section[data-written]').forEach(sec => {
  const area = sec.querySelector('textarea');
  area.addEventListener('input', () => { clearTimeout(pending.get(sec)); say(sec, '');
                                        pending.set(sec, setTimeout(() => saveWords(sec), 600)); });
  area.addEventListener('change', () => saveWords(sec));
});
const button = document.getElementById('hand-in'), result = document.getElementById('result');
async function waitForFeedback(started) {
  const r = await fetch(base + 'backschool/api/feedback/' + quiz, {credentials: 'same-origin',
                                                                     headers: {'X-XSRFToken': xsrf}});
  const out = r.ok ? await r.json() : {};
  const later = document.getElementById('feedback-later');
  if (out.html && later) { later.innerHTML = out.html; return; }
  if (Date.now() - started < 180000) setTimeout(() => waitForFeedback(started), 4000);
}
button.addEventListener('click', async () => {
  button.disabled = true;
  result.innerHTML = '<p>Handing in your quiz. Please wait a moment.</p>';
  try {
    for (const sec of document.querySelectorAll('section[data-written]')) await saveWords(sec);
    const out = await post('handin', {});
    result.innerHTML = out.html;
    if (out.wait_for_feedback) waitForFeedback(Date.now());
  } catch (e) {
    result.innerHTML = '<p>Your quiz could not be handed in (' + e.message + '). Your answers are saved. Please try again.</p>';
  }
  button.disabled = false;
  const head = result.querySelector('h2'); if (head) { head.tabIndex = -1; head.focus(); }
});
"""


def quiz(lc: LearnerCourse, spec: QuizSpec, base: str, xsrf: str) -> str:
    course = lc.course
    q = course.quiz(spec.quiz)
    saved, words = lc.answers(spec.quiz), lc.reflections(spec.quiz)
    links = [f'<a href="{home_url(base)}">Course home</a>']
    if q.lesson:
        lesson = course.lesson(q.lesson)
        links.insert(0, f'<a href="{lesson_url(base, lesson)}">← Back to Lesson {lesson.number}</a>')
    top = f'<nav class="bs-nav" aria-label="Quiz navigation">{"".join(links)}</nav>'
    questions = "".join(_question(question, n, saved.get(question.item))
                        for n, question in enumerate(spec.questions, start=1))
    written = "".join(_written(w, words.get(w.grade_id, "")) for w in spec.written)
    st = lc.status(spec.quiz)
    before = ""
    if st.handed_in:
        before = (f"<p>You handed this quiz in at {escape(when_text(st.handed_in))}. "
                  "If you hand it in again, your new answers replace the old ones.</p>")
        if st.feedback is not None:
            before += f'<p><a href="{feedback_url(base, spec.quiz)}">Read your feedback</a></p>'
    body = (
        f"{top}<h1>{escape(q.title)}</h1>"
        "<p>Click an answer. It is saved at once. You can change it until you hand in the quiz.</p>"
        f'<p class="privacy" role="note">{escape(privacy_statement(lc.mode))}</p>'
        f'<form data-quiz="{escape(spec.quiz)}" onsubmit="return false">{questions}{written}</form>'
        f'{before}<p><button type="button" id="hand-in">Hand in</button></p>'
        f'<div id="result" aria-live="polite"></div>{top}'
    )
    return page(q.title, body, base, xsrf=xsrf, script=QUIZ_JS)


# ---------------------------------------------------------------- results
def _shown(value) -> str:
    if value in (None, "", []):
        return "no answer"
    return "; ".join(value) if isinstance(value, list) else str(value)


def result(lc: LearnerCourse, spec: QuizSpec, fb: QuizFeedback, handed_in: str | None) -> str:
    """The score and, for each question, right or not and why."""
    folder = lc.graded_folder(spec.quiz)
    try:
        saved = read_answers(folder)
    except AnswersFileError:
        saved = {}
    words = read_reflections(folder)
    got, of = fb.question_score
    rows = []
    for q in spec.questions:
        if not q.points:  # a belief statement (backschool.models.beliefs): no right answer, no score
            rows.append(f"<li><p><b>{escape(q.text)}</b></p><p>Your answer: {escape(_shown(saved.get(q.item)))}</p>"
                        "<p>This asks what you think. It has no right answer and is not part of your score.</p></li>")
            continue
        cell = fb.cells.get(q.item)
        ok = cell is not None and cell.max_score > 0 and cell.score >= cell.max_score
        verdict = '<span class="right">✔ Right</span>' if ok else '<span class="wrong">✘ Not quite</span>'
        why = fb.why.get(q.item, (ok, ""))[1]
        rows.append(f"<li><p><b>{escape(q.text)}</b></p><p>Your answer: {escape(_shown(saved.get(q.item)))}</p>"
                    f"<p>{verdict}. {escape(why)}</p></li>")
    written = []
    for w in spec.written:
        cell = fb.cells.get(w.grade_id)
        if lc.mode == "local":
            note = "Nobody scores this on this computer. It is kept with your quiz."
        elif w.grade_id in fb.waiting:
            note = "Waiting for your instructor."
        elif cell is not None and cell.score > 0:
            note = f"Your instructor gave you {cell.score:g} out of {cell.max_score:g}."
        elif cell is not None:
            note = f"Your instructor has not given points for this yet (0 out of {cell.max_score:g} so far)."
        else:
            note = "Waiting for your instructor."
        written.append(f"<li><p><b>Your own words</b></p><p>{escape(words.get(w.grade_id, '') or 'nothing written')}</p>"
                       f"<p>{escape(note)}</p></li>")
    total = ""
    if lc.mode == "hub":
        total = f"<p>Total with your own words: {fb.score:g} out of {fb.max_score:g}.</p>"
    when = f"<p>Handed in at {escape(when_text(handed_in))}.</p>" if handed_in else ""
    return (f'<section class="result"><h2>Your score: {got:g} out of {of:g}</h2>{when}{total}'
            f'<ol>{"".join(rows)}{"".join(written)}</ol></section>')


def submitted(handed_in: str, instant: bool) -> str:
    later = ("Your score will show here in about a minute." if instant else
             "Your score will show on the course home when your instructor sends your feedback.")
    return (f"<section><h2>Handed in at {escape(when_text(handed_in))}</h2>"
            "<p>Your instructor will see your answers and what you wrote. If you hand in again, "
            f"your new answers replace these. {later}</p></section><div id=\"feedback-later\"></div>")


def feedback_page(lc: LearnerCourse, spec: QuizSpec, fb: QuizFeedback | None, base: str) -> str:
    q = lc.course.quiz(spec.quiz)
    top = (f'<nav class="bs-nav" aria-label="Feedback navigation"><a href="{home_url(base)}">Course home</a>'
           f'<a href="{quiz_url(base, spec.quiz)}">Back to the quiz</a></nav>')
    inner = (result(lc, spec, fb, lc.state()["handed_in"].get(spec.quiz)) if fb is not None
             else "<p>There is no feedback for this quiz yet.</p>")
    return page(f"Feedback: {q.title}", f"{top}<h1>Feedback: {escape(q.title)}</h1>{inner}", base)


def message(title: str, text: str, base: str) -> str:
    return page(title, f'<nav class="bs-nav"><a href="{home_url(base)}">Course home</a></nav>'
                       f"<h1>{escape(title)}</h1><p>{escape(text)}</p>", base)


def as_json(data: dict) -> str:
    return json.dumps(data)
