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
