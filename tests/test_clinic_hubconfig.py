"""deploy/jupyterhub_config.py with BACKSCHOOL_AUTH=invite, loaded as JupyterHub loads it (no hub started):
the enrolled people become hub users in the right groups, the enrol service's token is kept owner-only,
and the state folder is the one the `backschool admin` commands use by default."""
from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from backschool.clinic import enrol, roster
from backschool import settings
from backschool.manifest import repo_root

ROOT = repo_root()


def _load(monkeypatch, state, **env):
    for var in ("BACKSCHOOL_EXTRA_CONFIG", "BACKSCHOOL_LEARNERS", "BACKSCHOOL_INSTRUCTORS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BACKSCHOOL_HOME", str(ROOT))
    monkeypatch.setenv("BACKSCHOOL_STATE_DIR", str(state))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "deploy")).load_config()


def test_same_default_state_folder(monkeypatch):
    """The hub and the `backschool admin` commands take the state folder's default from settings alone."""
    text = (ROOT / "deploy" / "jupyterhub_config.py").read_text()
    assert re.search(r'env\("STATE_DIR", ([^)]+)\)', text).group(1) == "settings.DEFAULT_STATE_DIR"
    monkeypatch.delenv(settings.STATE_DIR_ENV, raising=False)
    assert settings.state_dir() == Path(settings.DEFAULT_STATE_DIR)


def test_invite_config(monkeypatch, tmp_path, course):
    state = tmp_path / "hub"
    enrol.enrol(state, [("Ada Lane", ""), ("Bo Kim", "bo@example.org")], course.course_id)
    enrol.enrol(state, [("Cy Teacher", "")], course.course_id, role="instructor")
    cfg = _load(monkeypatch, state, BACKSCHOOL_AUTH="invite")
    assert cfg.JupyterHub.authenticator_class == "backschool.clinic.hubauth.ClinicAuthenticator"
    assert cfg.ClinicAuthenticator.create_system_users is True
    assert cfg.ClinicAuthenticator.roster_path == str(state / roster.ROSTER_FILE)
    assert cfg.ClinicAuthenticator.dbm_path == str(state / roster.PASSWORDS_FILE)
    assert "HOME_MODE=0700" in cfg.ClinicAuthenticator.add_user_cmd, "private homes"
    groups = {g: set(v["users"]) for g, v in cfg.JupyterHub.load_groups.items()}
    learners, instructors = groups[f"nbgrader-{course.course_id}"], groups[f"formgrade-{course.course_id}"]
    assert {"ada-lane", "bo-kim", "cy-teacher"} <= learners
    assert "cy-teacher" in instructors and "ada-lane" not in instructors
    assert {"ada-lane", "bo-kim", "cy-teacher"} <= cfg.Authenticator.allowed_users
    api = state / roster.HUB_API_FILE
    assert stat.S_IMODE(api.stat().st_mode) == 0o600
    token = json.loads(api.read_text())["token"]
    svc = next(s for s in cfg.JupyterHub.services if s["name"] == "backschool-enrol")
    assert svc["api_token"] == token and len(token) >= 32
    role = next(r for r in cfg.JupyterHub.load_roles if r["name"] == "backschool-enrol")
    assert "admin:users" in role["scopes"] and "admin:servers" not in role["scopes"]
    # A restart keeps the token, so the command goes on working.
    _load(monkeypatch, state, BACKSCHOOL_AUTH="invite")
    assert json.loads(api.read_text())["token"] == token


def test_other_logins_leave_enrolment_off(monkeypatch, tmp_path):
    cfg = _load(monkeypatch, tmp_path / "hub", BACKSCHOOL_AUTH="pam")
    assert cfg.JupyterHub.authenticator_class == "pam"
    assert not any(s["name"] == "backschool-enrol" for s in cfg.JupyterHub.services)
    assert not (tmp_path / "hub" / roster.HUB_API_FILE).exists()


def test_warm_kernels_on_the_hub(monkeypatch, tmp_path):
    """By default a learner's server warms a kernel only on the course home; a wrong value stops the hub."""
    monkeypatch.delenv("BACKSCHOOL_WARM_KERNELS", raising=False)
    args = _load(monkeypatch, tmp_path / "hub", BACKSCHOOL_AUTH="pam").Spawner.args
    assert "--WarmKernelManager.pool_size=1" in args and "--WarmKernelManager.refill=at_home" in args, args
    args = _load(monkeypatch, tmp_path / "hub", BACKSCHOOL_AUTH="pam", BACKSCHOOL_WARM_KERNELS="off").Spawner.args
    assert "--WarmKernelManager.pool_size=0" in args and not any("refill" in a for a in args), args
    with pytest.raises(SystemExit, match="use one of home, always, off"):
        _load(monkeypatch, tmp_path / "hub", BACKSCHOOL_AUTH="pam", BACKSCHOOL_WARM_KERNELS="1")
