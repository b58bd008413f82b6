"""nbgrader's collect, copying only small regular files from the exchange and naming the rest.

nbgrader's own copy follows links, copies pipes and devices, and fails the whole collect when one
hand-in is too big, so one learner could stop the class. Here each hand-in is copied file by file:
regular files up to a cap, never a link, a special file or anything past the caps. What was left
behind is written to ``.backschool/collect-QUIZ.json`` and shown as a flag on that learner's grade.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect

from ..atomic import KEEP, replacing, write_text

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 50


def flags_path(root: Path, quiz: str) -> Path:
    return root / ".backschool" / f"collect-{quiz}.json"


def read_flags(root: Path, quiz: str) -> dict[str, list[str]]:
    try:
        return json.loads(flags_path(root, quiz).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def copy_hand_in(src: Path, dest: Path) -> list[str]:
    """Copy the small regular files of ``src`` to ``dest``; return what was left behind, in plain words."""
    left = []
    copied = 0
    dest.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(src):
        rel = Path(root).relative_to(src)
        for name in sorted(dirs):
            if (Path(root) / name).is_symlink():
                left.append(f"{rel / name} (a link)")
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
        for name in sorted(files):
            path = Path(root) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                left.append(f"{rel / name} (a link)")
            elif not stat.S_ISREG(info.st_mode):
                left.append(f"{rel / name} (not a regular file)")
            elif info.st_size > MAX_FILE_BYTES:
                left.append(f"{rel / name} ({info.st_size} bytes, over the {MAX_FILE_BYTES} allowed)")
            elif copied >= MAX_FILES:
                left.append(f"{rel / name} (more than {MAX_FILES} files)")
            else:
                # What was listed may be swapped or grow before it is read: check what was opened,
                # and read no more than the limit allows.
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as fin:
                    if not stat.S_ISREG(os.fstat(fin.fileno()).st_mode):
                        left.append(f"{rel / name} (not a regular file)")
                        continue
                    data = fin.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    left.append(f"{rel / name} (over the {MAX_FILE_BYTES} bytes allowed)")
                    continue
                (dest / rel).mkdir(parents=True, exist_ok=True)
                with replacing(dest / rel / name, KEEP, binary=True) as fout:
                    fout.write(data)
                copied += 1
    return left


class SafeCollect(ExchangeCollect):
    """ExchangeCollect with a copy that cannot be made to fail, follow a link, or read a device."""

    def do_copy(self, src, dest, log=None):
        learner = Path(dest).parent.name
        left = copy_hand_in(Path(src), Path(dest))
        root = Path(self.coursedir.root)
        flags = read_flags(root, self.coursedir.assignment_id)
        if left:
            shown = ", ".join(left[:4]) + (f" and {len(left) - 4} more" if len(left) > 4 else "")
            flags[learner] = [f"left in the exchange, not collected: {shown}"]
        else:
            flags.pop(learner, None)
        write_text(flags_path(root, self.coursedir.assignment_id), json.dumps(flags, indent=1, sort_keys=True))
