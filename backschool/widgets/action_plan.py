"""The personal action plan form: add goals, tick who can help, write a bad-day plan, save, print.

Everything stays in the learner's own data folder (see ``backschool.models.action_plan``). The
printable page is also offered as a download link made in the browser, so nothing is uploaded.
"""
from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from ..learnerapp.mode import saved_work_statement
from ..models import action_plan as model
from ..models import diary
from ._common import LABEL_STYLE, checkbox, html_widget, where_from

OWN = "Something else (write it below)"


class ActionPlanForm(widgets.VBox):
    """The widget; ``plan`` is the current model, ``saved_to``/``printed_to`` the files written."""

    def __init__(self) -> None:
        self.saved_to = None
        self.printed_to = None
        self.status = html_widget()
        try:
            self.plan = model.load() or model.ActionPlan()
            loaded = bool(self.plan.goals or self.plan.helpers or self.plan.bad_day)
        except model.PlanFileError as exc:
            self.plan = model.ActionPlan()
            loaded = False
            self.status.value = f"<p>Your saved plan could not be read ({html.escape(str(exc))}). You can make a new one.</p>"

        low, high = model.limits("minutes")
        self.activity = widgets.Dropdown(options=[*model.activities(), OWN], description="What will you do?", style=LABEL_STYLE)
        self.own = widgets.Text(description="Your own words:", placeholder="for example: Walk the dog",
                                style=LABEL_STYLE, disabled=True)
        self.minutes = widgets.IntSlider(value=10, min=low, max=60, step=1, description="Minutes each time:", style=LABEL_STYLE)
        self.days = widgets.IntSlider(value=3, min=1, max=7, description="Days a week:", style=LABEL_STYLE)
        self.weeks = widgets.IntSlider(value=4, min=1, max=model.limits("weeks")[1], description="For how many weeks:",
                                       style=LABEL_STYLE)
        c_low, c_high = model.limits("confidence")
        self.confidence = widgets.Dropdown(
            options=[("Not chosen yet", None)] + [(str(n), n) for n in range(c_low, c_high + 1)], value=None,
            description=f"How sure are you that you can do it ({c_low} = not at all, {c_high} = totally)?", style=LABEL_STYLE)
        self.if_then = widgets.Text(description="If-then plan:", style=LABEL_STYLE, layout=widgets.Layout(width="95%"),
                                    placeholder="for example: If it rains, then I will walk indoors")
        self.preview = html_widget()
        self.add = widgets.Button(description="Add this goal", icon="plus", button_style="primary")
        self.remove = widgets.Button(description="Remove last goal", icon="minus")
        self.goal_list = html_widget()
        self.diary_review = html_widget()
        self.helper_boxes = [
            checkbox(h, h in self.plan.helpers)
            for h in model.helpers()
        ]
        self.bad_day = widgets.Textarea(value=self.plan.bad_day, description="On a bad day I will:",
                                        placeholder="for example: Walk for 5 minutes and do the relaxation steps",
                                        style=LABEL_STYLE, layout=widgets.Layout(width="95%"))
        self.save_button = widgets.Button(description="Save my plan", icon="save", button_style="success")
        self.print_button = widgets.Button(description="Make a printable page", icon="print")
        self.download = html_widget()

        for w in (self.activity, self.own, self.minutes, self.days, self.weeks, self.confidence, self.if_then):
            w.observe(self._on_goal_change, names="value")
        self.add.on_click(self._on_add)
        self.remove.on_click(self._on_remove)
        self.save_button.on_click(self._on_save)
        self.print_button.on_click(self._on_print)

        super().__init__([
            html_widget(f"<h3>1. My goals</h3><p>{html.escape(model.goals_hint())}</p>"),
            self.activity, self.own, self.minutes, self.days, self.weeks, self.confidence, self.if_then, self.preview,
            widgets.HBox([self.add, self.remove]), self.goal_list, self.diary_review,
            html_widget("<h3>2. Who can help me</h3><p>Tick everyone you could ask.</p>"),
            widgets.VBox(self.helper_boxes),
            html_widget("<h3>3. My bad-day plan</h3>"), self.bad_day,
            html_widget(f"<h3>4. Keep it</h3><p>{html.escape(saved_work_statement())}</p>"),
            widgets.HBox([self.save_button, self.print_button]), self.status, self.download,
            where_from(model.source()),
        ])
        self._on_goal_change()
        self._show_goals()
        if loaded:
            self.status.value = "<p>Your saved plan is loaded.</p>"

    @property
    def result(self) -> model.ActionPlan:
        return self.plan

    def goal(self) -> model.Goal:
        """The goal the form describes now (raises ValueError with a plain message if it is not valid)."""
        what = self.own.value if self.activity.value == OWN else self.activity.value
        return model.Goal(what, self.minutes.value, self.days.value, self.weeks.value,
                          confidence=self.confidence.value, if_then=self.if_then.value)

    def _on_goal_change(self, _change=None) -> None:
        self.own.disabled = self.activity.value != OWN
        try:
            goal = self.goal()
        except ValueError as exc:
            self.preview.value = f"<p>{html.escape(str(exc))}</p>"
            self.add.disabled = True
            return
        self.add.disabled = False
        tips = "".join(f"<li>{html.escape(t)}</li>" for t in goal.tips())
        self.preview.value = f"<p><b>{html.escape(goal.sentence())}</b></p><ul>{tips}</ul>"

    def _collect(self) -> model.ActionPlan:
        helpers = tuple(b.description for b in self.helper_boxes if b.value)
        return model.ActionPlan(self.plan.goals, helpers, self.bad_day.value, self.plan.made_on)

    def _on_add(self, _button=None) -> None:
        try:
            self.plan = self._collect().with_goal(self.goal())
        except ValueError as exc:
            self.status.value = f"<p>{html.escape(str(exc))}</p>"
            return
        self.status.value = "<p>Goal added. Remember to save your plan.</p>"
        self._show_goals()

    def _on_remove(self, _button=None) -> None:
        self.plan = self.plan.without_last_goal()
        self._show_goals()

    def _show_goals(self) -> None:
        items = "".join(f"<li>{html.escape(g.sentence())}</li>" for g in self.plan.goals)
        self.goal_list.value = f"<p><b>My goals so far:</b></p><ol>{items}</ol>" if items else "<p>No goals added yet.</p>"
        self.remove.disabled = not self.plan.goals
        try:
            lines = model.review(self.plan, diary.read_entries())
        except (diary.DiaryError, OSError):
            lines = ()
        found = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.diary_review.value = f"<p><b>My goals and my diary:</b></p><ul>{found}</ul>" if found else ""

    def _write(self, write: Callable[[model.ActionPlan], Path], failed: str) -> Path | None:
        """The plan as filled in, written by ``write``; on a problem the status says ``failed`` and why."""
        try:
            self.plan = self._collect()
            return write(self.plan)
        except (ValueError, OSError) as exc:
            self.status.value = f"<p>{failed}: {html.escape(str(exc))}</p>"
            return None

    def _on_save(self, _button=None) -> None:
        path = self._write(model.save, "Your plan was not saved")
        if path is None:
            return
        self.saved_to = path
        self.status.value = (f'<p role="status">✔ Saved in {html.escape(str(self.saved_to))}. '
                             "Only you can open it.</p>")

    def _on_print(self, _button=None) -> None:
        path = self._write(model.export_html, "The page was not made")
        if path is None:
            return
        self.printed_to = path
        data = base64.b64encode(model.to_html(self.plan).encode("utf-8")).decode("ascii")
        self.status.value = f'<p role="status">✔ Page made: {html.escape(str(self.printed_to))}</p>'
        self.download.value = (
            f'<p><a download="{model.PRINT_FILE}" href="data:text/html;base64,{data}">'
            "Download my plan as a page</a>. Open it, then print it from your web browser.</p>")


def action_plan() -> ActionPlanForm:
    """The personal action plan: goals, helpers and a bad-day plan, saved in the learner's own folder."""
    return ActionPlanForm()
