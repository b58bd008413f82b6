"""The box a grading kernel runs in: defence in depth behind grading data, never code.

Only the course's released quiz code runs at autograde (see intake.py), but the kernel still runs
boxed, so that a bug or a future change cannot hand a learner the grader's keys:

- its own network namespace (no network: only a loopback that is down) and PID namespace (when
  the kernel ends, every process it started ends with it, whatever session it made);
- its own mount namespace, in which the course folder, the exchange, /home, /tmp and other
  shared folders are empty; only its scratch folder (a copy of the inspected answers, its sockets and
  its connection file) is there;
- an unprivileged user that is not the grader's (``backschool-box``, made when missing) when the
  grader runs as root; otherwise the grader's own user mapped in a user namespace;
- a clean environment (no hub token), resource limits, and no imports from the working folder.

``BoxedKernelManager`` is the kernel manager nbgrader's Execute uses (config.py); boxenter.py runs
inside the new namespaces, as root there, and turns itself into the kernel (boxkernel.py).
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile

import nbformat
from functools import lru_cache
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbgrader.preprocessors import Execute
from traitlets import Integer, List, Unicode

from .. import settings

ALWAYS_HIDDEN = ("/home", "/tmp", "/var/tmp", "/dev/shm", "/run/user", "/root", "/srv", "/var/lib/jupyterhub")


class BoxError(RuntimeError):
    """The box cannot be set up on this machine."""


@lru_cache(maxsize=1)
def mode() -> str:
    """'user' (root: a separate unprivileged user), 'userns' (no root: namespaces as this user)."""
    if shutil.which("unshare") is None:
        raise BoxError("the grading box needs util-linux's unshare (apt-get install util-linux)")
    if os.geteuid() == 0:
        return "user"
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--net", "--pid", "--fork", "--mount",
                            "true"], capture_output=True)
    if probe.returncode != 0:
        raise BoxError("the grading box needs root or unprivileged user namespaces "
                       f"(unshare said: {probe.stderr.decode(errors='replace').strip()[:200]})")
    return "userns"


def _grant_traversal(uid: int, path: Path) -> None:
    """Let the box user reach ``path`` (the Python it runs) through folders closed to others, with an ACL."""
    for parent in [path, *path.parents]:
        st = parent.stat()
        if st.st_mode & 0o001 or parent == Path("/"):
            continue
        if shutil.which("setfacl") is None:
            raise BoxError(f"{parent} is closed to other users and setfacl (apt-get install acl) is missing")
        subprocess.run(["setfacl", "-m", f"u:{uid}:x", str(parent)], check=True, capture_output=True)


@lru_cache(maxsize=1)
def box_user() -> tuple[int, int]:
    """The uid and gid of the box user, made (as a system user without a home) when missing."""
    name = settings.box_user()
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", name], check=True, capture_output=True)
        entry = pwd.getpwnam(name)
    if entry.pw_uid == 0:
        raise BoxError(f"the box user {name} must not be root")
    for target in {Path(sys.executable).resolve(), Path(__file__).resolve(), Path(sys.prefix).resolve()}:
        _grant_traversal(entry.pw_uid, target)
    return entry.pw_uid, entry.pw_gid


def box_base() -> Path:
    """Where scratch folders are made: closed to listing, each scratch owned by the box user."""
    base = Path(tempfile.gettempdir()) / f"backschool-box-{os.geteuid()}"
    base.mkdir(mode=0o711, exist_ok=True)
    os.chmod(base, 0o711)
    return base


def _kept() -> list[str]:
    """What the kernel needs to run, put back inside a hidden folder: the Python and the course checkout."""
    needed = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(__file__).resolve().parents[2]}
    return [str(p) for p in sorted(needed)]


def course_tag(course_root: str) -> str:
    """A short name for a course root, in its kernels' scratch folder names (to tell whose kernels run)."""
    import hashlib

    return hashlib.sha256(str(course_root).encode()).hexdigest()[:10]


def clean_env(scratch: Path) -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's (no tokens, no paths of its own)."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(scratch), "TMPDIR": str(scratch),
            "LANG": "C.UTF-8", "PYTHONNOUSERSITE": "1", "IPYTHONDIR": str(scratch / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(scratch), "MPLCONFIGDIR": str(scratch),
            "NBGRADER_EXECUTION": "autograde"}  # the quiz shows each answer handed in, not a widget


class BoxedKernelManager(AsyncKernelManager):
    """Starts each grading kernel in the box, in a fresh scratch folder, over Unix sockets."""

    hide = List(Unicode(), help="Folders the kernel must not see (the course root, the exchange).").tag(config=True)
    cpu_seconds = Integer(300, help="CPU time the kernel may use.").tag(config=True)
    memory_bytes = Integer(2 * 1024**3, help="Address space the kernel may use.").tag(config=True)
    processes = Integer(256, help="Processes and threads the box user may run.").tag(config=True)
    file_bytes = Integer(16 * 1024**2, help="Largest file the kernel may write.").tag(config=True)

    async def _async_pre_start_kernel(self, **kw):
        from ..answers import ANSWERS_FILE
        from .intake import MAX_ANSWERS_BYTES, UnsafeFile, read_small_file

        how = mode()
        uid, gid = box_user() if how == "user" else (-1, -1)
        self._scratch = Path(tempfile.mkdtemp(prefix=f"k-{course_tag(self.hide[0] if self.hide else '')}-",
                                              dir=box_base()))
        self.transport, self.ip = "ipc", str(self._scratch / "s")
        self.connection_file = str(self._scratch / "kernel.json")
        workdir = Path(kw.pop("cwd", None) or os.getcwd())
        try:
            (self._scratch / ANSWERS_FILE).write_bytes(read_small_file(workdir / ANSWERS_FILE, MAX_ANSWERS_BYTES))
        except (FileNotFoundError, UnsafeFile):
            pass
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if how == "user":
            for path in [self._scratch, *self._scratch.iterdir()]:
                os.chown(path, uid, gid)
        # Minimal tracebacks: a wrong answer's feedback is its one-line reason, and formatting a
        # full coloured traceback for every wrong answer was a large part of grading time.
        kernel = [sys.executable, "-I", "-m", "backschool.instructor.boxkernel", *cmd[3:],
                  "--InteractiveShell.xmode=Minimal"] if cmd[1:3] == ["-m", "ipykernel_launcher"] else cmd
        outer = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", "--net", "--pid", "--fork", "--kill-child", "--mount", "--mount-proc",
                 "--propagation", "private"]
        if how == "userns":
            outer[5:5] = ["--user", "--map-root-user"]
        limits = [str(v) for v in (self.cpu_seconds, self.memory_bytes, self.processes, self.file_bytes)]
        inner = [sys.executable, "-I", "-m", "backschool.instructor.boxenter", str(self._scratch), str(uid), str(gid),
                 *limits, *[arg for p in ALWAYS_HIDDEN for arg in ("--hide", p)],
                 *[arg for p in _kept() for arg in ("--keep", p)],
                 *[arg for p in self.hide for arg in ("--hide", p)], "--", *kernel]
        kw["cwd"] = str(self._scratch)
        kw["env"] = clean_env(self._scratch)
        return [*outer, "--", *inner], kw

    def stage(self, workdir: Path) -> None:
        """Put the next hand-in's inspected answers (and only them) in a warm kernel's scratch folder."""
        from ..answers import ANSWERS_FILE
        from .intake import MAX_ANSWERS_BYTES, UnsafeFile, read_small_file

        target = self._scratch / ANSWERS_FILE
        target.unlink(missing_ok=True)
        try:
            target.write_bytes(read_small_file(workdir / ANSWERS_FILE, MAX_ANSWERS_BYTES))
        except (FileNotFoundError, UnsafeFile):
            return
        if mode() == "user":
            os.chown(target, *box_user())

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        scratch = getattr(self, "_scratch", None)
        if scratch is not None and not restart:
            shutil.rmtree(scratch, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources



class BoxedExecute(Execute):
    """nbgrader's Execute, with grading kernels started in the box and kept warm between hand-ins.

    Only the course's released quiz code runs (intake.py), so one boxed kernel per worker process
    grades many hand-ins: before each, its scratch folder gets that hand-in's answers (and nothing
    else) and the kernel's state is reset (``reset_code``). A new kernel is started after
    ``reuse_limit`` hand-ins, or when the last one died. tests/test_grading_warm.py shows that
    nothing carries over from one learner to the next.
    """

    reuse_limit = Integer(25, help="Hand-ins one warm kernel grades before a fresh one is started.").tag(config=True)
    reset_code = Unicode(
        "get_ipython().reset(new_session=True)\n"
        "import ipywidgets, backschool.quiz\n"
        "ipywidgets.Widget.close_all()\n"
        "backschool.quiz.ANSWER_WIDGETS.clear()",
        help="Run in a warm kernel before each hand-in.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = BoxedKernelManager
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        warm = _WARM.get("kernel")
        if warm is not None and (_WARM["uses"] >= self.reuse_limit or not run_sync(warm[0].is_alive)()):
            close_warm_kernel()
            warm = None
        if warm is None:
            km = BoxedKernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                                    config=self.config)
            out = super().preprocess(nb, resources, km=km)
            _WARM.update(kernel=(km, self.kc), uses=1)
            return out
        km, kc = warm
        km.stage(Path(resources["metadata"]["path"]))
        _WARM["uses"] += 1
        self._reset_first = True
        return super().preprocess(nb, resources, km=km)

    def preprocess_cell(self, cell, resources, index):
        if index == 0 and getattr(self, "_reset_first", False):
            self._reset_first = False
            reset = nbformat.v4.new_code_cell(self.reset_code)
            self.execute_cell(reset, 0, store_history=False)
            failed = [o for o in reset.outputs if o.get("output_type") == "error"]
            if failed:
                raise RuntimeError(f"the warm grading kernel could not be reset: {failed[0].get('ename')}")
        return super().preprocess_cell(cell, resources, index)

    async def async_start_new_kernel_client(self):
        warm = _WARM.get("kernel")
        if warm is not None and warm[0] is self.km:
            self.kc = warm[1]
            self.kc.allow_stdin = False
            return self.kc
        return await super().async_start_new_kernel_client()


_WARM: dict = {}


def close_warm_kernel() -> None:
    """Shut down this process's warm grading kernel, if any (its box and every process in it go too)."""
    warm = _WARM.pop("kernel", None)
    _WARM.pop("uses", None)
    if warm is not None:
        km, kc = warm
        kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
