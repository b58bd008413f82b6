"""The enrolment letter: one printed page, in large print and plain words, to hand to a patient.

It holds the clinic's address, the person's user name and one-time code, and what to do with
them. Nothing is loaded from elsewhere; ``all-letters.html`` prints every letter on its own page.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

from ..atomic import write_text
from ..palette import OKABE_ITO
from .enrol import Enrolled

_STYLE = (f"body{{font-family:DejaVu Sans,Arial,sans-serif;font-size:16pt;line-height:1.4;color:{OKABE_ITO['black']};margin:0;"
          "overflow-wrap:break-word}"
          ".letter{max-width:40em;margin:auto;padding:1.5cm}.letter+.letter{break-before:page}"
          ".secret{display:block;font-family:DejaVu Sans Mono,monospace;font-size:22pt;font-weight:bold;letter-spacing:.08em}"
          ".code{white-space:nowrap}"
          "ol li{margin-bottom:.3em}h1{font-size:22pt;margin:0 0 .5em}p{margin:.6em 0}"
          "@page{size:A4;margin:1.5cm}@media print{.letter{padding:0;max-width:none}}")


def _letter(p: Enrolled, course: str, url: str) -> str:
    e = html.escape
    login = f"{url.rstrip('/')}/hub/login?username={quote(p.username)}"
    return f"""<section class="letter" aria-labelledby="h-{e(p.username)}">
<h1 id="h-{e(p.username)}">Welcome to {e(course)}, {e(p.name)}</h1>
<p>Your clinic has made you a place on this course about low back pain. You can use it on a computer,
tablet or phone.</p>
<ol>
<li>Go to this address: <strong>{e(url)}</strong></li>
<li>Your user name is: <span class="secret">{e(p.username)}</span></li>
<li>The first time, type this code as your password: <span class="secret code">{e(p.code)}</span></li>
<li>Then choose your own password (8 letters or more) and write it down somewhere safe.</li>
</ol>
<p>The code works only until you choose your password, and only until {p.expires:%d %B %Y}.
If it has stopped working, ask the clinic for a new letter. Keep this letter private: the code opens
your account.</p>
<p>Or go straight to your log-in page: {e(login)}</p>
<p>The course teaches. It does not diagnose or take the place of your doctor. Lesson 1 shows the
warning signs everyone with back pain should know.</p>
</section>"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{body}</body></html>")


def write_letters(people: list[Enrolled], course: str, url: str, folder: Path) -> list[Path]:
    """One HTML file per person (``<username>.html``) and ``all-letters.html``; owner-only files."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    out = []
    for p in people:
        path = folder / f"{p.username}.html"
        write_text(path, _page(f"{course}: letter for {p.name}", _letter(p, course, url)))
        out.append(path)
    every = folder / "all-letters.html"
    write_text(every, _page(f"{course}: enrolment letters", "\n".join(_letter(p, course, url) for p in people)))
    return out
