"""The class panels of the instructor report: each is a table (list of dict rows, also written as CSV) and a static go.Figure."""
from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from ..manifest import Course
from ..plotting import style
from . import stats


@dataclass
class Panel:
    name: str  # file stem for the CSV
    title: str
    rows: list[dict]
    figure: go.Figure
    summary: str


def _styled(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    try:
        return style(fig, title=title, x_title=x, y_title=y)
    except TypeError:
        fig.update_layout(title=title, xaxis_title=x, yaxis_title=y)
        return fig


def quiz_score_panel(rows: list[dict], course: Course) -> Panel:
    scores = stats.quiz_scores(rows)
    quizzes = [q for q in course.quiz_order if any(k[1] == q for k in scores)]
    learners = sorted({lr for lr, _ in scores})
    table = [{"learner": lr, "quiz": q, "score": scores[(lr, q)][0], "max_score": scores[(lr, q)][1],
              "percent": round(stats.percent(*scores[(lr, q)]), 1)}
             for lr in learners for q in quizzes if (lr, q) in scores]
    z = [[stats.percent(*scores[(lr, q)]) if (lr, q) in scores else None for q in quizzes] for lr in learners]
    fig = go.Figure(go.Heatmap(z=z, x=quizzes, y=learners, zmin=0, zmax=100, colorscale="Blues",
                               colorbar={"title": "% right"}))
    fig = _styled(fig, "Score per learner and quiz (%)", "Quiz", "Learner")
    mean = sum(r["percent"] for r in table) / len(table) if table else 0
    return Panel("quiz-scores", "Scores per quiz", table, fig,
                 f"{len(learners)} learners, {len(quizzes)} quiz(zes); mean score {mean:.0f} %.")


def topic_panel(rows: list[dict], course: Course) -> Panel:
    mastery = stats.topic_mastery(rows, course)
    topics = [t for t in course.topics if any(t in m for m in mastery.values())]
    learners = sorted(mastery)
    table = [{"learner": lr, "topic": t, "mastery": round(mastery[lr][t], 4)}
             for lr in learners for t in topics if t in mastery[lr]]
    z = [[100 * mastery[lr][t] if t in mastery[lr] else None for t in topics] for lr in learners]
    fig = go.Figure(go.Heatmap(z=z, x=[course.topics[t] for t in topics], y=learners, zmin=0, zmax=100,
                               colorscale="Greens", colorbar={"title": "% mastery"}))
    fig = _styled(fig, "Mastery per topic (% of points)", "Topic", "Learner")
    weakest = min(topics, key=lambda t: sum(mastery[lr].get(t, 0) for lr in learners)) if topics else None
    return Panel("topic-mastery", "Mastery per topic", table, fig,
                 f"Weakest topic for the class: {course.topics[weakest]}." if weakest else "No topics graded yet.")


def item_panel(rows: list[dict], course: Course) -> Panel:
    table = []
    for quiz in course.quiz_order:
        for item, s in stats.item_stats(rows, quiz).items():
            table.append({"quiz": quiz, "item": item, "n": s["n"], "difficulty": round(s["difficulty"], 4),
                          "discrimination": round(s["discrimination"], 4)})
    fig = go.Figure(go.Scatter(
        x=[r["difficulty"] for r in table], y=[r["discrimination"] for r in table], mode="markers+text",
        text=[f"{r['quiz']}/{r['item']}" for r in table], textposition="top center"))
    fig.add_hline(y=0.2, line_dash="dot")
    fig = _styled(fig, "Questions: share right (difficulty) and discrimination", "Share right", "Upper − lower 27 %")
    weak = [f"{r['quiz']}/{r['item']}" for r in table if r["discrimination"] < 0.2]
    return Panel("item-statistics", "Question statistics", table, fig,
                 f"{len(table)} questions; discrimination below 0.2: {', '.join(weak) or 'none'}.")


def gain_panel(rows: list[dict], course: Course) -> Panel:
    gain = stats.knowledge_gain(rows, course)
    table = [{"learner": lr, **{k: round(v, 4) for k, v in g.items()}} for lr, g in gain.items()]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[r["pre"] for r in table], y=[r["learner"] for r in table], mode="markers", name="Before"))
    fig.add_trace(go.Scatter(x=[r["post"] for r in table], y=[r["learner"] for r in table], mode="markers", name="After"))
    fig = _styled(fig, "Knowledge check before and after the course (%)", "% right", "Learner")
    if table:
        mean = sum(r["gain"] for r in table) / len(table)
        text = f"{len(table)} learners did both checks; mean gain {mean:+.0f} points."
    else:
        text = "No learner has done both the pre- and the post-course check yet."
    return Panel("knowledge-gain", "Knowledge gain", table, fig, text)


def lessons_panel(rows: list[dict], course: Course) -> Panel:
    done = stats.lessons_done(rows, course)
    table = [{"learner": lr, "lessons_done": len(ls), "lessons": " ".join(ls)} for lr, ls in done.items()]
    counts = [sum(1 for ls in done.values() if lesson.id in ls) for lesson in course.lessons]
    fig = go.Figure(go.Bar(x=[lesson.title for lesson in course.lessons], y=counts))
    fig = _styled(fig, "Learners who finished each lesson's quiz", "Lesson", "Learners")
    return Panel("lessons-done", "Lessons done", table, fig,
                 f"{len(done)} learners; " + ", ".join(f"{lesson.id}: {c}" for lesson, c in zip(course.lessons, counts) if c))


def class_panels(rows: list[dict], course: Course) -> list[Panel]:
    return [quiz_score_panel(rows, course), topic_panel(rows, course), item_panel(rows, course),
            gain_panel(rows, course), lessons_panel(rows, course)]
