"""The course layout is nbgrader's own: every step folder is CourseDirectory.format_path with its names."""
from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory

from backschool.instructor.paths import layout


def test_steps_are_nbgrader_paths(tmp_path):
    lay = layout(tmp_path / "course", tmp_path / "exchange")
    cd = CourseDirectory(root=str(lay.root))
    assert lay.db_url == cd.db_url and lay.gradebook == lay.root / "gradebook.db"
    assert lay.release_notebook("quiz1") == Path(cd.format_path(cd.release_directory, ".", "quiz1")).resolve() / "quiz1.ipynb"
    for step, one in [(cd.submitted_directory, lay.submitted_dir), (cd.autograded_directory, lay.autograded_dir),
                      (cd.feedback_directory, lay.feedback_dir)]:
        assert one("ada", "quiz1") == Path(cd.format_path(step, "ada", "quiz1"))
    assert lay.learner_folders("ada") == [lay.submitted / "ada", lay.autograded / "ada", lay.feedback / "ada"]
    assert lay.built_dir("ada", "quiz1") == lay.work / "built" / "ada" / "quiz1"


def test_learners_found_by_nbgrader_paths(tmp_path):
    lay = layout(tmp_path / "course", tmp_path / "exchange")
    for learner, quiz in [("ada", "quiz1"), ("bo", "quiz2"), ("cy", "quiz1")]:
        lay.submitted_dir(learner, quiz).mkdir(parents=True)
        lay.feedback_dir(learner, quiz).mkdir(parents=True)
    (lay.submitted / "stray.txt").write_text("not a learner")
    assert lay.learners_submitted("quiz1") == ["ada", "cy"]
    assert lay.learners_in("feedback", "quiz2") == ["bo"]
    assert lay.learners_in("autograded", "quiz1") == []
