"""Backup and restore: back up a graded class and its patients' data, destroy it all, restore it,
and find every grade, diary entry and plan identical (issue 15, item 3)."""
from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tarfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import clinickit  # noqa: E402

from backschool.clinic import backup  # noqa: E402
from backschool.instructor.export import class_rows  # noqa: E402
from backschool.models import action_plan, diary  # noqa: E402
from backschool.settings import data_dir  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return clinickit.make_clinic(tmp_path_factory.mktemp("c"))


def _state(c: dict) -> dict:
    lay, homes = c["lay"], c["homes"]
    return {
        "gradebook": clinickit.dump_gradebook(lay.gradebook),
        "rows": class_rows(lay),
        # the gradebook is compared row by row above: an SQLite copy need not be the same bytes;
        # the roster's empty lock file beside it is not data and is remade on use
        "files": {k: v for k, v in clinickit.tree_hashes(lay.root, lay.exchange, homes, c["state"]).items()
                  if Path(k) != lay.gradebook and not k.endswith("enrolment.json.lock")},
        "diaries": {p: diary.read_entries(data_dir(homes / p) / "diary.csv") for p in clinickit.PATIENTS},
        "plans": {p: action_plan.load(data_dir(homes / p)) for p in clinickit.PATIENTS},
    }


def test_backup_destroy_restore_is_identical(clinic, tmp_path, capsys):
    lay = clinic["lay"]
    lay.exchange.chmod(0o1777)  # as on the clinic server: everyone hands in, sticky
    owned = data_dir(clinic["homes"] / "pt-cleo-9z") / "diary.csv"
    if os.geteuid() == 0:  # a learner's file, owned by the learner (numbers this machine has no name for)
        os.chown(owned, 4242, 4343)
    before = _state(clinic)
    assert len(before["rows"][1]) == 3 and {r["auto_score"] for r in before["rows"][1]} != {0.0}
    assert all(len(d) == 2 for d in before["diaries"].values()) and all(before["plans"].values())
    archive = tmp_path / "backschool.tar.gz"
    assert clinickit.cli("backup", str(archive), clinic=clinic) == 0
    out = capsys.readouterr().out
    assert "3 learner(s)" in out and "homes/pt-ada-7k" in out
    assert archive.stat().st_mode & 0o077 == 0, "the backup holds patients' data: owner only"

    for top in (lay.root, lay.exchange, clinic["homes"], clinic["state"]):
        shutil.rmtree(top)
    assert clinickit.cli("restore", str(archive), clinic=clinic) == 0
    out = capsys.readouterr().out
    assert "every checksum matched" in out and "3 learner(s)" in out
    after = _state(clinic)
    assert after["gradebook"] == before["gradebook"]
    assert after["rows"] == before["rows"]
    assert after["diaries"] == before["diaries"]
    assert after["plans"] == before["plans"]
    assert after["files"] == before["files"]  # every file, byte for byte, and the source/ link
    assert any(k.endswith("enrolment.json") for k in after["files"]), "the enrolment roster and passwords too"
    assert stat.S_IMODE(lay.exchange.stat().st_mode) == 0o1777
    if os.geteuid() == 0:
        assert (owned.stat().st_uid, owned.stat().st_gid) == (4242, 4343)


def test_restore_refuses_to_overwrite_then_keeps_the_old_copy(clinic, tmp_path, capsys):
    archive = tmp_path / "b.tar.gz"
    assert clinickit.cli("backup", str(archive), clinic=clinic) == 0
    lay = clinic["lay"]
    diary_file = data_dir(clinic["homes"] / "pt-ada-7k") / "diary.csv"
    diary_file.write_text("date,pain,minutes\n2026-11-30,9,0\n")
    capsys.readouterr()
    assert clinickit.cli("restore", str(archive), clinic=clinic) == 2
    err = capsys.readouterr().err
    assert "would be overwritten" in err and str(lay.root) in err and "--force" in err
    assert diary_file.read_text().endswith("9,0\n"), "a refused restore touches nothing"

    assert clinickit.cli("restore", str(archive), "--force", clinic=clinic) == 0
    out = capsys.readouterr().out
    assert "kept at" in out
    assert len(diary.read_entries(diary_file)) == 2
    kept = list(diary_file.parent.parent.glob(".backschool.before-restore-*"))
    assert len(kept) == 1 and (kept[0] / "diary.csv").read_text().endswith("9,0\n"), "nothing lost"
    shutil.rmtree(kept[0])
    for aside in list(lay.root.parent.glob("*.before-restore-*")):
        shutil.rmtree(aside)


def test_damaged_or_foreign_archives_are_refused(clinic, tmp_path, capsys):
    good = tmp_path / "good.tar.gz"
    assert clinickit.cli("backup", str(good), clinic=clinic) == 0
    assert clinickit.cli("backup", str(good), clinic=clinic) == 2  # never overwrites a backup
    # Same manifest, one diary changed: the checksum catches it and nothing is touched.
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(good) as src, tarfile.open(bad, "w:gz") as dst:
        for m in src.getmembers():
            data = src.extractfile(m).read() if m.isfile() else None
            if m.name.endswith("pt-bram-3q/.backschool/diary.csv"):
                data = data.replace(b"2026-11-27", b"2026-11-26")
            dst.addfile(m, __import__("io").BytesIO(data) if data is not None else None)
    before = clinickit.tree_hashes(clinic["homes"])
    capsys.readouterr()
    assert clinickit.cli("restore", str(bad), "--force", clinic=clinic) == 2
    err = capsys.readouterr().err
    assert "do not match their checksum" in err and "diary.csv" in err
    assert clinickit.tree_hashes(clinic["homes"]) == before
    assert not list(clinic["lay"].root.parent.glob(".backschool-restore-*")), "staging folder left behind"
    junk = tmp_path / "junk.tar.gz"
    with tarfile.open(junk, "w:gz") as t:
        info = tarfile.TarInfo("hello.txt")
        t.addfile(info, __import__("io").BytesIO(b""))
    assert clinickit.cli("restore", str(junk), clinic=clinic) == 2
    assert "not a Back School backup" in capsys.readouterr().err
    manifest = backup.read_manifest(good)
    assert set(manifest["learners"]) == set(clinickit.PATIENTS)
    assert json.dumps(manifest)  # plain JSON
