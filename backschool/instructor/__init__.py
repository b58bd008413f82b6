"""The instructor's nbgrader workflow: generate, release, collect, autograde (in parallel),
feedback, export and report. Built on nbgrader's Python API (``NbGraderAPI``, ``Gradebook``).

One module, one job:

- ``paths``    where the course directory is and how it is laid out (the one place that names it)
- ``config``   the nbgrader configuration used by every step
- ``steps``    generate / release / collect / feedback through ``NbGraderAPI``
- ``checks``   inspect a submission before grading and name what is wrong with it
- ``ledger``   which submissions are graded (makes grading resumable and idempotent)
- ``worker``   a long-lived grading process with its own gradebook copy
- ``grading``  hands learners to the workers and writes their grades into the one gradebook
- ``export``   grades as CSV
- ``report``   the self-contained HTML report
- ``pipeline`` ``run``: everything in order
"""
from .errors import InstructorError

__all__ = ["InstructorError"]
