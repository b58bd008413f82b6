"""The pre- and post-course checks are parallel forms: matched items that are not the same questions.

Read as data (no kernel). Each post item tests what its pre item tests (same topic and objective in
course.yml) with a new question and new options, and nothing the pre-check's feedback says gives away a
post-check answer. The one shared text allowed is the red-flag table's own wording.
"""
import ast

import nbformat

from backschool.models import beliefs, redflags
from backschool.quizspec import read_spec
from backschool.testing import quizkey

TABLE_WORDS = {t.lower() for t in redflags.all_texts()}


def _feedback(quiz) -> dict[str, tuple]:
    return {item: ((key.right,) if isinstance(key.right, str) else tuple(key.right), key.why)
            for item, key in quizkey.items(quiz.notebook).items()}


def _pair(course):
    pre, post = (course.quiz(course.knowledge_checks[k]) for k in ("pre", "post"))
    return pre, post


def test_items_are_matched_by_topic_and_objective(course):
    pre, post = _pair(course)
    assert [(i.id, i.topic, i.objective) for i in pre.items] == [(i.id, i.topic, i.objective) for i in post.items]


def test_no_post_item_repeats_its_pre_item(course):
    pre, post = _pair(course)
    a, b = read_spec(pre.notebook, pre.id), read_spec(post.notebook, post.id)
    for item in (i.id for i in pre.items):
        qa, qb = a.question(item), b.question(item)
        assert qa.text != qb.text, item
        shared = {o.lower() for o in qa.options} & {o.lower() for o in qb.options}
        assert shared <= TABLE_WORDS, f"{item}: the same options in both forms: {shared - TABLE_WORDS}"


def test_pre_check_feedback_does_not_give_away_post_answers(course):
    pre, post = _pair(course)
    pre_why, post_keys = _feedback(pre), _feedback(post)
    assert set(pre_why) == set(post_keys)
    for item, (right, _) in post_keys.items():
        for answer in right:
            if answer.lower() in TABLE_WORDS:
                continue
            leaks = [k for k, (_, why) in pre_why.items() if answer.lower() in why.lower()]
            assert not leaks, f"post {item}'s answer {answer!r} is in the pre-check feedback of {leaks}"


def test_beliefs_are_asked_the_same_way_before_and_after(course):
    """A repeated measure, unlike the knowledge items: same statements, same scale, from the one table."""
    pre, post = _pair(course)
    assert [i.id for i in pre.beliefs] == [i.id for i in post.beliefs] == list(beliefs.items())
    a, b = read_spec(pre.notebook, pre.id), read_spec(post.notebook, post.id)
    for item in beliefs.items():
        qa, qb = a.question(item), b.question(item)
        assert qa == qb, item
        assert qa.kind == "choice" and qa.text == beliefs.question(item) and qa.options == beliefs.scale()
        assert qa.points == 0, f"{item}: a belief is not right or wrong, so nbgrader must not score it"
