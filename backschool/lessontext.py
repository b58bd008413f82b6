"""Reading a lesson notebook as a learner reads it: its sections and its prose.

A lesson's "What you will learn" and "Sources" are not written in the notebook: two one-line cells,
``bs.objectives("<lesson id>")`` and ``bs.sources("<lesson id>")``, show them from course.yml and
assets/sources.yml when the lesson runs. ``learner_view`` puts that text back in place, so the skeleton,
readability and seed-coverage tests read what the learner reads.

Lesson kernels import this module for those two cells, so nbformat (about 1 s to import) is imported
only by the functions the tests use; the kernel reads the notebook's Markdown as plain JSON.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .manifest import Lesson, load_course
from .sources import bibliography

CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]")
# A run of citations, with the space before it when it follows a word (never a list marker's space).
CITATION_RUN = re.compile(rf"(?:(?<=[\w)\"'’”%])[ \t]+)?{CITATION.pattern}(?:[ \t,;]*{CITATION.pattern})*")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)
VIEW_CALL = re.compile(r"\bbs\.(\w+)\(")
PART_CALL = re.compile(r'^bs\.(objectives|sources)\("([^"]*)"\)$')
OBJECTIVES_HEADING = "## What you will learn"
SOURCES_HEADING = "## Sources"
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)

if TYPE_CHECKING:
    import nbformat


def read(path: Path) -> nbformat.NotebookNode:
    import nbformat

    return nbformat.read(str(path), as_version=4)


def _cells_in_file(path: Path, cell_type: str) -> list[str]:
    """The sources of one type of cell in a notebook file, read as JSON without nbformat."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == cell_type]


def markdown_in_file(path: Path) -> list[str]:
    """The Markdown cells of a notebook file (for lesson kernels, which do not import nbformat)."""
    return _cells_in_file(path, "markdown")


def markdown_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def headings(nb: nbformat.NotebookNode, level: int | None = None) -> list[str]:
    """Headings in order (text only), optionally only those of one level."""
    found = []
    for source in markdown_cells(nb):
        for hashes, text in HEADING.findall(source):
            if level is None or len(hashes) == level:
                found.append(text.strip())
    return found


def section(nb: nbformat.NotebookNode, title: str) -> str:
    """The Markdown under a ``## title`` heading, up to the next ``##`` heading."""
    text = "\n\n".join(markdown_cells(nb))
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        raise KeyError(f"No section '## {title}'")
    return match.group(1).strip()


def bullets(markdown: str) -> list[str]:
    return [line[2:].strip() for line in markdown.splitlines() if line.startswith("- ")]


def cited_keys(markdown: Iterable[str]) -> list[str]:
    """The source keys these Markdown cells cite (a sources list aside), in order of first citation."""
    text = "\n\n".join(s for s in markdown if not s.startswith(SOURCES_HEADING))
    return list(dict.fromkeys(CITATION.findall(text)))


def citation_numbers(markdown: Iterable[str]) -> dict[str, int]:
    """Each cited key's number (1, 2, ...): its place in the order of first citation.

    The Sources list and the learner view's superscript links both number from here, so they agree.
    """
    return {key: number for number, key in enumerate(cited_keys(markdown), start=1)}


def source_anchor(key: str) -> str:
    """The id of a source's entry in the lesson's Sources list, which its citations link to."""
    return f"source-{key}"


def citation_link(key: str, number: int) -> str:
    """A citation as the learner sees it: a numbered link to its entry in the Sources list."""
    return f'<a href="#{source_anchor(key)}" aria-label="Source {number}">{number}</a>'


def link_citations(source: str, numbers: dict[str, int]) -> str:
    """Markdown with each run of numbered [key]s shown as one small superscript: "text 2, 5".

    The space after a word goes (the superscript sits on the word); keys not numbered are left alone.
    """
    def link(match: re.Match) -> str:
        keys = CITATION.findall(match.group(0))
        if not all(key in numbers for key in keys):
            return match.group(0)
        return '<sup class="bs-cite">' + ", ".join(citation_link(k, numbers[k]) for k in keys) + "</sup>"

    return CITATION_RUN.sub(link, source)


def objectives_markdown(lesson: Lesson) -> str:
    """The "What you will learn" section: the lesson's objectives in course.yml, as bullets."""
    return "\n".join([OBJECTIVES_HEADING, ""] + [f"- {text}" for text in lesson.objectives.values()])


def sources_markdown(lesson: Lesson) -> str:
    """The "Sources" section: the full reference of every key the lesson's Markdown cites, numbered.

    Each entry is the target of the lesson's citation links (``source_anchor``), numbered as they are.
    """
    refs = bibliography()
    numbers = citation_numbers(markdown_in_file(lesson.notebook))
    missing = [key for key in numbers if key not in refs]
    if missing:
        raise KeyError(f"{lesson.notebook_path} cites {missing}, which are not in assets/sources.yml")
    return "\n".join([SOURCES_HEADING, ""] + [f'{number}. <span id="{source_anchor(key)}">{refs[key]}</span>'
                                               for key, number in numbers.items()])


def part_call(cell) -> tuple[str, str] | None:
    """("objectives" or "sources", lesson id) if the cell is one of those one-line calls, else None."""
    match = PART_CALL.match(cell.source.strip()) if cell.cell_type == "code" else None
    return (match.group(1), match.group(2)) if match else None


def view_calls(path: Path) -> set[str]:
    """The names of the ``bs.<name>(...)`` calls in a notebook file's code cells."""
    return {name for source in _cells_in_file(path, "code") for name in VIEW_CALL.findall(source)}


def learner_view(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook with each objectives and sources call replaced by the Markdown it shows."""
    import nbformat
    from nbformat.v4 import new_markdown_cell

    view = nbformat.from_dict(nb)
    render = {"objectives": objectives_markdown, "sources": sources_markdown}
    for index, cell in enumerate(view.cells):
        call = part_call(cell)
        if call:
            kind, lesson_id = call
            view.cells[index] = new_markdown_cell(render[kind](load_course().lesson(lesson_id)))
    return view


def images(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(alt text, source) of every image in Markdown cells, Markdown or HTML syntax."""
    found = []
    for source in markdown_cells(nb):
        found += IMAGE.findall(source)
        for tag in HTML_IMG.findall(source):
            alt = re.search(r'alt="([^"]*)"', tag)
            src = re.search(r'src="([^"]*)"', tag)
            found.append((alt.group(1) if alt else "", src.group(1) if src else ""))
    return found


def prose(nb: nbformat.NotebookNode) -> str:
    """The text a learner reads, as sentences: no code, headings, citations, or sources list.

    Each line of a list counts as one sentence, as a reader takes it.
    """
    sentences = []
    for source in markdown_cells(nb):
        if source.startswith(SOURCES_HEADING):
            continue
        for line in source.splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("|---") or line.startswith("<"):
                continue
            line = IMAGE.sub("", line)
            line = CITATION.sub("", line)
            line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
            line = re.sub(r"^([-*]|\d+\.)\s+", "", line)
            line = re.sub(r"[*_`>|]", " ", line)
            line = re.sub(r"\s+", " ", line).strip(" ;,")
            if not line:
                continue
            if line[-1] not in ".!?:":
                line += "."
            sentences.append(line)
    return " ".join(sentences)
