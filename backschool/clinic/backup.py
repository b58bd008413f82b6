"""One archive holding everything the course keeps, and the way back from it.

The gradebook is copied with SQLite's online backup API, so a backup taken while the formgrader
has the database open is still a consistent snapshot. Every other file is read once: the bytes
written to the archive are the bytes whose SHA-256 goes in ``manifest.json``. A restore checks
every checksum before it touches anything, never overwrites without ``force``, and with ``force``
moves what was there aside (``<name>.before-restore-<time>``) instead of deleting it.
"""
from __future__ import annotations

import grp
import hashlib
import io
import json
import os
import pwd
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..atomic import replacing
from .stores import ClinicError, Stores, check_id

FORMAT = "backschool-backup/1"
MANIFEST = "manifest.json"
_GRADEBOOK = "gradebook.db"
_SKIP = {"gradebook.db", "gradebook.db-journal", "gradebook.db-wal", "gradebook.db-shm"}


@dataclass
class Summary:
    """What a backup or restore covered, by part (course, exchange, homes/<learner>)."""
    files: dict[str, int] = field(default_factory=dict)
    learners: list[str] = field(default_factory=list)
    gradebook: str = ""
    moved_aside: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"  gradebook: {self.gradebook}"]
        out += [f"  {part}: {n} file(s)" for part, n in sorted(self.files.items())]
        return out


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _gradebook_snapshot(src: Path, dest: Path) -> str:
    """Copy a live SQLite database consistently; describe what it holds."""
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as live, sqlite3.connect(dest) as copy:
        live.backup(copy)
    return _describe_gradebook(dest)


def _describe_gradebook(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        def count(table: str) -> int:
            try:
                return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            except sqlite3.DatabaseError:
                return 0
        return (f"{count('student')} learner(s), {count('assignment')} quiz(zes), "
                f"{count('submitted_assignment')} hand-in(s), {count('grade')} grade(s)")


class _Writer:
    """Adds files to the tar and records each one's checksum."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files: dict[str, dict] = {}
        self.links: dict[str, str] = {}

    def add_tree(self, top: Path, arc_top: str, skip: set[Path] = frozenset(), skip_names: set[str] = frozenset()) -> int:
        """Add ``top`` and everything under it (symlinks kept as links, never followed)."""
        n = 0
        self.add(top, arc_top)
        for dirpath, dirnames, filenames in os.walk(top):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if (here / d) not in skip)
            for name in dirnames + sorted(filenames):
                path = here / name
                if path in skip or (here == top and name in skip_names):
                    continue
                n += self.add(path, f"{arc_top}/{path.relative_to(top).as_posix()}")
        return n

    def add(self, path: Path, arcname: str) -> int:
        info = self.tar.gettarinfo(str(path), arcname)
        if info.issym():
            self.links[arcname] = info.linkname
            self.tar.addfile(info)
            return 0
        if info.isdir():
            self.tar.addfile(info)
            return 0
        if not info.isfile():
            return 0  # sockets, fifos: nothing to keep
        return self.add_bytes(info, path.read_bytes())

    def add_bytes(self, info: tarfile.TarInfo, data: bytes) -> int:
        info.size = len(data)
        self.files[info.name] = {"sha256": _sha256(data), "size": len(data)}
        self.tar.addfile(info, io.BytesIO(data))
        return 1


def backup(st: Stores, dest: Path) -> Summary:
    """Write the archive ``dest`` (.tar.gz): gradebook, course folder, exchange, learners' home folders."""
    lay = st.lay
    if not lay.root.is_dir():
        raise ClinicError(f"No course folder at {lay.root}: nothing to back up.")
    if dest.exists():
        raise ClinicError(f"{dest} exists already; choose a new file name for the backup.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    # patients' data: owner only, from the start (the archive is complete before it takes its name)
    with replacing(dest, binary=True) as fh, tempfile.TemporaryDirectory() as scratch, \
            tarfile.open(fileobj=fh, mode="w:gz") as tar:
        _write_all(st, tar, Path(scratch), summary)
    return summary


def _write_all(st: Stores, tar: tarfile.TarFile, scratch: Path, summary: Summary) -> None:
    """Gradebook snapshot first, then the folders, then the manifest of what was written."""
    lay = st.lay
    w = _Writer(tar)
    if lay.gradebook.exists():
        snap = scratch / _GRADEBOOK
        summary.gradebook = _gradebook_snapshot(lay.gradebook, snap)
        info = tar.gettarinfo(str(lay.gradebook), _GRADEBOOK)
        w.add_bytes(info, snap.read_bytes())
    else:
        summary.gradebook = "none yet"
    inside = {lay.exchange} if lay.exchange.is_relative_to(lay.root) else set()
    summary.files["course"] = w.add_tree(lay.root, "course", skip=inside, skip_names=_SKIP)
    if lay.exchange.is_dir():
        summary.files["exchange"] = w.add_tree(lay.exchange, "exchange")
    for learner in st.learners_with_data():
        home = st.home(learner)
        w.add(home, f"homes/{learner}")
        count = 0
        for folder in st.home_folders(learner):
            if folder.exists():
                count += w.add_tree(folder, f"homes/{learner}/{folder.relative_to(home).as_posix()}")
        summary.files[f"homes/{learner}"] = count
        summary.learners.append(learner)
    accounts = st.account_files()
    if accounts:
        w.add(st.state, "state")
        summary.files["state (enrolment, passwords)"] = sum(w.add(f, f"state/{f.name}") for f in accounts)
    manifest = {"format": FORMAT, "made": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "from": {"course": str(lay.root), "exchange": str(lay.exchange), "homes": str(st.homes)},
                "gradebook": summary.gradebook, "learners": summary.learners, "counts": summary.files,
                "files": w.files, "links": w.links}
    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.mtime = int(datetime.now().timestamp())
    info.mode = 0o600
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _safe(name: str) -> bool:
    p = PurePosixPath(name)
    return not p.is_absolute() and ".." not in p.parts and p.parts[:1] in (("course",), ("exchange",), ("homes",), ("state",),
                                                                          (_GRADEBOOK,), (MANIFEST,))


def read_manifest(src: Path) -> dict:
    """The archive's manifest, or a clear error if this is not a Back School backup."""
    try:
        with tarfile.open(src, "r:*") as tar:
            fh = tar.extractfile(MANIFEST)
            manifest = json.loads(fh.read()) if fh else None
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as exc:
        raise ClinicError(f"{src} is not a Back School backup ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ClinicError(f"{src} is not a Back School backup (no {FORMAT} manifest).")
    return manifest


def _unpack_and_verify(src: Path, into: Path, manifest: dict) -> list[tarfile.TarInfo]:
    """Extract into a staging folder and check every checksum; nothing outside ``into`` is touched."""
    with tarfile.open(src, "r:*") as tar:
        members = tar.getmembers()
        for m in members:
            if not _safe(m.name) or not (m.isdir() or m.isfile() or m.issym()):
                raise ClinicError(f"{src} holds an unexpected entry {m.name!r}; refusing to restore it.")
            if m.isfile() and m.name != MANIFEST and m.name not in manifest["files"]:
                raise ClinicError(f"{m.name} is in the archive but not in its manifest; refusing to restore.")
        missing = set(manifest["files"]) - {m.name for m in members if m.isfile()}
        if missing:
            raise ClinicError(f"{len(missing)} file(s) of the manifest are not in the archive, "
                              f"e.g. {sorted(missing)[0]}; nothing was restored.")
        keep = [m for m in members if m.name != MANIFEST]
        tar.extractall(into, members=keep, filter="fully_trusted")  # names checked above; keeps modes (exchange 1777)
    bad = [name for name, meta in manifest["files"].items()
           if _sha256((into / name).read_bytes()) != meta["sha256"]]
    if bad:
        raise ClinicError(f"{len(bad)} file(s) do not match their checksum (first: {bad[0]}). "
                          "The backup is damaged; nothing was restored.")
    return keep


def _occupied(path: Path) -> bool:
    return path.is_symlink() or (path.exists() and (not path.is_dir() or any(path.iterdir())))


def _targets(st: Stores, learners: list[str], state_files: list[str]) -> list[tuple[str, Path]]:
    """(part of the archive, where it goes), the course root first: a nested exchange goes in after it."""
    out = [("course", st.lay.root), ("exchange", st.lay.exchange)]
    for learner in learners:
        home = st.home(learner)
        out += [(f"homes/{learner}/{f.relative_to(home).as_posix()}", f) for f in st.home_folders(learner)]
    return out + [(f"state/{name}", st.state / name) for name in state_files]


def _owner(m: tarfile.TarInfo) -> tuple[int, int]:
    """The owner by name if this machine knows it (as tar does), else by number."""
    try:
        uid = pwd.getpwnam(m.uname).pw_uid if m.uname else m.uid
    except KeyError:
        uid = m.uid
    try:
        gid = grp.getgrnam(m.gname).gr_gid if m.gname else m.gid
    except KeyError:
        gid = m.gid
    return uid, gid


def _owners(members: list[tarfile.TarInfo], targets: list[tuple[str, Path]]) -> None:
    """As root, give every restored path the owner it had (a move across file systems loses it)."""
    if os.geteuid() != 0:
        return
    for m in members:
        for part, dest in targets:
            if m.name == part or m.name.startswith(part + "/"):
                path = dest / m.name[len(part) + 1:] if m.name != part else dest
                try:
                    os.lchown(path, *_owner(m))
                except FileNotFoundError:
                    pass


def restore(st: Stores, src: Path, force: bool = False) -> Summary:
    """Put a backup back into the stores ``st`` names (which may differ from where it was made)."""
    if not src.is_file():
        raise ClinicError(f"No backup file at {src}.")
    manifest = read_manifest(src)
    lay = st.lay
    learners = [check_id(x) for x in manifest.get("learners", [])]
    state_files = sorted({PurePosixPath(n).name for n in manifest["files"] if n.startswith("state/")})
    targets = _targets(st, learners, state_files)
    lay.root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".backschool-restore-", dir=lay.root.parent))
    summary = Summary(learners=learners)
    try:
        members = _unpack_and_verify(src, staging, manifest)
        present = [(part, dest) for part, dest in targets if (staging / part).exists()]
        busy = [dest for _, dest in present if _occupied(dest)]
        if busy and not force:
            raise ClinicError("These already hold data and would be overwritten:\n  "
                              + "\n  ".join(str(b) for b in busy)
                              + "\nMove them away, or restore with --force (they are then kept, renamed "
                                "<name>.before-restore-<time>).")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for part, dest in present:
            if _occupied(dest):
                aside = dest.with_name(f"{dest.name}.before-restore-{stamp}")
                os.replace(dest, aside)
                summary.moved_aside.append(aside)
            elif dest.is_dir():
                dest.rmdir()
            if not dest.parent.exists():  # a home not made yet: make it as it was
                staged = (staging / part).parent.stat()  # as it was archived
                dest.parent.mkdir(parents=True)
                os.chmod(dest.parent, staged.st_mode & 0o7777)
                if os.geteuid() == 0:
                    os.chown(dest.parent, staged.st_uid, staged.st_gid)
            shutil.move(str(staging / part), str(dest))
        if (staging / _GRADEBOOK).exists():
            shutil.move(str(staging / _GRADEBOOK), str(lay.gradebook))
            summary.gradebook = _describe_gradebook(lay.gradebook)
        else:
            summary.gradebook = "none in the backup"
        _owners(members, targets + [(_GRADEBOOK, lay.gradebook)])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary.files = dict(manifest.get("counts", {}))
    return summary
