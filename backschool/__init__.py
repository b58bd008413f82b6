"""Back School: a patient course on low back pain, run in Jupyter and graded with nbgrader."""

__version__ = "0.1.0"
