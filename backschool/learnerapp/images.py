"""Lesson images in the code-free view, wherever the course is served.

Voila 0.5.13 inlines a markdown image by asking the Jupyter contents manager for it; with the
server's default (async) contents manager that call returns a coroutine and the page never
finishes (lesson 7 stalled), and the standalone app refuses ``../assets/...`` as outside its root.
This renderer reads the course's own images from the checkout instead: a relative image source
is resolved against each lesson folder named in the manifest and must land in assets/.
"""
from __future__ import annotations

import base64
import mimetypes
from urllib.parse import urlparse

from nbconvert.filters.markdown_mistune import IPythonRenderer
from voila.exporter import VoilaMarkdownRenderer

from ..manifest import load_course, repo_root


def course_image(src: str) -> str | None:
    """A data: URL for a course image given as a path relative to a lesson, else None."""
    if urlparse(src).scheme or src.startswith("/"):
        return None
    root = repo_root()
    assets = (root / "assets").resolve()
    for folder in sorted({(root / lesson.notebook_path).parent for lesson in load_course().lessons}):
        candidate = (folder / src).resolve()
        mime, _ = mimetypes.guess_type(candidate.name)
        if candidate.is_file() and assets in candidate.parents and mime and mime.startswith("image/"):
            return f"data:{mime};base64,{base64.b64encode(candidate.read_bytes()).decode()}"
    return None


class CourseMarkdownRenderer(VoilaMarkdownRenderer):
    def image(self, text: str, url: str, title: str | None = None) -> str:
        return IPythonRenderer.image(self, text, course_image(url) or url, title)
