"""Published tables live as YAML in assets/data so a reviewer can check every number against its source.

``table(name)`` is how models read ``assets/data/<name>.yml`` (relative to the checkout,
``manifest.repo_root``): read once, shared, with its citation tidied as ``.source``. A table without
a ``source:`` citation is refused, so an unsourced number cannot reach a learner. ``load_table(name)``
gives a private copy for callers that change what they read.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from . import settings
from .manifest import load_yaml, repo_root

T = TypeVar("T")

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


class Table(Mapping):
    """A published table: its entries (``table["key"]``, shared: do not change them) and its citation."""

    def __init__(self, name: str, data: dict) -> None:
        self.name = name
        self._data = data

    @property
    def source(self) -> str:
        """The full citation on one line, white space tidied as a learner reads it."""
        return " ".join(str(self._data["source"]).split())

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@lru_cache(maxsize=64)
def _table_in(name: str, home: str | None) -> Table:
    return Table(name, copy.deepcopy(_read(table_path(name))))


def table(name: str) -> Table:
    """Table ``name`` and its source, read once per checkout ($BACKSCHOOL_HOME) and shared by every caller."""
    return _table_in(name, str(settings.checkout()))


def find(rows: Iterable[T], wanted: str, what: str, names: Callable[[T], tuple] = lambda row: (row.id,)) -> T:
    """The row of a table that ``wanted`` names (its id unless ``names`` says more); a clear error if none does."""
    for row in rows:
        if wanted in names(row):
            return row
    raise ValueError(f"There is no {what} called {wanted!r} in this course.")


def id_list(ids: Iterable[str], what: str) -> tuple[str, ...]:
    """Chosen ids in order, each once; one string is refused (it is not a list of ids)."""
    if isinstance(ids, str):
        raise ValueError(f"Give a list of {what} ids, not a single string.")
    return tuple(dict.fromkeys(ids))
