"""The nbgrader configuration every step uses (and autograder/nbgrader_config.py loads)."""
from __future__ import annotations

from traitlets.config import Config

from ..manifest import load_course
from .paths import CourseLayout

# Seconds one cell may run while grading before it is interrupted (a loop that never ends).
DEFAULT_CELL_TIMEOUT = 30


def nbgrader_config(lay: CourseLayout, *, db_url: str | None = None, cell_timeout: int = DEFAULT_CELL_TIMEOUT,
                    submitted_directory: str | None = None) -> Config:
    """nbgrader settings for this course.

    Grading kernels run in the box (box.py: no network, no view of the course folder or the
    exchange, another user, limits) and talk over Unix sockets in their own scratch folder, so two
    grading processes never race for a TCP port (jupyter/nbgrader#174). ``submitted_directory``
    (relative to the course root) is where autograde reads hand-ins: the grader points it at the
    notebooks it built from the release and the learners' inspected answers (intake.py).
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                        SaveAutoGrades)

    from .box import BoxedExecute
    from .safecollect import SafeCollect

    c = Config()
    c.CourseDirectory.course_id = load_course().course_id
    c.CourseDirectory.root = str(lay.root)
    c.CourseDirectory.db_url = db_url or lay.db_url
    c.Exchange.root = str(lay.exchange)
    c.Exchange.path_includes_course = True
    c.ExchangeFactory.collect = SafeCollect
    c.Execute.timeout = int(cell_timeout)
    c.Execute.interrupt_on_timeout = True
    c.BoxedKernelManager.hide = [str(lay.root), str(lay.exchange)]
    c.BoxedKernelManager.cpu_seconds = max(60, 4 * int(cell_timeout))
    # The notebook graded is the release the course built (intake.py), checked when it was generated:
    # its cell metadata are checked once, after grading, not twice.
    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells]
    c.Autograde.autograde_preprocessors = [BoxedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
    if submitted_directory:
        c.CourseDirectory.submitted_directory = submitted_directory
    return c
