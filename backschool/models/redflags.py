"""Red-flag check: which warning signs need emergency or urgent care (NICE NG59, NICE CKS).

This module is the course's one voice on how urgently to get help: lessons, quizzes, the action
plan, the risk-factor sorter and the anatomy notes refer to a sign or a level by its key and take
the words from here, so two places can never disagree. The model only says how urgently to get
help. It never names a condition: a tick list cannot diagnose, and a named diagnosis could
frighten or falsely reassure.
"""
from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..atomic import write_text
from ..data import id_list, table
from ..palette import OKABE_ITO
from ..settings import data_dir

TABLE = "red_flags"  # assets/data/red_flags.yml

# From most to least urgent; the highest level among the ticked flags decides the advice.
LEVELS = ("emergency", "urgent", "caution", "none")
CARD_FILE = "back-pain-warning-card.html"
STEPS_INTRO = "What to do:"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{1,28}[0-9]$")


@dataclass(frozen=True)
class Flag:
    id: str
    label: str
    level: str
    when: str = ""
    card: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Level:
    key: str
    badge: str
    headline: str
    action: str
    list_intro: str
    advice: tuple[str, ...]


@dataclass(frozen=True)
class RedFlagResult:
    level: str
    headline: str
    advice: tuple[str, ...]
    ticked: tuple[str, ...]

    @property
    def needs_care_now(self) -> bool:
        """True when the learner should seek help today (emergency or urgent)."""
        return self.level in ("emergency", "urgent")

    def texts(self) -> tuple[str, ...]:
        """Every sentence shown to the learner, for display and for wording checks."""
        return (self.headline, *self.advice)


def source() -> str:
    return table(TABLE).source


def review_weeks() -> tuple[int, int]:
    """See the doctor again if not better after this many weeks (NICE CKS: 4 to 6)."""
    weeks = table(TABLE)["review_weeks"]
    return int(weeks["min"]), int(weeks["max"])


def _or_list(items: list[str]) -> str:
    *first, last = items
    return f"{', '.join(first)} or {last}" if first else last


def _fill(text: str) -> str:
    low, high = review_weeks()
    where = [f"{n['number']} ({n['where']})" for n in table(TABLE)["emergency_numbers"]]
    phone = clinic_phone() if "{numbers}" in text else None
    return (text.replace("{review}", f"{low} to {high} weeks").replace("{ambulance}", _or_list(where))
            .replace("{numbers}", _or_list(where + ([f"{phone} (your clinic)"] if phone else []))))


def clinic_phone() -> str | None:
    """The clinic's number from BACKSCHOOL_CLINIC_PHONE, or None when unset or not a phone number."""
    raw = settings.clinic_phone()
    if not raw:
        return None
    if not _PHONE.match(raw):
        warnings.warn(f"{settings.CLINIC_PHONE_ENV}={raw!r} is not a phone number; it is not shown to learners.",
                      stacklevel=2)
        return None
    return raw


def emergency_numbers() -> tuple[str, ...]:
    """112, 999, 911 from the table, then the clinic's number if one is set."""
    numbers = tuple(str(n["number"]) for n in table(TABLE)["emergency_numbers"])
    phone = clinic_phone()
    return numbers + ((phone,) if phone else ())


def clinic_sentence() -> str | None:
    phone = clinic_phone()
    return table(TABLE)["clinic_phone"].replace("{phone}", phone) if phone else None


def numbers_line() -> str:
    """'Emergency numbers: 112 (most of Europe), 999 (UK), 911 (US) or <the clinic's number>.'"""
    return _fill(table(TABLE)["numbers_line"])


def review_advice() -> str:
    """The sentence on when to see the doctor if the pain is not getting better."""
    return next(_fill(a) for a in table(TABLE)["levels"]["none"]["advice"] if "{review}" in a)


def safety_net() -> tuple[str, ...]:
    """What to do about a sign the list does not hold: the 'get help anyway' sentence (the one with the
    emergency numbers), and the clinic's number when one is set. Shown after a list of the signs."""
    anyway = next(_fill(a) for a in table(TABLE)["levels"]["none"]["advice"] if "{numbers}" in a)
    extra = clinic_sentence()
    return (anyway, extra) if extra else (anyway,)


def level(key: str) -> Level:
    """The wording of one urgency level: badge, headline, short action, list intro and advice."""
    if key not in LEVELS:
        raise ValueError(f"There is no urgency level {key!r}. Use one of: {', '.join(LEVELS)}.")
    raw = table(TABLE)["levels"][key]
    advice = [_fill(a) for a in raw["advice"]]
    extra = clinic_sentence()
    if extra:
        advice.insert(1, extra)
    return Level(key, raw["badge"], _fill(raw["headline"]), _fill(raw["action"]), _fill(raw["list_intro"]), tuple(advice))


def levels() -> tuple[Level, ...]:
    return tuple(level(k) for k in LEVELS)


def advice(key: str) -> tuple[str, ...]:
    """The advice sentences for one level."""
    return level(key).advice


def action(key: str) -> str:
    """The short instruction for one level, e.g. 'Go to the emergency department now'."""
    return level(key).action


def flags(level_key: str | None = None) -> tuple[Flag, ...]:
    """All warning signs in display order (emergency signs first), or only those of one level."""
    if level_key is not None and level_key not in LEVELS:
        raise ValueError(f"There is no urgency level {level_key!r}. Use one of: {', '.join(LEVELS)}.")
    return tuple(
        Flag(f["id"], f["label"], f["level"], f.get("when", ""), bool(f.get("card", False)), tuple(f.get("sources", ())))
        for f in table(TABLE)["flags"]
        if level_key is None or f["level"] == level_key
    )


def sign(sign_id: str) -> Flag:
    for f in flags():
        if f.id == sign_id:
            return f
    raise ValueError(f"Unknown warning sign: {sign_id}.")


def sentence(sign_id: str) -> str:
    """One sentence for one sign, e.g. 'Go to the emergency department now if the pain started after ...'."""
    f = sign(sign_id)
    return f"{action(f.level)} if {f.when}."


def note(key: str) -> str:
    """Help-now wording for a problem other than back pain that a lesson mentions (e.g. 'self_harm')."""
    notes = table(TABLE)["notes_for_learners"]
    if key not in notes:
        raise ValueError(f"There is no note {key!r}. Use one of: {', '.join(notes)}.")
    return _fill(notes[key])


def sources() -> tuple[str, ...]:
    """Every source key behind the signs, each once."""
    return tuple(dict.fromkeys(k for f in flags() for k in f.sources))


def all_texts() -> tuple[str, ...]:
    """Every sentence this table can put in front of a learner (for wording checks)."""
    out: list[str] = []
    for lv in levels():
        out += [lv.badge, lv.headline, lv.action, lv.list_intro, *lv.advice]
    out += [f.label for f in flags()] + [sentence(f.id) for f in flags()]
    out += [note(k) for k in table(TABLE)["notes_for_learners"]] + [numbers_line()]
    return tuple(dict.fromkeys(out))


def check(ticked: Iterable[str]) -> RedFlagResult:
    """Advice for the ticked flag ids; an unknown id is a programming error and raises ValueError."""
    by_id = {f.id: f for f in flags()}
    chosen = id_list(ticked, "warning-sign")
    unknown = [t for t in chosen if t not in by_id]
    if unknown:
        raise ValueError(f"Unknown warning sign(s): {', '.join(map(str, unknown))}.")
    found = {by_id[t].level for t in chosen}
    lv = level(next((k for k in LEVELS if k in found), "none"))
    return RedFlagResult(level=lv.key, headline=lv.headline, advice=lv.advice, ticked=chosen)


def steps_html(key: str) -> str:
    """One level's advice as numbered 'What to do' steps."""
    todo = "".join(f"<li>{html.escape(a)}</li>" for a in level(key).advice)
    return f"<p><b>{STEPS_INTRO}</b></p><ol>{todo}</ol>"


def badge_html(key: str, colour: str) -> str:
    """The level's short 'how fast' label in a box of its colour, so the groups look different."""
    return (f'<p><span style="display:inline-block;border:3px solid {colour};border-radius:6px;'
            f'padding:2px 10px;font-weight:bold">{html.escape(level(key).badge)}</span></p>')


def signs_html(level_keys: Iterable[str] = ("emergency", "urgent", "caution"),
               sign_ids: Iterable[str] | None = None, heading_tag: str = "p", steps: bool = False,
               colours: dict[str, str] | None = None) -> str:
    """The signs grouped by level as HTML: each level's intro in bold, then its signs as a list.

    With ``sign_ids`` only those signs are listed (in table order); levels with none are left out.
    With ``steps`` each level's advice follows its signs as numbered steps, so a page that lists
    signs also says how to get that help. With ``colours`` (level -> colour) each group gets a
    coloured bar and its badge.
    """
    keys = tuple(level_keys)
    wanted = None if sign_ids is None else set(sign_ids)
    if wanted is not None:
        for sid in wanted:
            sign(sid)
    parts = []
    for key in keys:
        chosen = [f for f in flags(key) if wanted is None or f.id in wanted]
        if not chosen:
            continue
        items = "".join(f"<li>{html.escape(f.label)}</li>" for f in chosen)
        group = (f"<{heading_tag}><b>{html.escape(level(key).list_intro)}</b></{heading_tag}><ul>{items}</ul>"
                 + (steps_html(key) if steps else ""))
        if colours:
            group = (f'<div style="border-left:6px solid {colours[key]};padding-left:10px;margin:0 0 12px 0">'
                     f"{badge_html(key, colours[key])}{group}</div>")
        parts.append(group)
    return "".join(parts)


def symptom_card_html() -> str:
    """A printable, self-contained card: the nerve warning signs and who to call."""
    e = html.escape
    emergency = level("emergency")
    signs = "".join(f"<li>{e(f.label)}</li>" for f in flags() if f.card)
    advice_items = "".join(f"<li>{e(a)}</li>" for a in emergency.advice)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Back pain warning card</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 16px; max-width: 32em; margin: 1em auto; line-height: 1.45; }}
.card {{ border: 4px solid {OKABE_ITO['vermillion']}; padding: 0.5em 1em; }}
h1 {{ font-size: 1.4em; margin: 0.3em 0; }} h2 {{ font-size: 1.1em; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<div class="card">
<h1>Back pain warning card</h1>
<h2>{e(emergency.list_intro)}</h2>
<ul>{signs}</ul>
<h2>{e(emergency.headline)}</h2>
<ul>{advice_items}</ul>
<p><b>{e(numbers_line())}</b></p>
<p><small>Keep this card with you. It does not say what is wrong; it says how fast to get help.
From the Back School course. Sources: NICE NG59; NICE CKS Sciatica and Back pain - low.</small></p>
</div>
</body>
</html>
"""


def write_symptom_card(folder: Path | None = None) -> Path:
    """Write the card into the learner's own data folder (or ``folder``); returns the file."""
    folder = Path(folder) if folder is not None else data_dir()
    path = folder / CARD_FILE
    write_text(path, symptom_card_html())
    return path
