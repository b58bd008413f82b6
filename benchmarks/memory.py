"""Memory per learner: one learner's Jupyter server plus the kernel of a lesson, after the lesson ran.

A JupyterLab server (the same extensions a learner's hub server loads: lab, nbgrader, voila) is
started on 127.0.0.1 with a token; each lesson is opened as a notebook session and its code cells
run in that kernel through the server's websocket, as the browser would. Then the resident memory
(RSS, and PSS where the kernel allows it: RSS counts shared library pages once per process, PSS
splits them between the processes that share them) of the server and of the kernel is read, the
kernel is shut down and the next lesson gets a fresh one.

Capacity on a clinic machine = usable memory / (server + largest lesson kernel), with 2 GB kept for
the system and the hub. Goal: a lesson kernel <= 150 MB.

    python -m benchmarks.memory            (all lessons)
    python -m benchmarks.memory --lessons welcome anatomy
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat
import requests

from backschool.manifest import load_course, repo_root
from backschool.testing import browser
from backschool.testing.hubtools import free_port

KERNEL_BUDGET_MB = 150.0
MACHINE_GB = 24.0
RESERVED_GB = 2.0  # operating system, JupyterHub, proxy, formgrader service
MB = 1024 * 1024


def _rss_pss(pid: int) -> tuple[float, float | None]:
    """Resident and proportional set size in MB (psutil if there, else /proc)."""
    try:
        import psutil

        proc = psutil.Process(pid)
        rss = proc.memory_info().rss / MB
        try:
            pss = proc.memory_full_info().pss / MB
        except (psutil.AccessDenied, AttributeError):
            pss = None
        return rss, pss
    except ImportError:
        rss = pss = None
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1]) / 1024
        except OSError:
            pass
        return rss, pss


def _kernel_pid(server_pid: int, kernel_id: str) -> int:
    """The kernel process is a child of the server whose command line names the kernel's id."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if kernel_id in cmd and "ipykernel" in cmd:
            return int(entry)
    raise RuntimeError(f"kernel {kernel_id} of server {server_pid} not found")


def _run_cells(url: str, token: str, kernel_id: str, cells: list[str], timeout: float = 120) -> None:
    import websocket  # websocket-client, installed with jupyter_server's terminals

    ws = websocket.create_connection(f"ws://{url.split('://', 1)[1]}/api/kernels/{kernel_id}/channels",
                                     header=[f"Authorization: token {token}"], timeout=timeout)
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "username": "bench", "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "error":
                    raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
    finally:
        ws.close()


def measure(lessons: list[str] | None = None, machine_gb: float = MACHINE_GB) -> dict:
    """Run each lesson in a fresh kernel of one Jupyter server; return memory figures in MB."""
    course = load_course()
    chosen = [lesson for lesson in course.lessons if not lessons or lesson.id in lessons]
    if not chosen:
        raise ValueError(f"no lesson among {lessons}")
    work = Path(tempfile.mkdtemp(prefix="backschool-memory-"))
    root = work / "root"
    (root / "lessons").mkdir(parents=True)
    for lesson in chosen:
        shutil.copy(lesson.notebook, root / "lessons" / lesson.notebook.name)
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")},
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "BACKSCHOOL_HOME": str(repo_root()), "HOME": str(work),
           "BACKSCHOOL_DATA_DIR": str(work / "data"),
           "JUPYTER_CONFIG_DIR": str(work / "config"), "JUPYTER_RUNTIME_DIR": str(work / "runtime")}
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           *(["--allow-root"] if os.geteuid() == 0 else [])]
    headers = {"Authorization": f"token {token}"}
    rows: dict[str, dict] = {}
    try:
        with browser.jupyter_server(cmd, env, work, port, token, timeout=60) as running:
            server_pid = running["pid"]
            server_idle_mb, _ = _rss_pss(server_pid)
            for lesson in chosen:
                nb = nbformat.read(lesson.notebook, as_version=4)
                cells = [c.source for c in nb.cells if c.cell_type == "code"]
                path = f"lessons/{lesson.notebook.name}"
                t0 = time.monotonic()
                sess = requests.post(f"{url}/api/sessions", headers=headers, timeout=60, json={
                    "path": path, "type": "notebook", "name": lesson.notebook.name,
                    "kernel": {"name": "python3"}}).json()
                kernel_id = sess["kernel"]["id"]
                _run_cells(url, token, kernel_id, cells)
                seconds = time.monotonic() - t0
                kernel_rss, kernel_pss = _rss_pss(_kernel_pid(server_pid, kernel_id))
                server_rss, server_pss = _rss_pss(server_pid)
                rows[lesson.id] = {"kernel_rss_mb": kernel_rss, "kernel_pss_mb": kernel_pss,
                                   "server_rss_mb": server_rss, "server_pss_mb": server_pss, "seconds": seconds}
                requests.delete(f"{url}/api/sessions/{sess['id']}", headers=headers, timeout=60)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    worst = max(rows, key=lambda k: rows[k]["kernel_rss_mb"])
    server_mb = max(r["server_rss_mb"] for r in rows.values())
    kernel_mb = rows[worst]["kernel_rss_mb"]
    per_learner = server_mb + kernel_mb
    usable_mb = (machine_gb - RESERVED_GB) * 1024
    pss = [r["kernel_pss_mb"] for r in rows.values()] + [r["server_pss_mb"] for r in rows.values()]
    per_learner_pss = None
    if None not in pss:
        per_learner_pss = max(r["server_pss_mb"] for r in rows.values()) + max(
            r["kernel_pss_mb"] for r in rows.values())
    return {
        "lessons": rows,
        "server_idle_rss_mb": server_idle_mb,
        "server_rss_mb": server_mb,
        "worst_lesson": worst,
        "kernel_rss_mb": kernel_mb,
        "per_learner_rss_mb": per_learner,
        "per_learner_pss_mb": per_learner_pss,
        "machine_gb": machine_gb,
        "learners_per_machine": int(usable_mb // per_learner),
        "learners_per_machine_pss": int(usable_mb // per_learner_pss) if per_learner_pss else None,
        "kernel_budget_mb": KERNEL_BUDGET_MB,
        "within_budget": kernel_mb <= KERNEL_BUDGET_MB,
    }


def report(data: dict) -> str:
    lines = [f"{'lesson':<16}{'kernel RSS':>11}{'kernel PSS':>11}{'server RSS':>11}{'seconds':>9}"]
    for lesson_id, r in data["lessons"].items():
        pss = f"{r['kernel_pss_mb']:.0f}" if r["kernel_pss_mb"] is not None else "-"
        lines.append(f"{lesson_id:<16}{r['kernel_rss_mb']:>11.0f}{pss:>11}{r['server_rss_mb']:>11.0f}"
                     f"{r['seconds']:>9.1f}")
    lines += [
        "",
        f"learner's Jupyter server: {data['server_idle_rss_mb']:.0f} MB idle, {data['server_rss_mb']:.0f} MB after the lessons",
        f"largest lesson kernel: {data['kernel_rss_mb']:.0f} MB ({data['worst_lesson']}); "
        f"goal <= {data['kernel_budget_mb']:.0f} MB: {'yes' if data['within_budget'] else 'MISSED'}",
        f"per learner (server + one lesson kernel): {data['per_learner_rss_mb']:.0f} MB RSS"
        + (f", {data['per_learner_pss_mb']:.0f} MB PSS" if data["per_learner_pss_mb"] else ""),
        f"learners on a {data['machine_gb']:.0f} GB machine ({RESERVED_GB:.0f} GB kept for system and hub): "
        f"{data['learners_per_machine']} by RSS"
        + (f", {data['learners_per_machine_pss']} by PSS (shared libraries counted once)"
           if data["learners_per_machine_pss"] else ""),
        "Each further open lesson adds one kernel; the idle culler stops servers left idle.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", nargs="*", help="lesson ids from course.yml (default: all)")
    parser.add_argument("--machine-gb", type=float, default=MACHINE_GB)
    args = parser.parse_args(argv)
    data = measure(args.lessons, machine_gb=args.machine_gb)
    print(report(data))
    return 0 if data["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
