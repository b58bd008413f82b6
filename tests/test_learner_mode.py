"""The run mode picks the one privacy statement every learner page shows (no kernel, no browser)."""
from backschool.learnerapp import mode
from backschool.widgets import privacy_statement


def test_mode_from_env_and_hub(monkeypatch):
    monkeypatch.delenv("BACKSCHOOL_MODE", raising=False)
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    assert mode.mode() == "local"
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "x")  # a server started by JupyterHub
    assert mode.mode() == "hub"
    monkeypatch.setenv("BACKSCHOOL_MODE", "local")
    assert mode.mode() == "local"


def test_lesson_statement_follows_the_mode(monkeypatch):
    monkeypatch.setenv("BACKSCHOOL_MODE", "local")
    assert privacy_statement().data == "Your answers stay on this computer. Nothing is sent to anyone else."
    monkeypatch.setenv("BACKSCHOOL_MODE", "hub")
    shown = privacy_statement().data
    assert shown == mode.PRIVACY["hub"] and "instructor" in shown and "this computer" not in shown


def test_lesson_1_takes_its_statement_from_the_mode(course):
    import nbformat

    nb = nbformat.read(str(course.lessons[0].notebook), as_version=4)
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "bs.privacy_statement()" in [c.source for c in nb.cells if c.cell_type == "code"]
    for text in mode.PRIVACY.values():
        assert text not in prose, "a second copy of the privacy statement in the lesson"


def test_diary_and_plan_statement_follows_the_mode(monkeypatch):
    from backschool.widgets import saved_work_statement

    monkeypatch.setenv("BACKSCHOOL_MODE", "local")
    assert "this computer" in saved_work_statement().data
    monkeypatch.setenv("BACKSCHOOL_MODE", "hub")
    shown = saved_work_statement().data
    assert shown == mode.SAVED_WORK["hub"] and "clinic's server" in shown and "this computer" not in shown


def test_no_notebook_says_where_answers_are_kept_in_its_own_words(course):
    """Lessons take the mode's statement; quizzes and the progress page make no claim false on a hub."""
    import nbformat

    for lesson in course.lessons:
        nb = nbformat.read(str(lesson.notebook), as_version=4)
        prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert "this computer" not in prose, f"{lesson.id}: a privacy claim that is false on a hub"
        if any(call in " ".join(code) for call in ("bs.pain_diary()", "bs.action_plan()")):
            assert "bs.saved_work_statement()" in code, f"{lesson.id}: diary or plan without the mode's statement"
    from backschool.manifest import repo_root

    notebooks = [course.quiz(q).notebook for q in course.quiz_order] + [repo_root() / "progress" / "my-progress.ipynb"]
    for path in notebooks:
        text = " ".join(c.source for c in nbformat.read(str(path), as_version=4).cells)
        assert "Assignments" not in text, f"{path.name}: learners hand in on the quiz page, not a JupyterLab tab"
        assert "On this computer" not in text and "Only on this computer" not in text, path.name
