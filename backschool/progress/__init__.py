"""Learner progress analytics: scores per quiz and topic, lessons done, pre/post knowledge gain,
item difficulty and discrimination, and the figures built from them.

``stats`` is pure Python over plain rows (no nbgrader, no plotly), ``class_panels`` turns each table into a
static ``plotly.graph_objects.Figure``, ``learner`` is the learner's own view.
"""
