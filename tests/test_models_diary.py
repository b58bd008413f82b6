"""Diary model: validation, persistence, and no corruption under concurrent writers."""
import multiprocessing as mp
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from backschool.models import diary

TODAY = date(2025, 6, 15)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSCHOOL_DATA_DIR", str(tmp_path))
    return tmp_path


def test_path_follows_env(data_dir):
    assert diary.diary_path() == data_dir / "diary.csv"


def test_add_read_and_replace_same_day(data_dir):
    diary.add("2025-06-10", 4, "30", today=TODAY)
    diary.add(date(2025, 6, 9), "6", 0, today=TODAY)
    entries = diary.add("2025-06-10", 3, 45, today=TODAY)
    assert entries == diary.read_entries() == [diary.Entry(date(2025, 6, 9), 6, 0), diary.Entry(date(2025, 6, 10), 3, 45)]
    assert (data_dir / "diary.csv").read_text().splitlines()[0] == "date,pain,minutes"


@pytest.mark.parametrize("day,pain,minutes,words", [
    ("2025-06-10", 11, 30, "Pain must be from 0 to 10"),
    ("2025-06-10", -1, 30, "Pain must be from 0 to 10"),
    ("2025-06-10", "five", 30, "Pain must be a whole number"),
    ("2025-06-10", 4.5, 30, "Pain must be a whole number"),
    ("2025-06-10", 4, "half an hour", "Minutes of activity must be a whole number"),
    ("2025-06-10", 4, -5, "Minutes of activity must be from 0"),
    ("2025-06-10", 4, 2000, "Minutes of activity must be from 0"),
    ("2025-06-16", 4, 30, "in the future"),
    ("16/06/2025", 4, 30, "must look like"),
    (None, 4, 30, "Choose a date"),
])
def test_bad_entries_change_nothing(data_dir, day, pain, minutes, words):
    diary.add("2025-06-01", 2, 20, today=TODAY)
    before = (data_dir / "diary.csv").read_bytes()
    with pytest.raises(ValueError, match=words):
        diary.add(day, pain, minutes, today=TODAY)
    assert (data_dir / "diary.csv").read_bytes() == before


def test_damaged_file_is_reported_and_left_alone(data_dir):
    (data_dir / "diary.csv").write_text("date,pain,minutes\nyesterday,lots,\n")
    with pytest.raises(diary.DiaryError, match="damaged"):
        diary.read_entries()
    with pytest.raises(diary.DiaryError):
        diary.add("2025-06-10", 3, 30, today=TODAY)
    assert "yesterday" in (data_dir / "diary.csv").read_text()


def test_survives_a_new_process(data_dir):
    diary.add("2025-06-10", 5, 25, today=TODAY)
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        assert pool.apply(_read_in_child, (str(data_dir),)) == [("2025-06-10", 5, 25)]


def _read_in_child(path):
    import os
    os.environ["BACKSCHOOL_DATA_DIR"] = path
    return [(e.day.isoformat(), e.pain, e.minutes) for e in diary.read_entries()]


def _writer(path, worker, count):
    import os
    os.environ["BACKSCHOOL_DATA_DIR"] = path
    base = date(2024, 1, 1)
    for i in range(count):
        diary.add(base + timedelta(days=worker * count + i), i % 11, worker, today=TODAY)


def test_concurrent_writers_never_corrupt_or_lose_entries(data_dir):
    workers, count = 4, 25
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(data_dir), w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    entries = diary.read_entries()
    assert len(entries) == workers * count
    assert sorted(e.minutes for e in entries) == sorted(w for w in range(workers) for _ in range(count))
    assert not list(data_dir.glob(".*.tmp")), "a temporary file was left behind"


@settings(max_examples=60)
@given(pain=st.one_of(st.integers(), st.text(max_size=5), st.floats(allow_nan=True)),
       minutes=st.one_of(st.integers(), st.text(max_size=5), st.none()))
def test_make_entry_never_crashes(pain, minutes):
    try:
        e = diary.make_entry("2025-06-01", pain, minutes, today=TODAY)
    except ValueError as exc:
        assert str(exc)
    else:
        assert 0 <= e.pain <= 10 and 0 <= e.minutes <= diary.MAX_MINUTES
