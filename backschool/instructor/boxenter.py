"""Runs inside the grading box's new namespaces (as root there): hide, limit, drop privileges, exec the kernel.

Started by box.BoxedKernelManager as
``boxenter SCRATCH UID GID CPU MEM NPROC FSIZE [--hide DIR | --keep DIR]... -- KERNEL...``.
The kernel is started through util-linux's ``setpriv``: as the box user (UID >= 0), or, in a user
namespace (UID -1), as that namespace's root without any capability and unable to regain one
(securebits noroot), so it cannot undo the mounts that hide the course. Imports nothing heavy: it
runs once per grading kernel.
"""
from __future__ import annotations

import ctypes
import os
import resource
import sys
from pathlib import Path

_MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC = 2, 4, 4096, 16384


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    if libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                  data.encode() if data else None) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {source} on {target}: {os.strerror(err)}")


def _hide(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=4m,mode=0755")


def _put_back(path: Path, fd: int) -> None:
    """Bind a folder hidden by a tmpfs above it back in its place (through a handle opened before)."""
    if path.is_dir() and os.path.samestat(os.stat(path), os.fstat(fd)):
        return
    path.mkdir(parents=True, exist_ok=True)
    _mount(f"/proc/self/fd/{fd}", str(path), None, _MS_BIND | _MS_REC, None)


def _enter(scratch: Path, uid: int, gid: int, limits: list[int], hide: list[str], keep: list[str]) -> None:
    """Hide every ``--hide`` folder, put back the ``--keep`` ones (the Python, the course checkout) and the
    scratch folder through handles opened before, hide again what lies inside those (the course folder
    may live in the checkout, the checkout in /tmp), then set the limits and go to the scratch folder."""
    held = {Path(p): os.open(p, os.O_PATH) for p in [*keep, str(scratch)] if os.path.exists(p)}
    for path in hide:
        _hide(path)
    for path, fd in held.items():
        _put_back(path, fd)
        os.close(fd)
    for path in hide:
        if any(Path(path) == k or k in Path(path).parents for k in held):
            _hide(path)
    cpu, memory, processes, file_size = limits
    for which, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, memory),
                         (resource.RLIMIT_NPROC, processes), (resource.RLIMIT_FSIZE, file_size),
                         (resource.RLIMIT_NOFILE, 256), (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(which, (value, value))
    os.chdir(scratch)


def _drop(uid: int, gid: int) -> list[str]:
    """The setpriv command line that leaves the kernel no privilege at all."""
    user = ["--reuid", str(uid), "--regid", str(gid), "--clear-groups"] if uid >= 0 else []
    return ["/usr/bin/setpriv", *user, "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
            "--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked,+keep_caps_locked", "--"]


def main(argv: list[str]) -> None:
    """Enter the box, then become the kernel."""
    split = argv.index("--")
    head, kernel = argv[:split], argv[split + 1:]
    scratch, uid, gid, *rest = head
    limits = [int(v) for v in rest[:4]]
    hide = [rest[i + 1] for i in range(4, len(rest), 2) if rest[i] == "--hide"]
    keep = [rest[i + 1] for i in range(4, len(rest), 2) if rest[i] == "--keep"]
    if int(uid) >= 0:
        os.chown(scratch, int(uid), int(gid))
    _enter(Path(scratch), int(uid), int(gid), limits, hide, keep)
    command = _drop(int(uid), int(gid)) + kernel
    os.execve(command[0], command, dict(os.environ))


if __name__ == "__main__":
    main(sys.argv[1:])
