"""Quiz questions answered with widgets, and the checks nbgrader's test cells call.

A learner never types code: each question cell calls ``choice`` or ``choose_all`` once.
Every click saves the answer to answers.json beside the notebook (see answers.py); the
hidden test cells call ``check`` with the right answer and an explanation that becomes the
learner's feedback.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
from IPython.display import HTML

from . import settings
from .answers import AnswersFileError, read_answers, save_answer
from .palette import OKABE_ITO

# The live answer widgets of this kernel, by item id, so a test (or a screen reader tool)
# can find and press them the way a click would.
ANSWER_WIDGETS: dict[str, widgets.Widget] = {}

_SAVED = f'<span style="color:{OKABE_ITO["blue"]}">✔ Your answer is saved.</span>'
_NOT_SAVED = "<span>Choose an answer. It is saved when you click.</span>"


def _saved_answers() -> dict:
    try:
        return read_answers()
    except AnswersFileError:
        return {}


def _grading() -> bool:
    """nbgrader is grading (it sets NBGRADER_EXECUTION; the grading box passes it on)."""
    return settings.nbgrader_grading()


def _as_graded(item: str, question: str, saved) -> HTML:
    """The question and the answer handed in, as the feedback page shows them (no widget to draw)."""
    shown = "; ".join(saved) if isinstance(saved, list) else saved
    answer = html.escape(str(shown)) if shown not in (None, "", []) else "<i>no answer</i>"
    return HTML(f"<p><b>{html.escape(item)}.</b> {html.escape(question)}</p><p>Your answer: {answer}</p>")


def _header(number: str, question: str) -> widgets.HTML:
    return widgets.HTML(f"<p><b>{number}.</b> {question}</p>")


def choice(item: str, question: str, options: Sequence[str]) -> widgets.VBox | HTML:
    """One right answer among ``options`` (radio buttons)."""
    options = [str(o) for o in options]
    if len(set(options)) != len(options) or len(options) < 2:
        raise ValueError(f"{item}: give at least two different options")
    if _grading():
        return _as_graded(item, question, _saved_answers().get(item))
    saved = _saved_answers().get(item)
    radio = widgets.RadioButtons(
        options=options,
        value=saved if saved in options else None,
        description="Your answer:",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML(_SAVED if radio.value is not None else _NOT_SAVED)

    def on_change(change: dict) -> None:
        if change["new"] is not None:
            save_answer(item, change["new"])
            status.value = _SAVED

    radio.observe(on_change, names="value")
    ANSWER_WIDGETS[item] = radio
    return widgets.VBox([_header(item, question), radio, status])


def agree(item: str) -> widgets.VBox:
    """How much the learner agrees with a belief statement: no right answer (backschool.models.beliefs)."""
    from .models import beliefs

    return choice(item, beliefs.question(item), beliefs.scale())


def choose_all(item: str, question: str, options: Sequence[str]) -> widgets.VBox | HTML:
    """Any number of right answers among ``options`` (check boxes)."""
    options = [str(o) for o in options]
    if len(set(options)) != len(options) or len(options) < 2:
        raise ValueError(f"{item}: give at least two different options")
    if _grading():
        return _as_graded(item, question + " (Tick all that apply.)", _saved_answers().get(item))
    saved = _saved_answers().get(item)
    saved = set(saved) if isinstance(saved, list) else set()
    boxes = [
        widgets.Checkbox(value=o in saved, description=o, indent=False, layout=widgets.Layout(width="auto"))
        for o in options
    ]
    status = widgets.HTML(_SAVED if saved else "<span>Tick every answer that fits. It is saved when you click.</span>")

    def on_change(_change: dict) -> None:
        save_answer(item, [b.description for b in boxes if b.value])
        status.value = _SAVED

    for box in boxes:
        box.observe(on_change, names="value")
    group = widgets.VBox(boxes)
    ANSWER_WIDGETS[item] = group
    return widgets.VBox([_header(item, question + " (Tick all that apply.)"), group, status])


def click(item: str, answer: str | Sequence[str]) -> None:
    """Answer ``item`` through its widget, exactly as a learner's clicks would."""
    widget = ANSWER_WIDGETS[item]
    if isinstance(widget, widgets.RadioButtons):
        widget.value = answer
        return
    wanted = {answer} if isinstance(answer, str) else set(answer)
    for box in widget.children:
        box.value = box.description in wanted


def answered(item: str) -> None:
    """Visible test: fail with a plain message when nothing was chosen yet."""
    try:
        answers = read_answers()
    except AnswersFileError as exc:
        raise AssertionError(f"Your answers could not be read: {exc} Please answer again.") from None
    if answers.get(item) in (None, [], ""):
        raise AssertionError(f"Question {item} has no answer yet.")
    print(f"Question {item}: answer saved.")


def check(item: str, right: str | Sequence[str], why: str) -> None:
    """Hidden test: compare the saved answer to the right one and explain the answer."""
    try:
        got = read_answers().get(item)
    except AnswersFileError as exc:
        raise AssertionError(f"Question {item}: your answers file could not be read ({exc}).") from None
    if isinstance(right, str):
        ok = got == right
        shown = right
    else:
        ok = isinstance(got, list) and set(got) == set(right)
        shown = "; ".join(right)
    if not ok:
        raise AssertionError(f"Question {item}: not quite. The answer is: {shown}. {why}")
    print(f"Question {item}: right. {why}")
