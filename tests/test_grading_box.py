"""The grading box, tried directly: hostile code run in a boxed kernel gets nothing of the grader's.

Grading never runs a hand-in's code (test_grading_attacks.py); this is the defence behind that:
even code that does run in a grading kernel has no network, no view of the course folder, the
exchange or other learners' files, no token, another user, limits, no imports from its folder, and
leaves no process behind.
"""
from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from backschool.instructor.box import BoxedKernelManager, course_tag

pytestmark = pytest.mark.slow

HOSTILE = r'''
import json, os, socket, subprocess, sys, resource
found = {"uid": os.getuid(), "cwd": os.getcwd(), "token": os.environ.get("JUPYTERHUB_API_TOKEN")}
def attempt(fn):
    try:
        fn()
        return "done"
    except BaseException as exc:
        return type(exc).__name__
def seen(path):
    try:
        return os.listdir(path)
    except OSError as exc:
        return type(exc).__name__
found["course"], found["exchange"], found["other"] = seen(COURSE), seen(EXCHANGE), os.path.exists(OTHER)
found["write_tmp"] = attempt(lambda: open("/tmp/pwned", "w"))
found["write_repo"] = attempt(lambda: open(REPO + "/pwned", "w"))
found["net"] = attempt(lambda: socket.create_connection(("127.0.0.1", PORT), timeout=2))
found["kill_grader"] = attempt(lambda: os.kill(GRADER, 9))
found["big_file"] = attempt(lambda: open("big", "wb").write(b"0" * (64 * 1024 * 1024)))
import backschool.quiz
found["quiz_module"] = backschool.quiz.__file__
found["caps"] = [ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("CapEff")][0]
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
found["umount"] = libc.umount2(b"/tmp", 2)
subprocess.Popen(["setsid", "sh", "-c", "sleep 4343"], start_new_session=True)
children = []
def bomb():
    for _ in range(2000):
        children.append(subprocess.Popen(["sleep", "4344"]))
found["fork_bomb"] = attempt(bomb)
found["children"] = len(children)
print("FOUND" + json.dumps(found))
'''


async def _run(code: str, cwd: Path, hide: list[str]) -> dict:
    km = BoxedKernelManager(hide=hide)
    await km.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        msg_id = kc.execute(code)
        text = ""
        while True:
            msg = await kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
            elif msg["msg_type"] == "error":
                text += "\n".join(msg["content"]["traceback"])
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kc.stop_channels()
        await km.shutdown_kernel()
    assert "FOUND" in text, text
    return json.loads(text.split("FOUND", 1)[1].strip().splitlines()[0])


def _stray(tag: str) -> list[str]:
    """Running processes whose line mentions ``tag`` (an exited one waiting to be reaped is not running)."""
    out = subprocess.run(["ps", "-eo", "user:32,stat,args"], capture_output=True, text=True).stdout
    return [ln for ln in out.splitlines() if tag in ln and "ps -eo" not in ln and ln.split()[1][0] != "Z"]


def test_hostile_code_in_a_boxed_kernel_gets_nothing(tmp_path, monkeypatch):
    course, exchange, other = tmp_path / "course", tmp_path / "exchange", tmp_path / "course" / "submitted" / "b"
    other.mkdir(parents=True)
    (course / "gradebook.db").write_text("grades")
    (other / "answers.json").write_text("{}")
    exchange.mkdir()
    (exchange / "outbound.ipynb").write_text("{}")
    work = course / "autograded" / "a" / "quiz01"
    work.mkdir(parents=True)
    (work / "answers.json").write_text(json.dumps({"answers": {}}))
    (work / "backschool").mkdir()  # a module named like the course's, in the kernel's working folder
    (work / "backschool" / "__init__.py").write_text("")
    (work / "backschool" / "quiz.py").write_text("def check(*a): pass\n")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-token-must-not-leak")
    repo = Path(__file__).resolve().parents[1]
    code = (f"COURSE, EXCHANGE, OTHER, REPO = {str(course)!r}, {str(exchange)!r}, {str(other)!r}, {str(repo)!r}\n"
            f"PORT, GRADER = {server.getsockname()[1]}, {os.getpid()}\n" + HOSTILE)
    found = asyncio.run(_run(code, work, [str(course), str(exchange)]))
    try:
        server.accept()
        connected = True
    except OSError:
        connected = False
    server.close()
    print(found)
    assert found["uid"] not in (0, os.getuid()) if os.geteuid() == 0 else True
    assert found["token"] is None
    assert found["course"] in ([], "FileNotFoundError") and found["exchange"] in ([], "FileNotFoundError")
    assert found["other"] is False
    assert found["write_tmp"] in ("PermissionError", "OSError") and found["write_repo"] in ("PermissionError", "OSError")
    assert found["net"] in ("OSError", "ConnectionRefusedError") and not connected
    assert found["kill_grader"] in ("ProcessLookupError", "PermissionError")
    assert found["big_file"] in ("OSError",), found["big_file"]  # RLIMIT_FSIZE: EFBIG
    assert found["quiz_module"] == str(repo / "backschool" / "quiz.py")
    assert int(found["caps"], 16) == 0 and found["umount"] == -1
    assert found["fork_bomb"] in ("BlockingIOError", "OSError") and found["children"] < 2000
    assert (course / "gradebook.db").read_text() == "grades"
    assert not (repo / "pwned").exists()
    import time

    for _ in range(20):  # the kernel's PID namespace is gone, and with it every process it started
        if not _stray("sleep 434"):
            break
        time.sleep(0.25)
    assert _stray("sleep 434") == []
    assert _stray(f"k-{course_tag(str(course))}-") == []


RUN_AS_GRADER = r"""
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import test_grading_box as t
print("RESULT" + json.dumps(asyncio.run(t._run(sys.argv[2], t.Path(sys.argv[3]), [sys.argv[4]]))))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to make the unprivileged grader user")
def test_box_for_a_grader_without_root(tmp_path):
    """The formgrader runs as the clinic's grader user: its box is a user namespace with no capability."""
    import pwd
    import shutil

    name = "bs-grader-test"
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
    from backschool.instructor.box import _grant_traversal

    uid = pwd.getpwnam(name).pw_uid
    repo = Path(__file__).resolve().parents[1]
    for path in (Path(sys.executable).resolve(), Path(sys.prefix).resolve(), repo / "tests"):
        _grant_traversal(uid, path)
    base = Path("/var/tmp") / f"bs-grader-test-{os.getpid()}"
    course = base / "course"
    work = course / "autograded" / "a" / "quiz01"
    work.mkdir(parents=True)
    (course / "gradebook.db").write_text("grades")
    (work / "answers.json").write_text("{}")
    shutil.chown(base, name)
    for p in base.rglob("*"):
        shutil.chown(p, name)
    code = (f"COURSE, EXCHANGE, OTHER, REPO = {str(course)!r}, {str(course)!r}, '/nonexistent', {str(repo)!r}\n"
            "PORT, GRADER = 9, 1\n" + HOSTILE)
    try:
        out = subprocess.run(["runuser", "-u", name, "--", sys.executable, "-c", RUN_AS_GRADER, str(repo / "tests"),
                              code, str(work), str(course)], capture_output=True, text=True, timeout=180,
                             env={"PATH": os.environ["PATH"], "HOME": str(base), "JUPYTERHUB_API_TOKEN": "leak-me"})
        assert "RESULT" in out.stdout, out.stdout[-2000:] + out.stderr[-3000:]
        found = json.loads(out.stdout.split("RESULT", 1)[1].strip().splitlines()[0])
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(found)
    assert found["token"] is None and found["course"] in ([], "FileNotFoundError")
    assert int(found["caps"], 16) == 0 and found["umount"] == -1
    assert found["net"] == "OSError" and found["write_repo"] in ("PermissionError", "OSError")
    assert found["fork_bomb"] in ("BlockingIOError", "OSError") and found["children"] < 2000
    assert _stray("sleep 434") == []
