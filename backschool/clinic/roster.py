"""The clinic's list of enrolled people and their one-time codes: one small JSON file beside the hub's database.

The hub's authenticator (``hubauth``) reads it at each login; ``backschool admin enrol`` writes it.
A code is kept only as a bcrypt hash, works until its owner has chosen a password (or until it
expires), and is typed the way a patient reads it: case, spaces and dashes do not matter.
Writes take an exclusive lock and replace the file atomically, so the hub and the command can
both write without losing an entry.
"""
from __future__ import annotations

import fcntl
import json
import secrets
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from ..atomic import write_text

ROSTER_FILE = "enrolment.json"
PASSWORDS_FILE = "passwords.dbm"  # FirstUseAuthenticator's bcrypt password store
HUB_API_FILE = "admin-api.json"  # written by jupyterhub_config.py: the hub API URL and the enrol service's token
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read off a letter


def new_code() -> str:
    """12 characters in three groups (about 60 bits), e.g. K7PM-4QRX-9TZH."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _plain(code: str) -> bytes:
    return "".join(ch for ch in code.upper() if ch.isalnum()).encode()


def hash_code(code: str) -> str:
    import bcrypt

    return bcrypt.hashpw(_plain(code), bcrypt.gensalt()).decode()


def code_matches(code: str, hashed: str) -> bool:
    import bcrypt

    try:
        return bcrypt.checkpw(_plain(code), hashed.encode())
    except ValueError:
        return False


def now() -> datetime:
    return datetime.now(timezone.utc)


class Roster:
    """username -> {name, email, role, invite (hash or None), expires, enrolled, password_set}."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return data if isinstance(data, dict) else {}

    @contextmanager
    def editing(self) -> Iterator[dict[str, dict]]:
        """Read, let the caller change the dict, write it back atomically, all under one lock."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = self.read()
            yield entries
            # names and e-mail addresses of patients: owner only
            write_text(self.path, json.dumps(entries, indent=1, sort_keys=True, ensure_ascii=False))

    def invite_ok(self, username: str, code: str) -> bool:
        """True if ``code`` is ``username``'s unused, unexpired one-time code."""
        entry = self.read().get(username) or {}
        hashed, expires = entry.get("invite"), entry.get("expires")
        if not hashed or not expires or datetime.fromisoformat(expires) < now():
            return False
        return code_matches(code, hashed)

    def password_chosen(self, username: str) -> None:
        """The person set their own password: their one-time code stops working."""
        with self.editing() as entries:
            if username in entries:
                entries[username]["invite"] = None
                entries[username]["password_set"] = now().isoformat(timespec="seconds")

    def new_invite(self, username: str, days: int) -> tuple[str, datetime]:
        code, expires = new_code(), now() + timedelta(days=days)
        with self.editing() as entries:
            entries[username].update(invite=hash_code(code), expires=expires.isoformat(timespec="seconds"), password_set=None)
        return code, expires

    def forget(self, username: str) -> bool:
        """Remove a person's entry (erasure, or deleted from the hub); True if there was one."""
        if username not in self.read():
            return False
        with self.editing() as entries:
            entries.pop(username, None)
        return True
