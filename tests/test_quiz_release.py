"""nbgrader generates a release of every quiz in the manifest, and no release leaks an answer."""
from __future__ import annotations

import re
import shutil

import nbformat
import pytest
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from backschool.manifest import load_course

COURSE = load_course()
pytestmark = pytest.mark.slow
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = COURSE.course_id
    config.Exchange.root = str(root / "exchange")
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    for quiz in COURSE.quizzes.values():
        shutil.copytree(quiz.notebook.parent, root / "source" / quiz.id)
        result = api.generate_assignment(quiz.id)
        assert result["success"], result["log"]
    return root


@pytest.mark.parametrize("quiz", list(COURSE.quizzes.values()), ids=lambda q: q.id)
def test_release_has_no_solution_or_hidden_test(released, quiz):
    source = nbformat.read(str(quiz.notebook), as_version=4)
    release = nbformat.read(str(released / "release" / quiz.id / f"{quiz.id}.ipynb"), as_version=4)
    text = "\n".join(c.source for c in release.cells)
    hidden = [block for c in source.cells for block in HIDDEN.findall(c.source)]
    assert len(hidden) == len(quiz.items), "every auto-graded item checks its answer in a hidden test"
    for block in hidden:
        for line in filter(None, (s.strip() for s in block.splitlines())):
            assert line not in text, f"hidden test text leaked: {line[:60]}"
    assert "BEGIN HIDDEN" not in text and "check(" not in text
    model = next(c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "reflection")
    assert model not in text, "the model reflection answer leaked"
    reflection = next(c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "reflection")
    assert reflection.source.strip() == "YOUR ANSWER HERE"
    for cell in release.cells:
        assert cell.cell_type != "code" or not cell.outputs
