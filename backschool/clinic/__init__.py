"""Clinic operations: back up and restore, export or erase one patient's data, enrol patients.

``backschool admin --help`` lists the commands. Every place the course keeps something about a
learner is named once, in ``stores``.
"""
