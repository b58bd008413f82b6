"""Take a hand-in as data, never as code, and build the notebook that nbgrader grades.

Learners never write code, so from each hand-in only two things are taken: the chosen options
(``answers.json``) and the written reflections (saved in ``answers.json`` by the code-free quiz
page, or typed into the reflection cell in JupyterLab). Each is read as a regular file with a size
cap, as UTF-8 JSON no deeper than the schema allows, and inspected against the quiz (item ids that
exist, the right type, options that exist). The notebook that nbgrader grades is then the released
quiz (trusted) with those answers beside it and the reflection text in its written-answer cell:
cells or files the learner added are never run, and are named in a flag.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..answers import ANSWERS_FILE
from ..atomic import KEEP, write_text
from ..quizspec import QuizSpec, from_cells

MAX_ANSWERS_BYTES = 64 * 1024
MAX_NOTEBOOK_BYTES = 2 * 1024 * 1024
MAX_REFLECTION_CHARS = 5000
# Files nbgrader itself writes into a hand-in; they are read as data too.
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?( ?[A-Z]{3}|[+-]\d{2}:?\d{2})?$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class UnsafeFile(ValueError):
    """A file in a hand-in that is not a small regular file."""


@dataclass
class Intake:
    """What a hand-in holds, as data, and what was wrong with it (in plain words)."""

    learner: str
    answers: dict = field(default_factory=dict)
    reflections: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)  # timestamp.txt / submission_secret.txt text
    flags: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not any(v not in (None, "", []) for v in self.answers.values()) and not any(
            t.strip() for t in self.reflections.values())


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, pipe or device) of at most ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnsafeFile("it is a link" if exc.errno == errno.ELOOP else f"it cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile("it is not a regular file")
        if info.st_size > limit:
            raise UnsafeFile(f"it is {info.st_size} bytes, more than the {limit} allowed")
        data = os.read(fd, limit + 1)
        if len(data) > limit:
            raise UnsafeFile(f"it is more than the {limit} bytes allowed")
        return data
    finally:
        os.close(fd)


def _json(data: bytes, max_depth: int):
    """Parse JSON, refusing nesting deeper than ``max_depth`` before parsing (no recursion blow-up)."""
    text = data.decode("utf-8")
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise ValueError(f"nested more than {max_depth} levels deep")
        elif ch in "]}":
            depth -= 1
    return json.loads(text)


def _inspect_answer(spec: QuizSpec, item, value) -> str | None:
    """Why this answer is not valid for the quiz, or None when it is."""
    if not isinstance(item, str) or item not in spec.items:
        return f"an answer to a question that is not in the quiz ({str(item)[:40]!r})"
    q = spec.question(item)
    if value is None:
        return None
    if q.kind == "choice":
        if not isinstance(value, str):
            return f"{item}: the answer is a {type(value).__name__}, not one option"
        if value not in q.options:
            return f"{item}: the answer {value[:60]!r} is not one of the options"
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"{item}: the answer is not a list of options"
    unknown = [v for v in value if v not in q.options]
    if unknown:
        return f"{item}: {unknown[0][:60]!r} is not one of the options"
    if len(set(value)) != len(value):
        return f"{item}: an option is ticked twice"
    return None


def _read_answers(folder: Path, spec: QuizSpec, out: Intake) -> None:
    try:
        raw = read_small_file(folder / ANSWERS_FILE, MAX_ANSWERS_BYTES)
    except FileNotFoundError:
        out.flags.append("no answers file (answers.json) was handed in; every question scores 0")
        return
    except UnsafeFile as exc:
        out.flags.append(f"answers.json was not read: {exc}; every question scores 0")
        return
    try:
        data = _json(raw, max_depth=3)
    except (UnicodeDecodeError, ValueError) as exc:
        out.flags.append(f"answers file cannot be read ({str(exc)[:120]}); every question scores 0")
        return
    if not isinstance(data, dict) or not isinstance(data.get("answers", {}), dict):
        out.flags.append("answers file does not hold a table of answers; every question scores 0")
        return
    refused = []
    for item, value in data.get("answers", {}).items():
        why = _inspect_answer(spec, item, value)
        if why:
            refused.append(why)
        else:
            out.answers[item] = value
    if refused:
        out.flags.append(f"answers refused ({'; '.join(refused[:3])}{' ...' if len(refused) > 3 else ''}); "
                         "those questions score 0")
    written = {w.grade_id for w in spec.written}
    reflections = data.get("reflections", {})
    if isinstance(reflections, dict):
        for gid, text in reflections.items():
            if gid in written and isinstance(text, str):
                out.reflections[gid] = text[:MAX_REFLECTION_CHARS]


def _grade_id(cell: dict) -> str | None:
    meta = cell.get("metadata", {})
    return meta.get("nbgrader", {}).get("grade_id") if isinstance(meta, dict) and isinstance(meta.get("nbgrader"), dict) else None


def _text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(s for s in src if isinstance(s, str)) if isinstance(src, list) else str(src)


def _read_notebook(folder: Path, quiz: str, spec: QuizSpec, release_cells: list[dict], out: Intake) -> None:
    """Take the reflection text from a notebook handed in from JupyterLab; name what was added or changed."""
    path = folder / f"{quiz}.ipynb"
    try:
        nb = _json(read_small_file(path, MAX_NOTEBOOK_BYTES), max_depth=64)
        cells = nb["cells"]
        if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
            raise ValueError("no list of cells")
    except FileNotFoundError:
        return
    except (UnsafeFile, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        out.flags.append(f"the notebook was not read ({str(exc)[:100]}); graded from answers.json only")
        return
    released = {_grade_id(c): c for c in release_cells if _grade_id(c)}
    written = {w.grade_id for w in spec.written}
    added_code = sum(1 for c in cells if c.get("cell_type") == "code" and _grade_id(c) not in released)
    added_other = sum(1 for c in cells if c.get("cell_type") != "code" and _grade_id(c) not in released)
    edited = sorted({gid for c in cells if (gid := _grade_id(c)) in released and gid not in written
                     and _text(c).strip() != _text(released[gid]).strip()})
    if added_code:
        out.flags.append(f"{added_code} code cell(s) the learner added were not run")
    if added_other:
        out.flags.append(f"{added_other} other cell(s) the learner added were ignored")
    missing = [gid for gid in released if gid not in {_grade_id(c) for c in cells}]
    if missing:
        out.flags.append(f"cell(s) deleted: {', '.join(missing)}; the quiz's own cells were graded")
    if edited:
        out.flags.append(f"read-only cell(s) edited: {', '.join(edited)}; the quiz's own cells were graded")
    for cell in cells:
        gid = _grade_id(cell)
        if gid in written and gid not in out.reflections and cell.get("cell_type") == "markdown":
            text = _text(cell).strip()
            if text and text != _text(released[gid]).strip():
                out.reflections[gid] = text[:MAX_REFLECTION_CHARS]


def _read_extras(folder: Path, out: Intake) -> None:
    """nbgrader's own small files, kept byte for byte: the feedback's exchange name hashes the secret as read."""
    for name, pattern in zip(NBGRADER_FILES, (_TIMESTAMP, _SECRET)):
        try:
            text = read_small_file(folder / name, 256).decode("utf-8")
        except FileNotFoundError:
            continue
        except (UnsafeFile, UnicodeDecodeError) as exc:
            out.flags.append(f"{name} was not read: {exc}")
            continue
        if pattern.match(text.strip()):
            out.extras[name] = text
        else:
            out.flags.append(f"{name} was ignored: it does not look like one nbgrader writes")


def _extra_files(folder: Path, quiz: str) -> list[str]:
    """Every path in the hand-in that is not one of the files the intake reads (links are not followed)."""
    known = {ANSWERS_FILE, f"{quiz}.ipynb", *NBGRADER_FILES}
    found = []
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder)
        dirs[:] = [d for d in dirs if d not in (".ipynb_checkpoints", "__pycache__")]
        for name in sorted(dirs + files):
            path = folder / rel / name
            if path.is_dir() and not path.is_symlink():
                continue  # its files are listed
            shown = str(rel / name) if rel != Path(".") else name
            if shown not in known:
                found.append(shown)
    return found


def take(folder: Path, quiz: str, learner: str, release_notebook: Path) -> Intake:
    """Read one hand-in as data. Never raises for anything the hand-in holds."""
    release_cells = json.loads(release_notebook.read_text(encoding="utf-8"))["cells"]
    spec = from_cells(quiz, release_cells)
    out = Intake(learner)
    if folder.is_symlink() or not folder.is_dir():
        out.flags.append("the hand-in is not a folder; nothing was graded from it")
        return out
    _read_answers(folder, spec, out)
    _read_notebook(folder, quiz, spec, release_cells, out)
    _read_extras(folder, out)
    extra = _extra_files(folder, quiz)
    if extra:
        shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        out.flags.append(f"file(s) added beside the quiz were ignored: {shown}")
    if out.blank:
        out.flags.append("blank submission: no answer was saved and no reflection was written")
    return out


def fingerprint(intake: Intake, release_notebook: Path) -> str:
    """A hash of what is graded (the data taken and the released quiz), so a change is graded again."""
    import hashlib

    h = hashlib.sha256(release_notebook.read_bytes())
    h.update(json.dumps([intake.answers, intake.reflections, intake.extras.get("timestamp.txt")],
                        sort_keys=True).encode())
    return h.hexdigest()


def build(intake: Intake, quiz: str, release_notebook: Path, dest: Path) -> Path:
    """Write the hand-in nbgrader grades: the released quiz, the reflection text, the inspected answers."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    nb = json.loads(release_notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        gid = _grade_id(cell)
        if gid in intake.reflections and cell.get("cell_type") == "markdown":
            cell["source"] = intake.reflections[gid]
    write_text(dest / f"{quiz}.ipynb", json.dumps(nb, indent=1), KEEP)
    write_text(dest / ANSWERS_FILE, json.dumps({"answers": intake.answers, "reflections": intake.reflections},
                                               indent=1, sort_keys=True), KEEP)
    for name, text in intake.extras.items():
        write_text(dest / name, text, KEEP)
    return dest
