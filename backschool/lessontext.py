"""Reading a lesson notebook as a learner reads it: its sections and its prose.

Used by the skeleton, readability and seed-coverage tests.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

CITATION = re.compile(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.I)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


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


def citations(nb: nbformat.NotebookNode, include_sources: bool = False) -> set[str]:
    text = "\n\n".join(s for s in markdown_cells(nb) if include_sources or not s.startswith("## Sources"))
    return set(CITATION.findall(text))


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
        if source.startswith("## Sources"):
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
