"""The course bibliography (assets/sources.yml): key -> full reference.

Kept free of heavy imports: lesson kernels read it (the Sources cell), and the tests share it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .manifest import load_yaml, repo_root


def bibliography() -> dict[str, str]:
    """Every reference, white space folded; re-read only when the file changes."""
    path = repo_root() / "assets" / "sources.yml"
    return dict(_read(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _read(path: Path, _mtime_ns: int) -> dict[str, str]:
    return {key: " ".join(str(ref).split()) for key, ref in load_yaml(path).items()}
