"""Notebooks in git are valid, carry no outputs, and keep only the metadata the course uses."""
import nbformat
import pytest

from backschool.manifest import load_course

COURSE = load_course()
NOTEBOOKS = [lesson.notebook for lesson in COURSE.lessons] + [q.notebook for q in COURSE.quizzes.values()]
ALLOWED_NB_META = {"kernelspec", "language_info"}
ALLOWED_CELL_META = {"jupyter", "tags", "nbgrader"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_clean(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert set(nb.metadata) <= ALLOWED_NB_META, f"extra notebook metadata: {set(nb.metadata) - ALLOWED_NB_META}"
    for cell in nb.cells:
        assert set(cell.metadata) <= ALLOWED_CELL_META, f"cell {cell.id}: extra metadata {set(cell.metadata)}"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has outputs"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda lesson: lesson.id)
def test_lesson_code_cells_are_one_hidden_call(lesson):
    nb = nbformat.read(str(lesson.notebook), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and code[0].source == "import backschool.widgets as bs"
    for cell in code:
        assert len(cell.source.strip().splitlines()) == 1, f"cell {cell.id} is more than one line"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"cell {cell.id} shows its code"
    assert len(code) >= 2, "a lesson needs at least one interactive element"
