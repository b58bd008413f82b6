"""The one atomic file writer: a crash or a second writer never leaves half a file behind.

Every file of learner or clinic data is written here: into a temporary file in the same folder,
flushed to disk, then renamed over the old one. A reader sees the old file or the new, never part.
"""
from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

OWNER_ONLY = 0o600  # learners' and patients' data
KEEP = None  # the mode the file has now (a new file: what a plain open() would give it)


def _umask_mode() -> int:
    """0o666 less the process umask, read without changing it (Linux shows it in /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    old = os.umask(0o022)
    os.umask(old)
    return 0o666 & ~old


def _mode_for(path: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return _umask_mode()


@contextmanager
def replacing(path: Path, mode: int | None = OWNER_ONLY, binary: bool = False) -> Iterator[IO]:
    """A file to write ``path``'s new content into; it takes ``path``'s place only if the block ends
    without an error. ``mode``: OWNER_ONLY (the default), KEEP, or any other permission bits."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    final = _mode_for(path, mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")  # 0o600 from the start
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, final)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str, mode: int | None = OWNER_ONLY) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` atomically."""
    with replacing(path, mode) as fh:
        fh.write(text)


def write_bytes(path: Path, data: bytes, mode: int | None = OWNER_ONLY) -> None:
    """Write ``data`` to ``path`` atomically."""
    with replacing(path, mode, binary=True) as fh:
        fh.write(data)
