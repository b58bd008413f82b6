"""Every colour the package writes comes from backschool/palette.py by name (the colour-blind-safe set)."""
from __future__ import annotations

import re

from backschool.manifest import repo_root
from backschool.palette import NEUTRAL, OKABE_ITO

HEX = re.compile(r"(?<![\w/])#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
# a colour given by CSS name or rgb() as a value: "white", color: black, fill='red', rgb(0, 0, 0)
NAMED = re.compile(r"""(?:color|colou?r|background|fill|stroke|border)[^;\n]{0,20}?\b(white|black|red|green|blue|gr[ae]y|orange|yellow|purple|navy|silver)\b|["'](white|black)["']|rgba?\(""",
                   re.IGNORECASE)
BY_NAME = re.compile(r"\b(?:OKABE_ITO|NEUTRAL)\[[\"'][a-z_]+[\"']\]")  # a palette entry: what the rule asks for


def _colours(line: str) -> bool:
    if line.lstrip().startswith("#"):
        return False  # a comment (issue numbers such as voila#1428, #1522 are not colours)
    line = BY_NAME.sub("", line)
    return bool(HEX.search(line) or NAMED.search(line))


def _code_files():
    pkg = repo_root() / "backschool"
    return [p for p in sorted(pkg.rglob("*.py")) if p.name != "palette.py"]


def test_no_colour_outside_the_palette():
    found = []
    for path in _code_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _colours(line):
                found.append(f"{path.relative_to(repo_root())}:{n}: {line.strip()[:100]}")
    assert not found, "colours not taken from backschool/palette.py:\n" + "\n".join(found)


def test_the_check_sees_a_colour():
    """The patterns above catch the ways a colour was written before it moved to the palette."""
    for line in ['fill="#0072B2"', "color:#111;", 'paper_bgcolor="white"', "border:1px solid #999;", "color: rgb(0,0,0)"]:
        assert _colours(line), line
    for line in ["jupyter/nbgrader#174", "    # (voila#1428, #1522).", "white space tidied", "outlined in black.", 'color=OKABE_ITO["black"]',
                 "color: {NEUTRAL['white']};"]:
        assert not _colours(line), line


def test_palette_values_are_colours():
    for value in [*OKABE_ITO.values(), *NEUTRAL.values()]:
        assert re.fullmatch(r"#[0-9A-F]{6}", value), value
