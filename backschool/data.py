"""Published tables live as YAML in assets/data so a reviewer can check every number against its source.

``load_table(name)`` reads ``assets/data/<name>.yml`` relative to the checkout (``manifest.repo_root``)
and refuses a table without a ``source:`` citation, so an unsourced number cannot reach a learner.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

from .manifest import load_yaml, repo_root

_NAME = re.compile(r"^[a-z0-9_]+$")


class DataError(ValueError):
    """A data table is missing, unreadable or has no source."""


def table_path(name: str) -> Path:
    """Where table ``name`` lives; the name is a plain word so it cannot point outside assets/data."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise DataError(f"{name!r} is not a table name (use lower-case letters, digits and _).")
    return repo_root() / "assets" / "data" / f"{name}.yml"


@lru_cache(maxsize=32)
def _read(path: Path) -> dict:
    if not path.is_file():
        raise DataError(f"No data table at {path}.")
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(f"{path.name} should hold a mapping at the top level.")
    if not str(raw.get("source") or "").strip():
        raise DataError(f"{path.name} has no 'source:' citation.")
    return raw


def load_table(name: str) -> dict:
    """The table as a dict (a private copy, so callers may change it freely)."""
    return copy.deepcopy(_read(table_path(name)))
