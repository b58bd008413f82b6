"""The grader's copy of a hand-in reads no more than the limit, even when a file grows or is swapped
for something else between being listed and being read (a learner's process can still be writing it)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from backschool.instructor import safecollect


def _listed_as(monkeypatch, target: Path, size: int) -> None:
    """Make ``target`` look like a small regular file when listed (what it was a moment before)."""
    real = Path.lstat

    def lstat(self: Path, *args, **kwargs):
        info = real(self, *args, **kwargs)
        if self == target:
            return os.stat_result((stat.S_IFREG | 0o644, *info[1:6], size, *info[7:]))
        return info

    monkeypatch.setattr(Path, "lstat", lstat)


def test_a_file_that_grew_after_listing_is_left_not_copied(tmp_path, monkeypatch):
    src, dest = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "answers.json").write_text('{"q01": "a"}')
    grown = src / "video.bin"
    grown.write_bytes(b"x" * (safecollect.MAX_FILE_BYTES + 1))
    _listed_as(monkeypatch, grown, 10)
    left = safecollect.copy_hand_in(src, dest)
    assert (dest / "answers.json").read_text() == '{"q01": "a"}'
    assert not (dest / "video.bin").exists()
    assert left == [f"video.bin (over the {safecollect.MAX_FILE_BYTES} bytes allowed)"]
    assert not [p for p in dest.iterdir() if p.name.endswith(".tmp")]


def test_a_file_swapped_for_a_pipe_after_listing_is_left(tmp_path, monkeypatch):
    src, dest = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    pipe = src / "answers.json"
    os.mkfifo(pipe)
    _listed_as(monkeypatch, pipe, 10)
    assert safecollect.copy_hand_in(src, dest) == ["answers.json (not a regular file)"]
    assert not (dest / "answers.json").exists()
