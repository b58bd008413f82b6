"""Helpers for the slow JupyterHub test: throw-away Unix users, a real hub on loopback, and a
small client for running code in a kernel through the hub's proxy.

Everything here talks to 127.0.0.1 only. Nothing is left behind: users are removed with their
homes, ACL entries added for them are taken away, and the hub (with the servers and services it
started) is stopped.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import tempfile
import signal
import socket
import stat
import subprocess
import sys
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import requests

from ..manifest import load_course

ROOT = Path(__file__).resolve().parents[2]  # the checkout (backschool/testing/ is two below it)
COURSE = load_course(ROOT / "course.yml").course_id
VENV_BIN = Path(sys.executable).parent
CHP = ROOT / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def _acl_is_minimal(path: Path, ignore_mask: bool = False) -> bool:
    """True when ``path`` has no ACL entries beyond its mode bits (and, optionally, a mask)."""
    out = subprocess.run(["getfacl", "-cp", str(path)], capture_output=True, text=True).stdout
    entries = [line for line in out.splitlines() if line and not line.startswith("#")]
    extra = [e for e in entries if not e.startswith(("user::", "group::", "other::"))]
    if ignore_mask:
        extra = [e for e in extra if not e.startswith("mask::")]
    return not extra


class UnixUsers:
    """Create real Unix users (useradd) for a test and remove them (userdel -r) afterwards.

    Homes are made private (0700): Debian's useradd would otherwise leave them world-readable,
    and the point of real users is that one learner cannot read another's work.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._acls: list[tuple[str, str]] = []
        self._had_no_acl: set[str] = set()
        self._chmods: list[tuple[Path, int]] = []

    def add(self, name: str) -> pwd.struct_passwd:
        if len(name) > 32:
            raise ValueError(f"user name too long: {name}")
        try:
            pwd.getpwnam(name)
            raise RuntimeError(f"Unix user {name} already exists; refusing to reuse it")
        except KeyError:
            pass
        _run(["useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name])
        self.names.append(name)
        pw = pwd.getpwnam(name)
        os.chmod(pw.pw_dir, 0o700)
        return pw

    def grant_traverse(self, *paths: Path) -> None:
        """Let our users reach ``paths`` (e.g. a pyenv Python under /root, which is 0700).

        Only directories that others cannot traverse are touched, with an ACL entry per test user
        (setfacl), undone in ``cleanup``. Without setfacl, o+x is added and the mode restored.
        """
        for path in paths:
            path = Path(path).resolve()
            for parent in [path, *path.parents] if path.is_dir() else list(path.parents):
                mode = parent.stat().st_mode
                if mode & stat.S_IXOTH:
                    continue
                if shutil.which("setfacl"):
                    if str(parent) not in self._had_no_acl and _acl_is_minimal(parent):
                        self._had_no_acl.add(str(parent))
                    for name in self.names:
                        _run(["setfacl", "-m", f"u:{name}:x", str(parent)])
                        self._acls.append((name, str(parent)))
                else:
                    self._chmods.append((parent, stat.S_IMODE(mode)))
                    os.chmod(parent, stat.S_IMODE(mode) | stat.S_IXOTH)

    def run_as(self, name: str, cmd: list[str], env: dict | None = None, cwd: str | None = None):
        """Run a command as ``name`` (runuser), with a clean environment plus ``env``."""
        pw = pwd.getpwnam(name)
        base = {"HOME": pw.pw_dir, "USER": name, "LOGNAME": name, "PATH": f"{VENV_BIN}:/usr/bin:/bin",
                "LANG": "C.UTF-8"}
        base.update(env or {})
        full = ["runuser", "-u", name, "--", "env", "-i", *[f"{k}={v}" for k, v in base.items()], *cmd]
        return subprocess.run(full, capture_output=True, text=True, cwd=cwd or pw.pw_dir, timeout=300)

    def cleanup(self) -> None:
        for name, path in reversed(self._acls):
            subprocess.run(["setfacl", "-x", f"u:{name}", path], capture_output=True)
        for path in self._had_no_acl:  # also drop the mask entry setfacl added: back to plain mode bits
            if _acl_is_minimal(Path(path), ignore_mask=True):
                subprocess.run(["setfacl", "-b", path], capture_output=True)
        self._acls.clear()
        self._had_no_acl.clear()
        for path, mode in reversed(self._chmods):
            os.chmod(path, mode)
        for name in reversed(self.names):
            # Their processes should be gone with the hub; make sure before removing the user.
            subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
            for _ in range(20):
                if subprocess.run(["userdel", "--remove", name], capture_output=True).returncode in (0, 6):
                    break
                time.sleep(0.25)
        self.names.clear()


class Hub:
    """A real JupyterHub started from deploy/jupyterhub_config.py on 127.0.0.1."""

    def __init__(self, state: Path, env: dict[str, str]) -> None:
        self.state = state
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_hex(24)
        self.password = secrets.token_urlsafe(12)
        self.log_path = state / "jupyterhub.log"
        extra = state / "extra_config.py"
        # A test-only service whose token can spawn servers and make tokens for our users.
        extra.write_text(
            "c = get_config()\n"
            "c.JupyterHub.services.append({'name': 'test-admin', 'api_token': %r})\n"
            "c.JupyterHub.load_roles.append({'name': 'test-admin', 'services': ['test-admin'],\n"
            "    'scopes': ['admin:users', 'admin:servers', 'tokens', 'list:users', 'read:users',\n"
            "               'list:services', 'read:services', 'read:groups', 'list:groups']})\n"
            % self.admin_token
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("BACKSCHOOL_", "JUPYTER"))},
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "BACKSCHOOL_HOME": str(ROOT),
            "BACKSCHOOL_STATE_DIR": str(state / "hub"),
            "BACKSCHOOL_HUB_IP": "127.0.0.1",
            "BACKSCHOOL_HUB_PORT": str(self.port),
            "BACKSCHOOL_HUB_API_PORT": str(free_port()),
            "BACKSCHOOL_PROXY_API_PORT": str(free_port()),
            "BACKSCHOOL_FORMGRADER_PORT": str(free_port()),
            "BACKSCHOOL_PROXY_CMD": str(CHP),
            "BACKSCHOOL_AUTH": "dummy",
            "BACKSCHOOL_DUMMY_PASSWORD": self.password,
            "BACKSCHOOL_EXTRA_CONFIG": str(extra),
            **env,
        }
        self.proc: subprocess.Popen | None = None

    # -- life cycle -------------------------------------------------------------------------------
    def start(self, timeout: float = 60) -> None:
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(ROOT / "deploy" / "jupyterhub_config.py")],
            cwd=self.state, env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterHub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
                pass
            time.sleep(0.3)
        raise RuntimeError(f"JupyterHub did not answer within {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops servers, services and the proxy
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        pid_file = Path(self.env["BACKSCHOOL_STATE_DIR"]) / "jupyterhub-proxy.pid"
        if pid_file.exists():  # a proxy left running by a crashed hub
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass
        if getattr(self, "_log", None):
            self._log.close()

    def log(self, tail: int = 12000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    # -- hub API -----------------------------------------------------------------------------------
    def api(self, method: str, path: str, token: str | None = None, **kw) -> requests.Response:
        headers = {"Authorization": f"token {token or self.admin_token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=30, **kw)

    def token_for(self, user: str) -> str:
        r = self.api("POST", f"/users/{user}/tokens", json={"note": "test", "expires_in": 3600})
        r.raise_for_status()
        return r.json()["token"]

    def spawn(self, *users: str, timeout: float = 120) -> None:
        """Ask the hub to start each user's server (all at once), then wait until all are ready."""
        for user in users:
            r = self.api("POST", f"/users/{user}/server")
            if r.status_code not in (201, 202, 400):  # 400: already running
                raise RuntimeError(f"spawn {user}: {r.status_code} {r.text}\n{self.log()}")
        waiting = set(users)
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            for user in sorted(waiting):
                model = self.api("GET", f"/users/{user}").json()
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    waiting.discard(user)
                elif not model.get("pending") and not server:
                    raise RuntimeError(f"server of {user} failed to start:\n{self.log()}")
            time.sleep(0.3)
        if waiting:
            raise RuntimeError(f"servers of {sorted(waiting)} not ready in {timeout}s:\n{self.log()}")

    def login(self, user: str) -> requests.Session:
        """A browser-like session: log in on the hub's login form with the password."""
        s = requests.Session()
        page = s.get(f"{self.url}/hub/login", timeout=30)
        xsrf = s.cookies.get("_xsrf", "")
        r = s.post(f"{self.url}/hub/login?next=", data={"username": user, "password": self.password, "_xsrf": xsrf},
                   timeout=60, allow_redirects=False)
        if r.status_code != 302:
            raise RuntimeError(f"login {user}: {r.status_code} {page.status_code} {r.text[:500]}")
        return s

    def get(self, path: str, token: str | None = None, **kw) -> requests.Response:
        headers = {"Authorization": f"token {token}"} if token else {}
        return requests.get(f"{self.url}{path}", headers=headers, timeout=60, **kw)

    def post(self, path: str, token: str, **kw) -> requests.Response:
        return requests.post(f"{self.url}{path}", headers={"Authorization": f"token {token}"}, timeout=300, **kw)


def run_in_kernel(hub: Hub, user: str, token: str, notebook_path: str, code: str, timeout: float = 120) -> dict:
    """Start a kernel in ``user``'s server (through the proxy) for ``notebook_path``, run ``code``.

    Returns {"stdout": ..., "error": None or "ename: evalue"}. The kernel's working directory is
    the notebook's folder, as when the learner opens the notebook.
    """
    import websocket  # websocket-client, a dependency of jupyter_server's terminals

    base = f"/user/{user}"
    r = hub.post(f"{base}/api/sessions", token, json={"path": notebook_path, "type": "notebook",
                                                       "name": Path(notebook_path).name,
                                                       "kernel": {"name": "python3"}})
    r.raise_for_status()
    session = r.json()
    kernel_id = session["kernel"]["id"]
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{hub.port}{base}/api/kernels/{kernel_id}/channels",
        header=[f"Authorization: token {token}"], timeout=timeout,
    )
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3", "date": ""},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    out, error = [], None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                break
        else:
            raise TimeoutError(f"code in {user}'s kernel did not finish in {timeout}s")
    finally:
        ws.close()
        requests.delete(f"{hub.url}{base}/api/sessions/{session['id']}",
                        headers={"Authorization": f"token {token}"}, timeout=30)
    return {"stdout": "".join(out), "error": error}


@contextmanager
def open_clinic(tmp_path_factory, **hub_env):
    """A real hub for one instructor and two learners (real Unix users), the grader user and its
    course folder, a shared exchange; the three servers spawned. Yields what the tests need."""
    tag = secrets.token_hex(2)
    users = UnixUsers()
    shared = Path(tempfile.mkdtemp(prefix="backschool-hub-", dir="/tmp"))
    hub = None
    try:
        os.chmod(shared, 0o755)
        exchange = shared / "exchange"
        exchange.mkdir()
        os.chmod(exchange, 0o1777)  # as nbgrader's docs ask: everyone writes, sticky
        names = {"grader": f"bs{tag}-grader", "instructor": f"bs{tag}-teach",
                 "learner1": f"bs{tag}-ann", "learner2": f"bs{tag}-bob"}
        for name in names.values():
            users.add(name)
        # The venv's Python may live under a private folder (pyenv in /root): let our users in.
        users.grant_traverse(Path(os.path.realpath(VENV_BIN / "python")), ROOT)
        grader_home = pwd.getpwnam(names["grader"]).pw_dir
        course_dir = f"{grader_home}/{COURSE}"
        env = {"BACKSCHOOL_COURSE_DIR": course_dir, "BACKSCHOOL_EXCHANGE_DIR": str(exchange),
               "BACKSCHOOL_HOME": str(ROOT)}
        # The course folder, made by the grader user as the admin guide says.
        made = users.run_as(names["grader"], [str(VENV_BIN / "python"), "-c",
                            "from backschool.instructor.paths import ensure_layout, layout; ensure_layout(layout())"],
                            env=env)
        assert made.returncode == 0, made.stderr
        state = tmp_path_factory.mktemp("hub")
        hub = Hub(state, {
            "BACKSCHOOL_LEARNERS": f"{names['learner1']},{names['learner2']}",
            "BACKSCHOOL_INSTRUCTORS": names["instructor"],
            "BACKSCHOOL_GRADER_USER": names["grader"],
            "BACKSCHOOL_COURSE_DIR": course_dir,
            "BACKSCHOOL_EXCHANGE_DIR": str(exchange),
            "BACKSCHOOL_CULL_TIMEOUT": "3600",
            "BACKSCHOOL_CULL_EVERY": "600",
            "BACKSCHOOL_MEM_LIMIT": "512M",
            **hub_env,
        })
        t0 = time.monotonic()
        hub.start()
        hub.spawn(*(names[w] for w in ("learner1", "learner2", "instructor")))
        tokens = {who: hub.token_for(name) for who, name in names.items() if who != "grader"}
        print(f"hub up and 3 servers spawned in {time.monotonic() - t0:.1f}s")
        yield {"hub": hub, "names": names, "tokens": tokens, "exchange": exchange, "course_dir": Path(course_dir),
               "state": state}
    finally:
        if hub is not None:
            hub.stop()
            log = hub.log(200000)
            (tmp_path_factory.getbasetemp() / "jupyterhub.log").write_text(log)
        users.cleanup()
        shutil.rmtree(shared, ignore_errors=True)
