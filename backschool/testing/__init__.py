"""Test support shared by tests/, the hub tests and benchmarks/ (never imported by the course itself).

It lives in the package so every caller imports it the same way, with no sys.path edits:
``quizkey`` reads a quiz's answer key, ``classgen`` makes a synthetic class from it, and
``kernel`` answers a quiz in a real kernel the way a learner does.
"""
