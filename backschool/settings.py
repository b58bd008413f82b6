"""Where the course keeps a learner's own files, and the environment variable that moves them.

The diary, the action plan, the exercise plan and the symptom card are saved in one data folder;
the clinic tools find each learner's copy in their home through the same rule.
"""
from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "BACKSCHOOL_DATA_DIR"
DATA_FOLDER = ".backschool"


def data_dir(home: Path | None = None) -> Path:
    """$BACKSCHOOL_DATA_DIR if set, else ~/.backschool; with ``home``, that home's folder (the clinic tools)."""
    if home is not None:
        return Path(home) / DATA_FOLDER
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).expanduser() if env else Path.home() / DATA_FOLDER
