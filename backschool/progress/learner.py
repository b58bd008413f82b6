"""The learner's own progress, from what is on their own server only:

- ``answers.json`` beside each quiz notebook (questions answered so far), and
- feedback pages fetched from the teacher (``<quiz>/feedback/<time>/<quiz>.html``); the instructor's
  feedback step embeds the learner's own scores in them as a JSON block (``embed`` below).
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import plotly.graph_objects as go

from ..answers import AnswersFileError, read_answers
from ..manifest import load_course
from ..models import beliefs
from ..plotting import style

BLOCK_ID = "backschool-progress"
_BLOCK = re.compile(r'<script type="application/json" id="' + BLOCK_ID + r'">(.*?)</script>', re.S)


def embed(html_text: str, progress: dict) -> str:
    """Put (or replace) the learner's progress block in a feedback page."""
    payload = json.dumps(progress, sort_keys=True).replace("</", "<\\/")
    block = f'<script type="application/json" id="{BLOCK_ID}">{payload}</script>'
    html_text = _BLOCK.sub("", html_text)
    end = html_text.rfind("</body>")
    return html_text[:end] + block + "\n" + html_text[end:] if end >= 0 else html_text + block


def read_block(html_text: str) -> dict | None:
    m = _BLOCK.search(html_text)
    return json.loads(m.group(1).replace("<\\/", "</")) if m else None


def _quiz_folders(home: Path, quiz_ids: set[str], depth: int = 4):
    """Folders named like a quiz under home, skipping hidden folders and feedback copies."""
    import os

    base = len(home.parts)
    for dirpath, dirnames, _files in os.walk(home):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("feedback", "node_modules")
                       and len(here.parts) - base < depth]
        if here.name in quiz_ids:
            yield here


def find(home: Path | None = None) -> dict:
    """{'answered': {quiz: (answered, items)}, 'latest': newest progress block or None}."""
    home = Path(home or Path.home())
    course = load_course()
    answered, latest, latest_time, views = {}, None, -1.0, {}
    for folder in _quiz_folders(home, set(course.quizzes)):
        quiz_id, quiz = folder.name, course.quizzes[folder.name]
        try:
            saved = read_answers(folder)
        except AnswersFileError:
            saved = {}
        n = sum(1 for it in quiz.items if saved.get(it.id) not in (None, "", []))
        answered[quiz_id] = max(n, answered.get(quiz_id, (0, 0))[0]), len(quiz.items)
        view = beliefs.score(saved) if quiz.beliefs else None
        if view is not None:
            views[quiz_id] = view
        for page in folder.glob("feedback/*/*.html"):
            block = read_block(page.read_text(encoding="utf-8", errors="replace"))
            if block and page.stat().st_mtime > latest_time:
                latest, latest_time = block, page.stat().st_mtime
    return {"answered": answered, "latest": latest, "beliefs": views}


def summary(data: dict) -> str:
    course = load_course()
    lines = []
    for quiz_id in course.quiz_order:
        if quiz_id in data["answered"]:
            a, n = data["answered"][quiz_id]
            lines.append(f"{course.quizzes[quiz_id].title}: {a} of {n} questions answered.")
    latest = data.get("latest")
    if latest:
        for quiz_id, s in latest.get("quizzes", {}).items():
            lines.append(f"{course.quizzes[quiz_id].title if quiz_id in course.quizzes else quiz_id}: "
                         f"{s['score']:g} of {s['max_score']:g} right.")
        lines.append(f"Lessons done: {len(latest.get('lessons_done', []))} of {len(course.lessons)}.")
    views = data.get("beliefs") or {}
    checks = course.knowledge_checks
    said = beliefs.summary(views.get(checks.get("pre")), views.get(checks.get("post")))
    if said:
        lines.append(said)
    if not lines:
        lines.append("No quiz answers yet. Open a quiz and click your answers; they are saved at once.")
    return "\n".join(lines)


def topic_figure(data: dict) -> go.Figure | None:
    latest = data.get("latest")
    if not latest or not latest.get("topics"):
        return None
    course = load_course()
    topics = list(latest["topics"])
    fig = go.Figure(go.Bar(x=[100 * latest["topics"][t] for t in topics],
                           y=[course.topics.get(t, t) for t in topics], orientation="h"))
    return style(fig, "Your results per topic (% right)", "% right", "Topic")


def as_html(data: dict) -> str:
    return "<br>".join(html.escape(line) for line in summary(data).splitlines())
