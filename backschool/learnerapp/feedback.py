"""Read nbgrader's feedback page for one quiz as data: the score of each question and the "why".

The same reader serves both places the course runs: alone on a computer the page is the one the
hand-in just made (<course>/feedback/<learner>/<quiz>/<quiz>.html); on a hub it is the one the learner
fetched from the exchange (<quiz>/feedback/<time>/<quiz>.html). The learner never sees the page itself
(it shows the quiz's code); the course shows what is read here instead.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_TOC = re.compile(r'<li><a href="#([^"]+)">([^<]*)</a>\s*\(Score:\s*([\d.]+)\s*/\s*([\d.]+)\)</li>')
_TOTAL = re.compile(r"\(Score:\s*([\d.]+)\s*/\s*([\d.]+)\)</h4>")
_WHY = re.compile(r"Question (\w+): (right|not quite)\. ([^\n]*)")
_TAG = re.compile(r"<[^>]+>")
# Written answers still waiting for the instructor (put in by the instant-feedback service, instant.py).
WAITING_ID = "backschool-waiting"
WAITING_BLOCK = re.compile(r'<script type="application/json" id="' + WAITING_ID + r'">(.*?)</script>', re.S)


@dataclass(frozen=True)
class CellResult:
    grade_id: str
    kind: str  # "Test cell" (a question) or "Written response"
    score: float
    max_score: float


@dataclass
class QuizFeedback:
    score: float
    max_score: float
    cells: dict[str, CellResult] = field(default_factory=dict)
    why: dict[str, tuple[bool, str]] = field(default_factory=dict)
    waiting: tuple[str, ...] = ()  # written answers the instructor has not scored yet

    @property
    def questions(self) -> list[CellResult]:
        return [c for c in self.cells.values() if c.kind != "Written response"]

    @property
    def question_score(self) -> tuple[float, float]:
        return sum(c.score for c in self.questions), sum(c.max_score for c in self.questions)


def parse(page: str) -> QuizFeedback:
    total = _TOTAL.search(page)
    fb = QuizFeedback(float(total.group(1)), float(total.group(2))) if total else QuizFeedback(0.0, 0.0)
    for grade_id, kind, score, max_score in _TOC.findall(page):
        fb.cells[grade_id] = CellResult(grade_id, kind.strip(), float(score), float(max_score))
    block = WAITING_BLOCK.search(page)
    if block:
        fb.waiting = tuple(json.loads(block.group(1)))
    text = html.unescape(_TAG.sub("", WAITING_BLOCK.sub("", page)))
    for item, verdict, why in _WHY.findall(text):
        fb.why.setdefault(item, (verdict == "right", why.strip()))
    return fb


def read(page: Path) -> QuizFeedback | None:
    try:
        return parse(Path(page).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
