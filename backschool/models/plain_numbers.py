"""Ratios said in words ("about one and a half times as much as"), so learners read no decimals.

PEMAT-P asks for numbers that are clear and easy to understand; readers found "x4.6" and
"0.10 MPa" hard. The words are rounded on purpose: to the nearest half above 1, to a
common fraction below it, and "about the same" within about 10 to 20 %.
"""
from __future__ import annotations

import math

SAME = (0.88, 1.25)  # inside this band two numbers are "about the same"
FRACTIONS = ((1 / 10, "a tenth"), (1 / 5, "a fifth"), (1 / 4, "a quarter"), (1 / 3, "a third"),
             (1 / 2, "half"), (2 / 3, "two thirds"), (3 / 4, "three quarters"))
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
         10: "ten"}


def times(ratio: float) -> str:
    """A short phrase for a bar label: "a fifth", "the same", "twice", "four and a half times"."""
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or math.isnan(ratio) or ratio <= 0:
        raise ValueError(f"A ratio must be a number above zero, not {ratio!r}.")
    low, high = SAME
    if low <= ratio <= high:
        return "the same"
    if ratio < low:
        return min(FRACTIONS, key=lambda f: abs(f[0] - ratio))[1]
    halves = max(3, round(ratio * 2))  # above the "same" band: at least one and a half
    whole, half = divmod(halves, 2)
    if whole > max(WORDS):
        return f"{whole + (1 if half else 0)} times"
    if whole == 2 and not half:
        return "twice"
    return f"{WORDS[whole]} and a half times" if half else f"{WORDS[whole]} times"


def as_much_as(ratio: float) -> str:
    """The phrase before the thing compared with: "about a fifth as much as", "about twice as much as"."""
    short = times(ratio)
    if short == "the same":
        return "about the same as"
    return f"about {short} as much as"
