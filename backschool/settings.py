"""Every environment variable the course reads, and the folders they move, in one place.

Each setting is a ``BACKSCHOOL_<NAME>`` variable (the hub's deploy/jupyterhub_config.py reads its own
through ``env`` too) with its default beside it; arguments given on the command line win over both.
This module imports nothing else from the package, so every layer can use it.
"""
from __future__ import annotations

import os
from pathlib import Path

PREFIX = "BACKSCHOOL_"
HOME_ENV = "BACKSCHOOL_HOME"  # the checkout holding course.yml
DATA_DIR_ENV = "BACKSCHOOL_DATA_DIR"  # a learner's diary, plans and symptom card
LEARNER_DIR_ENV = "BACKSCHOOL_LEARNER_DIR"  # a learner's quiz folders
MODE_ENV = "BACKSCHOOL_MODE"  # local | hub
INSTANT_FEEDBACK_ENV = "BACKSCHOOL_INSTANT_FEEDBACK"  # 0: the instructor reviews before feedback goes back
CLINIC_PHONE_ENV = "BACKSCHOOL_CLINIC_PHONE"
PUBLIC_URL_ENV = "BACKSCHOOL_PUBLIC_URL"  # the hub's address, printed on enrolment letters
COURSE_DIR_ENV = "BACKSCHOOL_COURSE_DIR"  # nbgrader's course folder
EXCHANGE_DIR_ENV = "BACKSCHOOL_EXCHANGE_DIR"
HOMES_DIR_ENV = "BACKSCHOOL_HOMES_DIR"  # where the learners' home folders are (clinic tools)
STATE_DIR_ENV = "BACKSCHOOL_STATE_DIR"  # the hub's database, enrolment list and passwords
BOX_USER_ENV = "BACKSCHOOL_BOX_USER"  # the Unix user grading kernels run as

DATA_FOLDER = ".backschool"
DEFAULT_STATE_DIR = "/srv/backschool/hub"
DEFAULT_EXCHANGE_DIR = "/srv/nbgrader/exchange"  # on a hub; alone on one computer it is inside the course
DEFAULT_HOMES_DIR = "/home"
DEFAULT_BOX_USER = "backschool-box"


def env(name: str, default: str = "") -> str:
    """``$BACKSCHOOL_<name>``, or ``default`` when it is unset."""
    return os.environ.get(PREFIX + name, default)


def _chosen(explicit: str | os.PathLike | None, var: str, default: str | os.PathLike) -> Path:
    return Path(explicit or os.environ.get(var) or default).expanduser().resolve()


def checkout() -> Path:
    """The folder that should hold course.yml: $BACKSCHOOL_HOME, else the checkout this package lives in."""
    chosen = os.environ.get(HOME_ENV)
    return Path(chosen) if chosen else Path(__file__).resolve().parents[1]


def data_dir(home: Path | None = None) -> Path:
    """$BACKSCHOOL_DATA_DIR if set, else ~/.backschool; with ``home``, that home's folder (the clinic tools)."""
    if home is not None:
        return Path(home) / DATA_FOLDER
    chosen = os.environ.get(DATA_DIR_ENV)
    return Path(chosen).expanduser() if chosen else Path.home() / DATA_FOLDER


def learner_dir() -> Path | None:
    """$BACKSCHOOL_LEARNER_DIR, or None when unset (learnerapp.mode then decides)."""
    chosen = os.environ.get(LEARNER_DIR_ENV)
    return Path(chosen).expanduser().resolve() if chosen else None


def mode() -> str:
    """$BACKSCHOOL_MODE as set (lower case, may be empty or unknown: learnerapp.mode decides)."""
    return os.environ.get(MODE_ENV, "").strip().lower()


def started_by_hub() -> bool:
    """JupyterHub gives every server it starts an API token."""
    return bool(os.environ.get("JUPYTERHUB_API_TOKEN"))


def instant_feedback() -> bool:
    """Is instant feedback switched on ($BACKSCHOOL_INSTANT_FEEDBACK, on unless "0")?"""
    return os.environ.get(INSTANT_FEEDBACK_ENV, "1") != "0"


def clinic_phone() -> str:
    """$BACKSCHOOL_CLINIC_PHONE with its spaces folded ("" when unset; the red-flag model checks it)."""
    return " ".join(os.environ.get(CLINIC_PHONE_ENV, "").split())


def public_url() -> str:
    return os.environ.get(PUBLIC_URL_ENV, "")


def nbgrader_grading() -> bool:
    """nbgrader is grading (it sets NBGRADER_EXECUTION; the grading box passes it on)."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def course_dir(explicit: str | os.PathLike | None = None) -> Path:
    """nbgrader's course root: the argument, else $BACKSCHOOL_COURSE_DIR, else autograder/course/ in the checkout."""
    return _chosen(explicit, COURSE_DIR_ENV, checkout() / "autograder" / "course")


def exchange_dir(course_root: Path, explicit: str | os.PathLike | None = None) -> Path:
    """nbgrader's exchange: the argument, else $BACKSCHOOL_EXCHANGE_DIR, else <course root>/exchange."""
    return _chosen(explicit, EXCHANGE_DIR_ENV, Path(course_root) / "exchange")


def homes_dir(explicit: str | os.PathLike | None = None) -> Path:
    return _chosen(explicit, HOMES_DIR_ENV, DEFAULT_HOMES_DIR)


def state_dir(explicit: str | os.PathLike | None = None) -> Path:
    return _chosen(explicit, STATE_DIR_ENV, DEFAULT_STATE_DIR)


def box_user() -> str:
    return os.environ.get(BOX_USER_ENV, DEFAULT_BOX_USER)
