"""One-line entry points for lesson cells: ``import backschool.widgets as bs`` then ``bs.<widget>()``.

Each returns the widget itself; it also carries ``.result`` (the model's answer) and ``.panel.figure``
(the last figure drawn) so tests can drive it from Python.
"""
from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diary import PainDiary
    from .disc_load import DiscLoadComparison
    from .exercise_plan import ExercisePlanner
    from .neck_load import NeckLoadExplorer
    from .niosh import NioshCalculator
    from .redflags import RedFlagCheck
    from .spine import SpineExplorer

# Each name is imported from its module when a lesson first asks for it, so a lesson pays only for the
# views it shows (the red-flag lesson never imports plotly): importing every view up front took 0.1-0.35 s
# of each lesson's run in a kernel here (`python -X importtime -c "import backschool.widgets"` shows where).
_LAZY = {
    "PainDiary": "diary", "DiscLoadComparison": "disc_load", "ExercisePlanner": "exercise_plan",
    "NeckLoadExplorer": "neck_load", "NioshCalculator": "niosh", "RedFlagCheck": "redflags",
    "red_flag_advice": "redflags", "red_flag_note": "redflags", "red_flag_review": "redflags",
    "red_flag_sentence": "redflags", "red_flag_signs": "redflags", "SpineExplorer": "spine",
    "action_plan": "action_plan", "course_index": "course_index", "relaxation_guide": "relaxation",
    "risk_factor_sorter": "risk_factor_sorter", "treatment_explorer": "treatments",
    "red_flag_safety_net": "redflags", "warning_card": "redflags", "checklist": "checklist",
    "ChecklistCard": "checklist", "objectives": "lesson_parts", "sources": "lesson_parts",
}

# The entry points whose view draws a plotly figure. A lesson page calling none of them is served without
# plotly.js and the figure view's extension (backschool/learnerapp/extensions.py); tests/test_lessons_execute.py checks this
# set against the figures each lesson really sends when it runs.
FIGURE_VIEWS = frozenset({"spine_explorer", "disc_load", "neck_load", "niosh_calculator", "pain_diary",
                          "exercise_plan"})

__all__ = [
    "red_flag_check", "red_flag_signs", "red_flag_advice", "red_flag_sentence", "red_flag_note",
    "red_flag_review", "red_flag_safety_net", "warning_card", "spine_explorer", "disc_load", "neck_load", "niosh_calculator", "exercise_plan",
    "treatment_explorer", "risk_factor_sorter", "action_plan", "course_index", "relaxation_guide",
    "privacy_statement", "saved_work_statement", "checklist", "objectives", "sources",
]


class _Package(ModuleType):
    """Importing a submodule sets the package's attribute of that name to the module; where that name is
    an entry point (``disc_load``, ``course_index``...), the entry point is kept instead."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, ModuleType) and name in __all__:
            if name in self.__dict__:
                return
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def preload() -> None:
    """Import every view (what a warm kernel does before its lesson, backschool/learnerapp/warm.py):
    modules only, no widget. Plotly's figure and trace classes are imported (about 50 ms and 9 MB: a
    lesson's first figure waited for them), but not its validator table (read when a first figure is
    made: another 9 MB or more): a warm kernel waits beside the open lesson's, and a learner's memory
    must stay under 300 MB. The manifest and the bibliography are read too (every lesson's first and
    last cells need them: about 25 ms of each lesson's run otherwise); both are re-read if their file changes."""
    from ..manifest import load_course
    from ..sources import bibliography

    for module in sorted(set(_LAZY.values())):
        import_module(f".{module}", __name__)
    for figure_class in ("_figure", "_layout", "_bar", "_scatter", "_heatmap"):
        import_module(f"plotly.graph_objs.{figure_class}")
    load_course()
    bibliography()


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
    from .redflags import RedFlagCheck

    return RedFlagCheck()


def spine_explorer() -> SpineExplorer:
    from .spine import SpineExplorer

    return SpineExplorer()


def disc_load() -> DiscLoadComparison:
    from .disc_load import DiscLoadComparison

    return DiscLoadComparison()


def neck_load() -> NeckLoadExplorer:
    from .neck_load import NeckLoadExplorer

    return NeckLoadExplorer()


def niosh_calculator(units: str = "metric") -> NioshCalculator:
    from .niosh import NioshCalculator

    return NioshCalculator(units)


def pain_diary(path: Path | None = None) -> PainDiary:
    from .diary import PainDiary

    return PainDiary(path)


def exercise_plan() -> ExercisePlanner:
    from .exercise_plan import ExercisePlanner

    return ExercisePlanner()
