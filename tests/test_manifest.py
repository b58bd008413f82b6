"""The manifest is the one list of lessons and quizzes: everything it names exists, nothing else does."""
import nbformat

from backschool.manifest import repo_root

ROOT = repo_root()


def test_every_lesson_and_quiz_in_the_manifest_exists(course):
    for lesson in course.lessons:
        assert lesson.notebook.is_file(), f"{lesson.id}: {lesson.notebook_path} is missing"
        assert lesson.quiz in course.quizzes, f"{lesson.id}: quiz {lesson.quiz} is not declared"
    for quiz in course.quizzes.values():
        assert quiz.notebook.is_file(), f"{quiz.id}: {quiz.notebook} is missing"


def test_no_lesson_or_quiz_outside_the_manifest(course):
    declared = {lesson.notebook.resolve() for lesson in course.lessons}
    on_disk = {p.resolve() for p in (ROOT / "lessons").glob("*.ipynb")}
    assert on_disk == declared
    quiz_dirs = {p.name for p in (ROOT / "quizzes").iterdir() if p.is_dir()}
    assert quiz_dirs == set(course.quizzes)


def test_each_quiz_item_is_tagged_and_each_objective_is_tested(course):
    for quiz in course.quizzes.values():
        nb = nbformat.read(str(quiz.notebook), as_version=4)
        graded = {
            c.metadata["nbgrader"]["grade_id"]: c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        }
        auto = {gid for gid, c in graded.items() if c.cell_type == "code"}
        assert auto == {item.id for item in quiz.items}, f"{quiz.id}: notebook items differ from course.yml"
        assert len(auto) >= 5, f"{quiz.id}: needs at least 5 auto-graded items"
        manual = [c for c in graded.values() if c.cell_type == "markdown"]
        assert len(manual) == 1, f"{quiz.id}: needs one manually graded reflection"
        assert manual[0].metadata["nbgrader"]["points"] == quiz.reflection_points
        if quiz.lesson:
            lesson = course.lesson(quiz.lesson)
            tested = {item.objective for item in quiz.items}
            assert tested <= set(lesson.objectives), f"{quiz.id}: unknown objectives {tested - set(lesson.objectives)}"
            assert set(lesson.objectives) <= tested, f"{quiz.id}: untested objectives {set(lesson.objectives) - tested}"


def test_pre_and_post_checks_ask_the_same_items(course):
    pre, post = (course.quiz(course.knowledge_checks[k]) for k in ("pre", "post"))
    assert [i.id for i in pre.items] == [i.id for i in post.items]
    assert [i.topic for i in pre.items] == [i.topic for i in post.items]


def test_every_question_in_a_quiz_is_tagged(course):
    """Each question a learner sees is a graded item or an ungraded belief statement in course.yml."""
    from backschool.quizspec import read_spec

    for quiz in course.quizzes.values():
        asked = read_spec(quiz.notebook, quiz.id).items
        tagged = [i.id for i in quiz.items] + [i.id for i in quiz.beliefs]
        assert sorted(asked) == sorted(tagged), f"{quiz.id}: questions differ from course.yml"
