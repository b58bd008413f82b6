"""The one atomic writer: whole files or none, owner-only unless told, and no temporary file left behind."""
from __future__ import annotations

import os
import stat

import pytest

from backschool import atomic


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_text_owner_only_and_nothing_left(tmp_path):
    path = tmp_path / "deep" / "plan.json"
    atomic.write_text(path, "{}\n")
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert _mode(path) == 0o600
    assert os.listdir(path.parent) == ["plan.json"]


def test_keep_keeps_the_mode_a_file_has(tmp_path):
    page = tmp_path / "feedback.html"
    page.write_text("old")
    os.chmod(page, 0o644)
    atomic.write_text(page, "new", atomic.KEEP)
    assert page.read_text() == "new" and _mode(page) == 0o644


def test_keep_on_a_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        atomic.write_bytes(tmp_path / "a.bin", b"\x00\x01", atomic.KEEP)
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.bin") == 0o640
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"


def test_an_error_leaves_the_old_file_whole(tmp_path):
    path = tmp_path / "roster.json"
    atomic.write_text(path, "first")
    with pytest.raises(RuntimeError):
        with atomic.replacing(path) as fh:
            fh.write("half of the sec")
            raise RuntimeError("crash while writing")
    assert path.read_text() == "first"
    assert os.listdir(tmp_path) == ["roster.json"]


def test_text_is_written_as_given(tmp_path):
    atomic.write_text(tmp_path / "grades.csv", "a,b\r\n1,2\r\n")
    assert (tmp_path / "grades.csv").read_bytes() == b"a,b\r\n1,2\r\n"
