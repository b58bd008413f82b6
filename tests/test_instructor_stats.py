"""Fast checks of the progress statistics and the learner's progress block (no kernels)."""
from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from backschool.manifest import load_course
from backschool.progress import learner, stats


def _rows(marks: dict[str, dict[str, int]], quiz="quiz01"):
    return [{"learner": lr, "quiz": quiz, "item": it, "score": float(v), "max_score": 1.0}
            for lr, items in marks.items() for it, v in items.items()]


def test_item_stats_small_example():
    # 4 learners: k = round(0.27*4) = 1 -> upper = a (3 right), lower = d (0 right)
    marks = {"a": {"q1": 1, "q2": 1, "q3": 1}, "b": {"q1": 1, "q2": 1, "q3": 0},
             "c": {"q1": 1, "q2": 0, "q3": 0}, "d": {"q1": 0, "q2": 0, "q3": 0}}
    s = stats.item_stats(_rows(marks), "quiz01")
    assert s["q1"] == {"n": 4, "difficulty": 0.75, "discrimination": 1.0}
    assert s["q3"]["difficulty"] == 0.25 and s["q3"]["discrimination"] == 1.0


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=10_000))
def test_discrimination_bounds_and_difficulty(n, seed):
    rng = random.Random(seed)
    marks = {f"l{i:02d}": {f"q{j}": rng.randint(0, 1) for j in range(5)} for i in range(n)}
    s = stats.item_stats(_rows(marks), "quiz01")
    for item, v in s.items():
        assert -1.0 <= v["discrimination"] <= 1.0
        assert v["difficulty"] == sum(m[item] for m in marks.values()) / n


def test_topic_mastery_lessons_and_gain():
    course = load_course()
    items = [it.id for it in course.quiz("quiz01").items]
    rows = _rows({"ana": {it: 1 for it in items}, "bo": {it: 0 for it in items}})
    mastery = stats.topic_mastery(rows, course)
    assert set(mastery["ana"].values()) == {1.0} and set(mastery["bo"].values()) == {0.0}
    assert stats.lessons_done(rows, course)["ana"] == ["welcome"]
    pre, post = course.knowledge_checks["pre"], course.knowledge_checks["post"]
    gain_rows = (_rows({"ana": {"k1": 1, "k2": 0}}, pre) + _rows({"ana": {"k1": 1, "k2": 1}}, post))
    g = stats.knowledge_gain(gain_rows, course)["ana"]
    assert g == {"pre": 50.0, "post": 100.0, "gain": 50.0, "normalized_gain": 1.0}


def test_progress_block_round_trip(tmp_path):
    page = "<html><body><p>feedback</p></body></html>"
    data = {"quizzes": {"quiz01": {"score": 4.0, "max_score": 6.0}}, "topics": {"red-flags": 0.5},
            "lessons_done": ["welcome"], "note": "</script>"}
    once = learner.embed(page, data)
    twice = learner.embed(once, data)
    assert twice.count("backschool-progress") == 1 and learner.read_block(twice) == json.loads(json.dumps(data))
    fb = tmp_path / "course" / "quiz01" / "feedback" / "2026-01-01" / "quiz01.html"
    fb.parent.mkdir(parents=True)
    fb.write_text(twice)
    found = learner.find(tmp_path)
    assert found["latest"]["quizzes"]["quiz01"]["score"] == 4.0
    assert "4 of 6 right" in learner.summary(found)
    assert learner.topic_figure(found) is not None
