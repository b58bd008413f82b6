"""Pure functions over graded rows.

A row is one learner's result on one autograded question::

    {"learner": "ana", "quiz": "quiz01", "item": "q01", "score": 1.0, "max_score": 1.0}

A question counts as *correct* when it earned full marks.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..manifest import Course

UPPER_LOWER_SHARE = 0.27  # Kelley's upper and lower 27 % groups


def correct(row: dict) -> bool:
    return row["max_score"] > 0 and row["score"] is not None and row["score"] >= row["max_score"]


def quiz_scores(rows: Iterable[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    """(learner, quiz) -> (score, max)."""
    out: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        acc = out[(r["learner"], r["quiz"])]
        acc[0] += r["score"] or 0.0
        acc[1] += r["max_score"]
    return {k: (v[0], v[1]) for k, v in out.items()}


def percent(score: float, maximum: float) -> float:
    return 100.0 * score / maximum if maximum else 0.0


def topic_mastery(rows: Iterable[dict], course: Course) -> dict[str, dict[str, float]]:
    """learner -> topic -> share of that topic's points earned (0..1), over every graded quiz."""
    topic_of = {(q.id, it.id): it.topic for q in course.quizzes.values() for it in q.items}
    acc: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for r in rows:
        topic = topic_of.get((r["quiz"], r["item"]))
        if topic is None:
            continue
        a = acc[r["learner"]][topic]
        a[0] += r["score"] or 0.0
        a[1] += r["max_score"]
    return {lr: {t: (s / m if m else 0.0) for t, (s, m) in sorted(ts.items())} for lr, ts in sorted(acc.items())}


def lessons_done(rows: Iterable[dict], course: Course) -> dict[str, list[str]]:
    """learner -> ids of the lessons whose quiz has been handed in and graded, in course order."""
    quizzes_by_learner: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        quizzes_by_learner[r["learner"]].add(r["quiz"])
    return {lr: [ls.id for ls in course.lessons if ls.quiz in qs] for lr, qs in sorted(quizzes_by_learner.items())}


def knowledge_gain(rows: Iterable[dict], course: Course) -> dict[str, dict[str, float]]:
    """learner -> pre %, post %, gain (points of %), normalised gain (post-pre)/(100-pre).

    Only learners who did both the pre- and the post-course check.
    """
    pre_q, post_q = course.knowledge_checks.get("pre"), course.knowledge_checks.get("post")
    scores = quiz_scores(rows)
    out = {}
    learners = sorted({lr for lr, _ in scores})
    for lr in learners:
        if (lr, pre_q) in scores and (lr, post_q) in scores:
            pre = percent(*scores[(lr, pre_q)])
            post = percent(*scores[(lr, post_q)])
            norm = (post - pre) / (100.0 - pre) if pre < 100.0 else 0.0
            out[lr] = {"pre": pre, "post": post, "gain": post - pre, "normalized_gain": norm}
    return out


def upper_lower_groups(totals: dict[str, float]) -> tuple[list[str], list[str]]:
    """Top and bottom 27 % of learners by total score (ties broken by learner id), at least one each."""
    ranked = sorted(totals, key=lambda lr: (-totals[lr], lr))
    k = max(1, round(UPPER_LOWER_SHARE * len(ranked)))
    return ranked[:k], ranked[-k:]


def item_stats(rows: Iterable[dict], quiz: str) -> dict[str, dict[str, float]]:
    """item -> n, difficulty (share correct) and discrimination (share correct upper - lower group)."""
    rows = [r for r in rows if r["quiz"] == quiz]
    totals: dict[str, float] = defaultdict(float)
    by_item: dict[str, dict[str, bool]] = defaultdict(dict)
    for r in rows:
        totals[r["learner"]] += r["score"] or 0.0
        by_item[r["item"]][r["learner"]] = correct(r)
    if not totals:
        return {}
    upper, lower = upper_lower_groups(dict(totals))
    out = {}
    for item in sorted(by_item):
        marks = by_item[item]
        p = sum(marks.values()) / len(marks)
        pu = sum(marks.get(lr, False) for lr in upper) / len(upper)
        pl = sum(marks.get(lr, False) for lr in lower) / len(lower)
        out[item] = {"n": len(marks), "difficulty": p, "discrimination": pu - pl}
    return out
