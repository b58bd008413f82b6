"""Citations in the code-free view: each [key] in a lesson becomes a small numbered link to its source.

Voila's exporter makes a Markdown renderer per cell and gives it neither the notebook nor its path,
so the renderer cannot know a key's number. Voila's prelaunch hook gets the notebook it is about to
show (read from the same file the lesson's Sources cell reads), so the links are made there, on
Voila's in-memory copy: the notebook on disk keeps its [key] text, which the tests read.
"""
from __future__ import annotations

from .. import lessontext


def link_lesson_citations(request_handler, notebook, cwd: str):
    """Voila prelaunch hook: number the citations of a lesson that shows a Sources list."""
    if not any((lessontext.part_call(cell) or ("",))[0] == "sources" for cell in notebook.cells):
        return notebook
    numbers = lessontext.citation_numbers(lessontext.markdown_cells(notebook))
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and not cell.source.startswith(lessontext.SOURCES_HEADING):
            cell.source = lessontext.link_citations(cell.source, numbers)
    return notebook
