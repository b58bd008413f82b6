"""The instructor's nbgrader workflow: generate, release, collect, autograde (in parallel),
feedback, export and report. Built on nbgrader's Python API (``NbGraderAPI``, ``Gradebook``).

One module, one job:

- ``paths``    how the course directory is laid out (nbgrader's CourseDirectory; where it is: ``settings``)
- ``config``   the nbgrader configuration used by every step
- ``steps``    generate / release / collect / feedback through ``NbGraderAPI``
- ``intake``   inspect a hand-in as data before grading, name what is wrong with it, build what nbgrader grades
- ``ledger``   which submissions are graded (makes grading resumable and idempotent)
- ``worker``   a long-lived grading process with its own gradebook copy
- ``grading``  hands learners to the workers and writes their grades into the one gradebook
- ``export``   grades as CSV
- ``report``   the self-contained HTML report
- ``pipeline`` ``run``: everything in order
"""
from .errors import InstructorError

__all__ = ["InstructorError"]
