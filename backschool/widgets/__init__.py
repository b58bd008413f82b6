"""One-line entry points for lesson cells: ``import backschool.widgets as bs`` then ``bs.<widget>()``.

Each returns the widget itself; it also carries ``.result`` (the model's answer) and ``.panel.figure``
(the last figure drawn) so tests can drive it from Python.
"""
from __future__ import annotations

from pathlib import Path

from .diary import PainDiary
from .disc_load import DiscLoadComparison
from .exercise_plan import ExercisePlanner
from .neck_load import NeckLoadExplorer
from .niosh import NioshCalculator
from .redflags import (RedFlagCheck, red_flag_advice, red_flag_note, red_flag_review,
                       red_flag_sentence, red_flag_signs, warning_card)
from .spine import SpineExplorer
from .action_plan import action_plan
from .checklist import ChecklistCard, checklist
from .course_index import course_index
from .lesson_parts import objectives, sources
from .relaxation import relaxation_guide
from .risk_factor_sorter import risk_factor_sorter
from .treatments import treatment_explorer

__all__ = [
    "red_flag_check", "red_flag_signs", "red_flag_advice", "red_flag_sentence", "red_flag_note",
    "red_flag_review", "warning_card", "spine_explorer", "disc_load", "neck_load", "niosh_calculator", "pain_diary", "exercise_plan",
    "treatment_explorer", "risk_factor_sorter", "action_plan", "course_index", "relaxation_guide",
    "privacy_statement", "saved_work_statement", "checklist", "objectives", "sources",
]


def privacy_statement():
    """Who sees the learner's answers, true for where the course runs (backschool.learnerapp.mode)."""
    from IPython.display import Markdown

    from ..learnerapp.mode import privacy_statement as text

    return Markdown(text())


def saved_work_statement():
    """Where the diary and the action plan are kept, true for where the course runs."""
    from IPython.display import Markdown

    from ..learnerapp.mode import saved_work_statement as text

    return Markdown(text())


def red_flag_check() -> RedFlagCheck:
    return RedFlagCheck()


def spine_explorer() -> SpineExplorer:
    return SpineExplorer()


def disc_load() -> DiscLoadComparison:
    return DiscLoadComparison()


def neck_load() -> NeckLoadExplorer:
    return NeckLoadExplorer()


def niosh_calculator(units: str = "metric") -> NioshCalculator:
    return NioshCalculator(units)


def pain_diary(path: Path | None = None) -> PainDiary:
    return PainDiary(path)


def exercise_plan() -> ExercisePlanner:
    return ExercisePlanner()
