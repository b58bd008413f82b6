"""Printable checklists: the steps a lesson teaches, on a page the learner prints and ticks each day.

The steps are data (assets/data/checklists.yml), each with the key of its source in
assets/sources.yml. The page is self-contained (inline style, the lesson's drawings inlined as SVG,
no links), so it prints offline.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from ..data import table
from ..manifest import repo_root
from ..palette import NEUTRAL
from ..sources import bibliography

TABLE = "checklists"  # assets/data/checklists.yml
IMAGES = repo_root() / "assets" / "images"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Step:
    text: str
    source: str


@dataclass(frozen=True)
class Section:
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    drawings: tuple[str, ...] = ()
    columns: tuple[str, ...] = DAYS  # one tick box per column: the days of the week unless the data says
    notes: str = ""  # the heading of a wide column to write in, if the data gives one

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for section in self.sections for s in section.steps)

    def sources(self) -> tuple[str, ...]:
        """The source keys of the steps, in first-use order."""
        return tuple(dict.fromkeys(s.source for s in self.steps))


def names() -> tuple[str, ...]:
    return tuple(table(TABLE)["checklists"])


def checklist(name: str) -> Checklist:
    """One checklist by name; a step whose source key is not in the bibliography is refused."""
    found = table(TABLE)["checklists"].get(name)
    if found is None:
        raise ValueError(f"There is no checklist called {name!r} (there are: {', '.join(names())}).")
    refs = bibliography()
    sections = []
    for sec in found["sections"]:
        steps = tuple(Step(str(s["text"]), str(s["source"])) for s in sec["steps"])
        unknown = [s.source for s in steps if s.source not in refs]
        if unknown:
            raise ValueError(f"Checklist {name!r}: no source {unknown} in assets/sources.yml.")
        sections.append(Section(str(sec["title"]), steps))
    drawings = tuple(str(d) for d in found.get("drawings", ()))
    missing = [d for d in drawings if not (IMAGES / d).is_file()]
    if missing:
        raise ValueError(f"Checklist {name!r}: no drawing {missing} in assets/images.")
    columns = tuple(str(c) for c in found.get("columns", DAYS))
    return Checklist(name, str(found["title"]), " ".join(str(found["intro"]).split()), tuple(sections), drawings,
                     columns, str(found.get("notes", "")))


def card_html(card: Checklist, chosen: Iterable[Step] | None = None) -> str:
    """The printable page: the chosen steps (all if ``chosen`` is None), a box for each column, the sources."""
    e = html.escape
    keep = set(card.steps if chosen is None else chosen)
    days = "".join(f'<th scope="col">{e(d)}</th>' for d in card.columns)
    boxes = "".join('<td class="box"></td>' for _ in card.columns)
    if card.notes:
        days += f'<th scope="col">{e(card.notes)}</th>'
        boxes += '<td class="notes"></td>'
    parts, used = [], []
    for section in card.sections:
        rows = "".join(f'<tr><th scope="row">{e(s.text)}</th>{boxes}</tr>' for s in section.steps if s in keep)
        if rows:
            used += [s.source for s in section.steps if s in keep]
            parts.append(f'<h2>{e(section.title)}</h2><table><thead><tr><th scope="col">Step</th>{days}</tr>'
                         f"</thead><tbody>{rows}</tbody></table>")
    refs = bibliography()
    sources = "".join(f"<li>{e(refs[k])}</li>" for k in dict.fromkeys(used))
    body = "".join(parts) or "<p>No steps chosen.</p>"
    drawings = "".join(f'<div class="drawing">{(IMAGES / d).read_text(encoding="utf-8")}</div>' for d in card.drawings)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(card.title)}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 16px; max-width: 46em; margin: 1em auto; line-height: 1.4; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.15em; margin-top: 1.2em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid {NEUTRAL['line']}; padding: 0.3em; text-align: left; font-weight: normal; }}
thead th {{ font-weight: bold; text-align: center; }}
td.box {{ width: 2.2em; height: 2.2em; }}
td.notes {{ width: 40%; height: 3.5em; }}
.sources {{ font-size: 0.8em; }}
.drawing svg {{ max-width: 100%; height: auto; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>{e(card.title)}</h1>
<p>{e(card.intro)}</p>
{drawings}
{body}
<p><small>From the Back School course. This checklist helps you act on the lesson. It does not replace your doctor.</small></p>
<h2>Sources</h2>
<ul class="sources">{sources}</ul>
</body>
</html>
"""
