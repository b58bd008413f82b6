"""Shared fixtures: the course manifest, and a per-test BACKSCHOOL_DATA_DIR so tests never touch a real learner's files."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from backschool.manifest import Course, load_course


# nbgrader calls `alembic`, and the python3 kernel spec calls `python`: both must be this venv's.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course()


@pytest.fixture(autouse=True)
def _isolated_learner_data(tmp_path, monkeypatch):
    """Diaries and plans go to the test's own folder, never the developer's home."""
    monkeypatch.setenv("BACKSCHOOL_DATA_DIR", str(tmp_path))
