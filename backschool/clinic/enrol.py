"""Enrol patients in bulk from a CSV file (name, optional email): an account and a letter each.

Each person gets a user name made from their name, a one-time code (kept only as a hash in the
roster) and a one-page letter to hand over. If the hub is running, it is asked through its REST
API to add them now (the hub's LocalAuthenticator then makes the Unix account) and to put them in
the course group; otherwise the hub adds them from the roster when it next starts.
"""
from __future__ import annotations

import csv
import dbm
import json
import pwd
import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .roster import HUB_API_FILE, PASSWORDS_FILE, ROSTER_FILE, Roster, now
from .stores import ClinicError, check_id

ROLES = {"learner": ["nbgrader-{course}"], "instructor": ["nbgrader-{course}", "formgrade-{course}"]}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class Enrolled:
    username: str
    name: str
    email: str
    code: str
    expires: datetime


def read_csv(path: Path) -> list[tuple[str, str]]:
    """(name, email) rows; a header row naming 'name' (and 'email') is used if present."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClinicError(f"Cannot read {path} ({exc}).") from None
    rows = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    if rows and rows[0] and rows[0][0].strip().lower() == "name":
        rows = rows[1:]
    out, problems = [], []
    for n, row in enumerate(rows, 1):
        name = row[0].strip() if row else ""
        email = row[1].strip() if len(row) > 1 else ""
        if not name:
            problems.append(f"row {n}: no name")
        elif email and not _EMAIL.match(email):
            problems.append(f"row {n}: {email!r} is not an e-mail address")
        else:
            out.append((name, email))
    if problems:
        raise ClinicError(f"{path} has problems; nobody was enrolled:\n  " + "\n  ".join(problems))
    if not out:
        raise ClinicError(f"{path} lists nobody (one person a line: name, optional email).")
    return out


def username_for(name: str, taken: set[str]) -> str:
    """'Zoë O'Brien' -> 'zoe-obrien' (a valid Unix name), with a number if it is taken."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain.replace("'", "")).strip("-")[:24].rstrip("-") or "patient"
    if not base[0].isalpha():
        base = f"p-{base}"[:24]
    candidate, n = base, 1
    while candidate in taken or _unix_user(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _unix_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def hub_api(state: Path, method: str, path: str, body: dict | None = None) -> dict | None:
    """Call the running hub as the enrol service; None if the hub is not running, {} for 404."""
    try:
        info = json.loads((state / HUB_API_FILE).read_text())
    except (OSError, ValueError):
        return None
    req = urllib.request.Request(f"{info['url'].rstrip('/')}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"token {info['token']}",
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return {}  # no such user or group: nothing there
        raise ClinicError(f"The hub refused {method} {path}: {exc.code} {exc.read()[:300]!r}") from None
    except (urllib.error.URLError, OSError):
        return None
    return json.loads(raw) if raw else {}


def enrol(state: Path, rows: list[tuple[str, str]], course_id: str, role: str = "learner",
          days: int = 14) -> tuple[list[Enrolled], bool]:
    """Add everyone to the roster with a fresh code; add them to the running hub if there is one.

    Returns the people and whether the hub made their accounts now.
    """
    if role not in ROLES:
        raise ClinicError(f"Role must be one of {', '.join(ROLES)}.")
    roster = Roster(state / ROSTER_FILE)
    people = []
    with roster.editing() as entries:
        taken = set(entries)
        for name, email in rows:
            user = username_for(name, taken)
            taken.add(user)
            entries[user] = {"name": name, "email": email, "role": role, "invite": None, "expires": None,
                             "enrolled": now().isoformat(timespec="seconds"), "password_set": None}
            people.append(Enrolled(user, name, email, "", now()))
    for p in people:
        p.code, p.expires = roster.new_invite(p.username, days)
    names = [p.username for p in people]
    live = hub_api(state, "POST", "/users", {"usernames": names}) is not None
    if live:
        for group in ROLES[role]:
            hub_api(state, "POST", f"/groups/{group.format(course=course_id)}/users", {"users": names})
    return people, live


def new_code(state: Path, username: str, days: int = 14) -> Enrolled:
    """A fresh one-time code for an enrolled person; their old password stops working."""
    roster = Roster(state / ROSTER_FILE)
    entry = roster.read().get(check_id(username))
    if entry is None:
        raise ClinicError(f"{username} is not enrolled (see {state / ROSTER_FILE}).")
    try:
        with dbm.open(str(state / PASSWORDS_FILE), "w") as db:
            if username.encode() in db:
                del db[username.encode()]
    except dbm.error:
        pass  # no password store yet: nobody has chosen a password
    code, expires = roster.new_invite(username, days)
    return Enrolled(username, entry["name"], entry.get("email", ""), code, expires)


def roster_groups(state: Path, course_id: str) -> dict[str, list[str]]:
    """group -> enrolled user names, for the hub config to load at start."""
    groups: dict[str, list[str]] = {}
    for user, entry in sorted(Roster(state / ROSTER_FILE).read().items()):
        for group in ROLES.get(entry.get("role", "learner"), []):
            groups.setdefault(group.format(course=course_id), []).append(user)
    return groups
