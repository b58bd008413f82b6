"""Everything the course holds about one learner, as one web page they can open and keep.

The page is self-contained (no scripts, fonts or images from elsewhere), in large print, and
carries the same data as JSON inside it (``<script type="application/json" id="backschool-data">``)
so the patient can also take it to another service. It reads the stores; it changes nothing.
"""
from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from pathlib import Path

from ..answers import AnswersFileError, read_answers, read_reflections
from ..atomic import write_text
from ..manifest import load_course
from ..models import action_plan, diary
from ..palette import NEUTRAL
from ..quizspec import QuizSpecError, read_spec
from ..settings import data_dir
from .stores import ClinicError, Stores, check_id


def _grades(st: Stores, learner: str) -> dict[str, dict]:
    """quiz -> {score, max_score, items: {grade id: {score, max_score, comment}}} from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, dict] = {}
    if not st.lay.gradebook.exists():
        return out
    with Gradebook(st.lay.db_url, st.course_id) as gb:
        try:
            student = gb.find_student(learner)
        except MissingEntry:
            return out
        for sub in student.submissions:
            items = {}
            for snb in sub.notebooks:
                for g in snb.grades:
                    comment = next((c for c in snb.comments if c.name == g.name), None)
                    items[g.name] = {"score": g.score, "max_score": g.max_score,
                                     "needs_grading": bool(g.needs_manual_grade),
                                     "comment": (comment.comment if comment else None) or ""}
            out[sub.assignment.name] = {"score": sub.score, "max_score": sub.max_score, "items": items}
    return out


def _feedback_text(notebook: Path) -> dict[str, str]:
    """grade id -> what the grader said for that question (the graded cell's printed output)."""
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    said = {}
    for cell in nb.get("cells", []):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        texts = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                texts.append("".join(o.get("text", "")))
            elif o.get("output_type") == "error":
                texts.append(o.get("evalue", ""))
        if gid and texts:
            said[gid] = " ".join(t.strip() for t in texts if t.strip())
    return said


def _quiz_folder(st: Stores, learner: str, quiz: str) -> Path | None:
    """The handed-in copy if there is one, else the learner's own copy in their home."""
    for folder in (st.lay.submitted_dir(learner, quiz), st.home(learner) / st.course_id / quiz):
        if (folder / "answers.json").exists():
            return folder
    return None


def collect(st: Stores, learner: str) -> dict:
    """The learner's data as plain JSON-ready values."""
    check_id(learner)
    course = load_course()
    grades = _grades(st, learner)
    quizzes = {}
    for quiz, q in course.quizzes.items():
        folder = _quiz_folder(st, learner, quiz)
        if folder is None and quiz not in grades:
            continue
        try:
            answers = read_answers(folder) if folder else {}
        except AnswersFileError:
            answers = {}
        try:
            spec = read_spec(q.notebook, quiz)
            questions = {x.item: x.text for x in spec.questions}
            prompts = {w.grade_id: w.prompt for w in spec.written}
        except (OSError, QuizSpecError, ValueError):
            questions, prompts = {}, {}
        said = _feedback_text(st.lay.autograded_dir(learner, quiz) / f"{quiz}.ipynb")
        quizzes[quiz] = {
            "title": q.title,
            "answers": [{"question": questions.get(k, k), "answer": v, "feedback": said.get(k, "")}
                        for k, v in sorted(answers.items())],
            "reflections": [{"question": prompts.get(k, k), "answer": v}
                            for k, v in sorted((read_reflections(folder) if folder else {}).items())],
            "grades": grades.get(quiz),
        }
    data = data_dir(st.home(learner))
    try:
        plan = action_plan.load(data)
    except action_plan.PlanFileError:
        plan = None
    try:
        entries = diary.read_entries(data / "diary.csv")
    except diary.DiaryError:
        entries = []
    exercise = data / "exercise-plan.html"
    found = {
        "learner": learner, "course": course.title,
        "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quizzes": quizzes,
        "diary": [{"date": e.day.isoformat(), "pain": e.pain, "minutes": e.minutes} for e in entries],
        "action_plan": plan.to_dict() if plan else None,
        "action_plan_sentences": [g.sentence() for g in plan.goals] if plan else [],
        "exercise_plan_html": _body(exercise.read_text(encoding="utf-8")) if exercise.exists() else None,
    }
    if not quizzes and not entries and not plan and not exercise.exists():
        raise ClinicError(f"The course holds nothing about {learner!r} (no hand-ins, grades, diary or plan).")
    return found


def _body(page: str) -> str:
    m = re.search(r"<body[^>]*>(.*)</body>", page, re.S | re.I)
    return m.group(1) if m else html.escape(page)


def _answer(v) -> str:
    return "; ".join(map(str, v)) if isinstance(v, list) else str(v)


def to_html(d: dict) -> str:
    """One page, large print, plain words."""
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Your data from {e(d['course'])}</title>",
        "<style>body{font-family:DejaVu Sans,Arial,sans-serif;font-size:1.25rem;line-height:1.5;"
        f"max-width:42em;margin:auto;padding:1em;color:{NEUTRAL['text']};overflow-wrap:break-word}}"
        "table{border-collapse:collapse;width:100%}"
        f"td,th{{border:1px solid {NEUTRAL['rule']};padding:.2em .5em;text-align:left}}h2{{margin-top:1.6em}}</style>",
        "</head><body>",
        f"<h1>Your data from {e(d['course'])}</h1>",
        f"<p>This page holds everything the course keeps about you (your name on the course: "
        f"<strong>{e(d['learner'])}</strong>). It was made on {e(d['made'][:10])}. Keep it safe: it is about your health.</p>",
        "<h2>Your quizzes</h2>",
    ]
    if not d["quizzes"]:
        parts.append("<p>You have not handed in a quiz.</p>")
    for quiz, q in d["quizzes"].items():
        g = q["grades"]
        score = f" (score {g['score']:g} of {g['max_score']:g})" if g else " (not marked yet)"
        parts.append(f"<h3>{e(q['title'])}{e(score)}</h3>")
        if q["answers"]:
            parts.append("<table><thead><tr><th scope='col'>Question</th><th scope='col'>Your answer</th>"
                         "<th scope='col'>What the course said</th></tr></thead><tbody>")
            parts += [f"<tr><td>{e(a['question'])}</td><td>{e(_answer(a['answer']))}</td><td>{e(a['feedback'])}</td></tr>"
                      for a in q["answers"]]
            parts.append("</tbody></table>")
        for r in q["reflections"]:
            parts.append(f"<p><strong>{e(r['question'])}</strong><br>You wrote: {e(r['answer'])}</p>")
        for gid, item in (g or {}).get("items", {}).items():
            if item["comment"]:
                parts.append(f"<p>Your instructor wrote about {e(gid)}: {e(item['comment'])}</p>")
    parts.append("<h2>Your pain diary</h2>")
    if d["diary"]:
        parts.append("<table><thead><tr><th scope='col'>Date</th><th scope='col'>Pain (0 to 10)</th>"
                     "<th scope='col'>Minutes active</th></tr></thead><tbody>")
        parts += [f"<tr><td>{e(r['date'])}</td><td>{r['pain']}</td><td>{r['minutes']}</td></tr>" for r in d["diary"]]
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No diary entries.</p>")
    parts.append("<h2>Your action plan</h2>")
    if d["action_plan"]:
        ap = d["action_plan"]
        parts += [f"<p>{e(s)}</p>" for s in d["action_plan_sentences"]]
        if ap.get("helpers"):
            parts.append(f"<p>Who can help: {e(', '.join(ap['helpers']))}</p>")
        if ap.get("bad_day"):
            parts.append(f"<p>On a bad day: {e(ap['bad_day'])}</p>")
    else:
        parts.append("<p>No action plan.</p>")
    parts.append("<h2>Your exercise plan</h2>")
    parts.append(f"<div>{d['exercise_plan_html']}</div>" if d["exercise_plan_html"] else "<p>No exercise plan.</p>")
    data = json.dumps(d, ensure_ascii=False, indent=1).replace("</", "<\\/")
    parts += [f"<script type='application/json' id='backschool-data'>{data}</script>", "</body></html>"]
    return "\n".join(parts)


def export_learner(st: Stores, learner: str, out: Path) -> Path:
    """Write the learner's page to ``out`` (owner-only: it holds health data)."""
    if out.exists() and out.is_dir():
        out = out / f"backschool-{learner}.html"
    page = to_html(collect(st, learner))
    write_text(out, page)
    return out
