"""Colour-blind-safe colours (Okabe & Ito 2008), used by every figure in the course, and the greys
and tints around them (text, lines, backgrounds): every colour the package writes is named here."""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

SEQUENCE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "sky_blue", "reddish_purple", "yellow", "black")]

NEUTRAL = {
    "white": "#FFFFFF",
    "text": "#111111",  # body text on pages
    "text_soft": "#333333",  # secondary text (a quiz's state)
    "line": "#444444",  # figure axis lines, dark table borders
    "rule": "#555555",  # table borders
    "border": "#999999",  # boxes and outlines that are not text
    "shade": "#EEEEEE",  # table heads
    "sky_tint": "#F3F8FC",  # behind the privacy note
    "blue_text": "#005A8C",  # darker blue and vermillion for the words that mark right and wrong
    "vermillion_text": "#8A3A00",
}
