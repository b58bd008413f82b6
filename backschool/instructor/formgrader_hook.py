"""The formgrader's Autograde button, sent through the course's one grading pipeline.

nbgrader's own button runs ``NbGraderAPI.autograde`` on the hand-in as it is: the learner's
notebook, outside the course's lock. This Jupyter server extension (enabled for the formgrader
service in deploy/jupyter/jupyter_server_config.py) answers the same URL with ``grading.autograde``
for that one learner, so the button grades data, never code, under the same lock as the CLI and
the instant-feedback service, and writes the same ledger.
"""
from __future__ import annotations

import json

from nbgrader.server_extensions.formgrader.base import BaseApiHandler, check_notebook_dir, check_xsrf
from tornado import web


class PipelineAutogradeHandler(BaseApiHandler):
    @web.authenticated
    @check_xsrf
    @check_notebook_dir
    def post(self, assignment_id: str, student_id: str) -> None:
        from . import grading
        from .errors import InstructorError
        from .paths import layout

        lines: list[str] = []
        try:
            result = grading.autograde(layout(self.coursedir.root), assignment_id, [student_id], workers=1,
                                       force=True, echo=lines.append)
            ok = student_id in result.graded
            reply = {"success": ok, "log": "\n".join(lines)}
            if not ok:
                reply["error"] = "; ".join(result.entries.get(student_id, {}).get("flags", [])) or "not graded"
        except InstructorError as exc:
            reply = {"success": False, "log": "\n".join(lines), "error": str(exc)}
        self.write(json.dumps(reply))


def _load_jupyter_server_extension(serverapp) -> None:
    webapp = serverapp.web_app
    base = webapp.settings["base_url"].rstrip("/")
    webapp.add_handlers(".*$", [(base + r"/formgrader/api/submission/([^/]+)/([^/]+)/autograde",
                                 PipelineAutogradeHandler)])
    # Tornado tries host rules in order and nbgrader's came first: put ours in front of it.
    webapp.default_router.rules.insert(0, webapp.default_router.rules.pop(-2))
    serverapp.log.info("Back School: the formgrader's Autograde button grades through the course pipeline")


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "backschool.instructor.formgrader_hook"}]
