"""Enrolment on a real hub (issue 15, item 2): deploy/jupyterhub_config.py with BACKSCHOOL_AUTH=invite on
127.0.0.1, run as root so the hub makes real Unix accounts.

`backschool admin enrol` reads a CSV and, through the running hub's API, adds each patient (the hub
runs useradd itself: LocalAuthenticator.create_system_users) and prints a letter each. A patient then
logs in on the hub's login form with the code from their letter, is sent to choose a password, logs
in with that password, and the code no longer works; another is erased on request. Every account the
hub made is removed afterwards.
"""
from __future__ import annotations

import csv
import json
import os
import pwd
import re
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from backschool.testing.hubtools import CHP, COURSE, ROOT, VENV_BIN, Hub, UnixUsers

IN_CI = bool(os.environ.get("CI"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 and not IN_CI, reason="needs root: real Unix users"),
    pytest.mark.skipif(not CHP.exists() and not IN_CI, reason="run scripts/install-system-deps.sh (configurable-http-proxy)"),
]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    tag = secrets.token_hex(2)
    users = UnixUsers()
    shared = Path(tempfile.mkdtemp(prefix="backschool-enrol-", dir="/tmp"))
    os.chmod(shared, 0o755)
    (shared / "exchange").mkdir()
    os.chmod(shared / "exchange", 0o1777)
    h = None
    try:
        grader = f"bs{tag}-grader"
        users.add(grader)
        users.grant_traverse(Path(os.path.realpath(VENV_BIN / "python")), ROOT)
        course_dir = f"{pwd.getpwnam(grader).pw_dir}/{COURSE}"
        made = users.run_as(grader, [str(VENV_BIN / "python"), "-c",
                            "from backschool.instructor.paths import ensure_layout, layout; ensure_layout(layout())"],
                            env={"BACKSCHOOL_COURSE_DIR": course_dir, "BACKSCHOOL_EXCHANGE_DIR": str(shared / "exchange"),
                                 "BACKSCHOOL_HOME": str(ROOT)})
        assert made.returncode == 0, made.stderr
        h = Hub(tmp_path_factory.mktemp("hub"), {
            "BACKSCHOOL_AUTH": "invite",
            "BACKSCHOOL_GRADER_USER": grader,
            "BACKSCHOOL_COURSE_DIR": course_dir,
            "BACKSCHOOL_EXCHANGE_DIR": str(shared / "exchange"),
        })
        h.start()
        yield {"hub": h, "users": users, "tag": tag, "state": Path(h.env["BACKSCHOOL_STATE_DIR"])}
    finally:
        if h is not None:
            h.stop()
            (tmp_path_factory.getbasetemp() / "jupyterhub-enrol.log").write_text(h.log(200000))
        users.cleanup()
        shutil.rmtree(shared, ignore_errors=True)


def _login(hub: Hub, user: str, password: str) -> tuple[requests.Session, requests.Response]:
    s = requests.Session()
    s.get(f"{hub.url}/hub/login", timeout=30)
    r = s.post(f"{hub.url}/hub/login", data={"username": user, "password": password, "_xsrf": s.cookies.get("_xsrf", "")},
               timeout=60, allow_redirects=False)
    return s, r


def _letter_secrets(letter: Path) -> tuple[str, str]:
    """What the patient reads off their letter: user name and one-time code."""
    text = letter.read_text(encoding="utf-8")
    found = re.findall(r'<span class="secret[^"]*">([^<]+)</span>', text)
    assert len(found) == 2, text
    return found[0], found[1]


def test_enrol_login_with_code_choose_password(hub, tmp_path):
    h, users, tag = hub["hub"], hub["users"], hub["tag"]
    people = [(f"Ada Lovelace {tag}", "ada@example.org"), (f"Bram Ng {tag}", "")]
    table = tmp_path / "patients.csv"
    with table.open("w", newline="") as fh:
        csv.writer(fh).writerows([("name", "email"), *people])
    env = {**h.env, "BACKSCHOOL_HOME": str(ROOT)}
    letters = tmp_path / "letters"
    t0 = time.monotonic()
    done = subprocess.run([str(VENV_BIN / "backschool"), "admin", "enrol", str(table), "--url", h.url,
                           "--letters", str(letters)], env=env, capture_output=True, text=True, timeout=120)
    names = [f"ada-lovelace-{tag}", f"bram-ng-{tag}"]
    users.names.extend(n for n in names if n not in users.names)  # removed with the test, whatever happens
    assert done.returncode == 0, done.stdout + done.stderr
    assert "accounts were made on the hub now" in done.stdout
    print(f"enrolled 2 in {time.monotonic() - t0:.1f}s")

    # The hub made real Unix accounts with private homes, and put them in the course group.
    for name in names:
        pw = pwd.getpwnam(name)
        assert stat.S_IMODE(os.stat(pw.pw_dir).st_mode) == 0o700
        model = h.api("GET", f"/users/{name}").json()
        assert f"nbgrader-{COURSE}" in model["groups"], model
    roster = json.loads((hub["state"] / "enrolment.json").read_text())
    assert roster[names[0]]["email"] == "ada@example.org" and roster[names[0]]["invite"].startswith("$2")
    assert stat.S_IMODE((hub["state"] / "enrolment.json").stat().st_mode) == 0o600

    letter = letters / f"{names[0]}.html"
    user, code = _letter_secrets(letter)
    assert user == names[0] and h.url in letter.read_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert code not in json.dumps(roster), "only a hash of the code is kept"

    # Wrong code, someone else's code: refused. A patient with no password yet cannot be claimed.
    assert _login(h, user, "WRONG-CODE-0000")[1].status_code == 403
    assert _login(h, user, _letter_secrets(letters / f"{names[1]}.html")[1])[1].status_code == 403
    assert _login(h, user, "any-first-password")[1].status_code == 403

    # The code as typed from the letter (lower case, no dashes): in, and sent to choose a password.
    s, r = _login(h, user, code.replace("-", " ").lower())
    assert r.status_code == 302 and r.headers["Location"].endswith("/hub/auth/change-password"), r.headers
    page = s.get(f"{h.url}/hub/auth/change-password", timeout=30)
    assert page.status_code == 200 and "password" in page.text.lower()
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    short = s.post(f"{h.url}/hub/auth/change-password", data={"password": "short", "_xsrf": xsrf}, timeout=30)
    assert "too short" in short.text.lower()
    mine = "my own back plan 2026"
    r = s.post(f"{h.url}/hub/auth/change-password", data={"password": mine, "_xsrf": xsrf}, timeout=30)
    assert r.status_code == 200 and "changed successfully" in r.text, r.text[-800:]

    # Their own password works; the code does not any more.
    s2, r = _login(h, user, mine)
    assert r.status_code == 302 and "change-password" not in r.headers["Location"], r.headers
    assert _login(h, user, code)[1].status_code == 403
    # The account is a real one: the patient's server starts as their own Unix user.
    users.grant_traverse(Path(os.path.realpath(VENV_BIN / "python")), ROOT)
    h.spawn(user)
    assert h.api("GET", f"/users/{user}").json()["servers"][""]["ready"]
    assert json.loads((hub["state"] / "enrolment.json").read_text())[user]["invite"] is None

    # The other patient's code still works (once they use it, it is theirs to replace).
    other, other_code = _letter_secrets(letters / f"{names[1]}.html")
    assert _login(h, other, other_code)[1].status_code == 302
    # A lost password: a new code (new letter); the old password stops working, the new code works.
    again = subprocess.run([str(VENV_BIN / "backschool"), "admin", "new-code", user, "--url", h.url,
                            "--letters", str(tmp_path / "again")], env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    _, new_code = _letter_secrets(tmp_path / "again" / f"{user}.html")
    assert _login(h, user, mine)[1].status_code == 403
    assert _login(h, user, new_code)[1].status_code == 302


    # Erasure on request: the hub account (through the hub's API), the Unix account and home, the
    # enrolment entry with their name and e-mail, and their password all go; the other patient stays.
    home = Path(pwd.getpwnam(other).pw_dir)
    gone = subprocess.run([str(VENV_BIN / "backschool"), "admin", "erase-learner", other, "--yes"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert f"Unix account {other}" in gone.stdout and "enrolment entry" in gone.stdout
    assert f"hub account {other}" in gone.stdout
    assert h.api("GET", f"/users/{other}").status_code == 404
    with pytest.raises(KeyError):
        pwd.getpwnam(other)
    assert not home.exists()
    assert other not in json.loads((hub["state"] / "enrolment.json").read_text())
    assert _login(h, other, other_code)[1].status_code == 403
    assert h.api("GET", f"/users/{user}").status_code == 200 and pwd.getpwnam(user)


def test_enrol_refuses_bad_input(hub, tmp_path):
    h = hub["hub"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,email\nAda,not-an-address\n,x@example.org\n")
    env = {**h.env, "BACKSCHOOL_HOME": str(ROOT)}
    r = subprocess.run([str(VENV_BIN / "backschool"), "admin", "enrol", str(bad), "--url", h.url],
                       env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 2 and "row 1" in r.stderr and "row 2" in r.stderr and "nobody was enrolled" in r.stderr
    r = subprocess.run([str(VENV_BIN / "backschool"), "admin", "enrol", str(bad)], env={**env, "BACKSCHOOL_PUBLIC_URL": ""},
                       capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 2 and "--url" in r.stderr
    assert not list(tmp_path.glob("enrolment-letters-*"))
