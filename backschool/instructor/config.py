"""The nbgrader configuration every step uses (and autograder/nbgrader_config.py loads)."""
from __future__ import annotations

from traitlets.config import Config

from ..manifest import load_course
from .paths import CourseLayout

# Seconds one cell may run while grading before it is interrupted (a loop that never ends).
DEFAULT_CELL_TIMEOUT = 30


def nbgrader_config(lay: CourseLayout, *, db_url: str | None = None, cell_timeout: int = DEFAULT_CELL_TIMEOUT,
                    ipc: str | None = None, drop_added_code: bool = False,
                    submitted_directory: str | None = None) -> Config:
    """nbgrader settings for this course.

    ``ipc=PREFIX`` (an absolute path) makes grading kernels talk over Unix sockets named PREFIX-N instead
    of TCP ports, so two grading processes never race for the same port (jupyter/nbgrader#174).
    ``drop_added_code`` removes code cells the learner added (used to re-grade after one killed the
    kernel); ``submitted_directory`` grades stand-in submissions from another folder (relative to root).
    """
    c = Config()
    c.CourseDirectory.course_id = load_course().course_id
    c.CourseDirectory.root = str(lay.root)
    c.CourseDirectory.db_url = db_url or lay.db_url
    c.Exchange.root = str(lay.exchange)
    c.Exchange.path_includes_course = True
    c.Execute.timeout = int(cell_timeout)
    c.Execute.interrupt_on_timeout = True
    # A deleted quiz cell is put back before grading instead of leaving the submission
    # "needs manual grading" for ever (nbgrader#1682). nbgrader's own add_missing_cells (#1770)
    # fails on our layout (a locked question cell precedes each test cell: KeyError), so our
    # RestoreMissingCells runs before OverwriteCells instead.
    from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        OverwriteCells, OverwriteKernelspec)

    from .checks import DropAddedCode, RestoreMissingCells

    c.OverwriteCells.add_missing_cells = False
    c.RestoreMissingCells.course_root = str(lay.root)
    sanitize = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreMissingCells, OverwriteCells,
                CheckCellMetadata]
    if drop_added_code:
        sanitize.insert(3, DropAddedCode)
    c.Autograde.sanitize_preprocessors = sanitize
    if submitted_directory:
        c.CourseDirectory.submitted_directory = submitted_directory
    if ipc:
        c.KernelManager.transport = "ipc"
        c.KernelManager.ip = ipc
    return c
