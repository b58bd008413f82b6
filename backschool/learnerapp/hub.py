"""On a clinic hub: fetch, hand in and fetch feedback through nbgrader's exchange, as the learner.

The learner's own Jupyter server runs as the learner, so nbgrader's exchange sees them as the
submitter (the same code JupyterLab's Assignments panel calls: nbgrader's AssignmentList).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import KEEP, write_text
from .local import fill_written


class ExchangeError(RuntimeError):
    pass


class Exchange:
    def __init__(self, serverapp, course_id: str) -> None:
        from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

        self.course_id = course_id
        self.manager = AssignmentList(parent=serverapp)
        self.manager.root_dir = serverapp.root_dir

    def _check(self, result: dict, what: str) -> None:
        if not result.get("success"):
            raise ExchangeError(f"{what}: {str(result.get('value'))[-500:]}")

    def fetch(self, quiz: str) -> None:
        self._check(self.manager.fetch_assignment(self.course_id, quiz), f"fetch {quiz}")

    def submit(self, quiz: str, folder: Path) -> tuple[str, str]:
        """Fill the written answers into the fetched notebook, then submit the folder as nbgrader's
        Assignments panel does. Returns (the time, nbgrader's timestamp of this hand-in)."""
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeFactory

        from ..answers import read_reflections

        notebook = folder / f"{quiz}.ipynb"
        nb = fill_written(json.loads(notebook.read_text(encoding="utf-8")), read_reflections(folder))
        write_text(notebook, json.dumps(nb, indent=1), KEEP)
        with self.manager.get_assignment_dir_config():
            config = self.manager.load_config()
            config.CourseDirectory.course_id = self.course_id
            config.CourseDirectory.assignment_id = quiz
            submit = ExchangeFactory(config=config).Submit(
                coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config)
            try:
                submit.start()
            except Exception as exc:
                raise ExchangeError(f"hand in {quiz}: {exc}") from exc
        return datetime.now(timezone.utc).isoformat(timespec="seconds"), str(submit.timestamp)

    def fetch_feedback(self, quiz: str) -> None:
        self.manager.fetch_feedback(self.course_id, quiz)  # nothing returned yet is not an error
