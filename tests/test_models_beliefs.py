"""The beliefs measure is scored from saved answers, apart from knowledge (no kernel)."""
import pytest

from backschool.models import beliefs
from backschool.sources import bibliography


def test_table_is_four_statements_on_a_five_point_scale_with_its_source():
    assert list(beliefs.items()) == ["b01", "b02", "b03", "b04"]
    assert len(beliefs.scale()) == 5
    assert "[symonds-1995-bbq]" in beliefs.source() and "symonds-1995-bbq" in bibliography()


def test_disagreeing_with_an_unhelpful_belief_scores_higher():
    scale = beliefs.scale()
    assert [beliefs.item_score(a) for a in scale] == [1, 2, 3, 4, 5]
    all_agree = beliefs.score({i: scale[0] for i in beliefs.items()})
    all_disagree = beliefs.score({i: scale[-1] for i in beliefs.items()})
    assert (all_agree.total, all_agree.max_total) == (4, 20)
    assert (all_disagree.total, all_disagree.max_total) == (20, 20)


def test_only_answers_on_the_scale_count():
    scale = beliefs.scale()
    s = beliefs.score({"b01": scale[3], "b02": "Yes", "b03": ["I agree"], "k01": scale[4]})
    assert (s.total, s.max_total, s.answered) == (4, 5, 1)
    assert beliefs.score({}) is None
    assert beliefs.score({"k02": scale[0]}) is None


def test_summary_reports_before_and_after_apart_from_right_answers():
    scale = beliefs.scale()
    before = beliefs.score({i: scale[1] for i in beliefs.items()})
    after = beliefs.score({"b01": scale[4], "b02": scale[3]})
    text = beliefs.summary(before, after)
    assert "Before the course: 8 out of 20." in text
    assert "After the course: 9 out of 10 (2 of 4 answered)." in text
    assert "not more right answers" in text
    assert beliefs.summary(None, None) == ""


@pytest.mark.parametrize("item", ["b01", "b02", "b03", "b04"])
def test_question_quotes_the_statement(item):
    assert beliefs.items()[item] in beliefs.question(item)


def test_learner_progress_shows_beliefs_before_and_after_apart_from_knowledge(tmp_path, course):
    from backschool.answers import save_answer
    from backschool.progress import learner

    scale = beliefs.scale()
    for quiz, answer in (("precheck", scale[1]), ("postcheck", scale[4])):
        folder = tmp_path / course.course_id / quiz
        folder.mkdir(parents=True)
        save_answer("k01", "Go to the emergency department now", folder)
        for item in beliefs.items():
            save_answer(item, answer, folder)
    found = learner.find(tmp_path)
    assert found["answered"]["precheck"] == (1, 10), "beliefs are not counted as knowledge questions"
    text = learner.summary(found)
    assert "Before the course: 8 out of 20. After the course: 20 out of 20." in text


def test_result_page_does_not_mark_a_belief_wrong(course, tmp_path):
    from types import SimpleNamespace

    from backschool.answers import save_answer
    from backschool.learnerapp import pages
    from backschool.learnerapp.feedback import QuizFeedback
    from backschool.quizspec import read_spec

    pre = course.quiz(course.knowledge_checks["pre"])
    spec = read_spec(pre.notebook, pre.id)
    save_answer("b01", beliefs.scale()[3], tmp_path)
    lc = SimpleNamespace(graded_folder=lambda quiz: tmp_path, mode="local")
    page = pages.result(lc, spec, QuizFeedback(0.0, 12.0), None)
    belief = page[page.index(beliefs.question("b01").replace('"', "&quot;")):]
    belief = belief[:belief.index("</li>")]
    assert "I disagree" in belief and "no right answer" in belief and "Not quite" not in belief
    assert page.count("Not quite") == len(pre.items), "each unanswered knowledge item is still marked"


def test_an_unknown_belief_item_is_refused_when_the_quiz_is_read():
    from backschool.quizspec import QuizSpecError, from_cells

    cell = {"cell_type": "code", "source": 'agree("b99")',
            "metadata": {"nbgrader": {"grade": False, "grade_id": "b99-ask", "locked": True}}}
    with pytest.raises(QuizSpecError, match="agree"):
        from_cells("precheck", [cell])
    good = dict(cell, source='agree("b02")')
    (q,) = from_cells("precheck", [good]).questions
    assert (q.item, q.kind, q.options, q.points) == ("b02", "choice", beliefs.scale(), 0.0)
