"""The ``backschool`` command. ``backschool instructor --help`` lists the grading steps,
``backschool admin --help`` the clinic's operations (backup, a patient's data, enrolment)."""
from __future__ import annotations

import argparse
import sys

from .manifest import ManifestError


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--course-dir", help="nbgrader course root (default: $BACKSCHOOL_COURSE_DIR or autograder/course)")
    p.add_argument("--exchange-dir", help="nbgrader exchange folder (default: <course root>/exchange)")


def _add_grading(p: argparse.ArgumentParser) -> None:
    p.add_argument("--learners", nargs="+", metavar="ID", help="only these learners (default: all who submitted)")
    p.add_argument("--workers", type=int, default=2, help="grading processes (default 2)")
    p.add_argument("--cell-timeout", type=int, default=30, help="seconds a cell may run (default 30)")
    p.add_argument("--force", action="store_true", help="grade again even if already graded and unchanged")
    p.add_argument("--no-feedback", action="store_true", help="autograde only; make feedback later")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="backschool", description="Back School course tools.")
    sub = top.add_subparsers(dest="area", required=True)
    ins = sub.add_parser("instructor", help="grade quizzes with nbgrader and follow the class")
    steps = ins.add_subparsers(dest="step", required=True)
    for name, text in [
        ("run", "generate, release, collect, autograde, feedback and export one quiz"),
        ("generate", "make the learner version of a quiz (release/) and register it in the gradebook"),
        ("release", "put the learner version in the exchange"),
        ("collect", "copy submissions from the exchange to submitted/"),
        ("autograde", "grade submissions on all cores (resumable)"),
        ("feedback", "make feedback HTML from the gradebook (after manual grading, too)"),
        ("return", "return the feedback to learners through the exchange (they fetch it in JupyterLab)"),
        ("export", "write grades as CSV"),
    ]:
        p = steps.add_parser(name, help=text, description=text)
        p.add_argument("quiz", help="quiz id from course.yml, e.g. quiz01")
        _add_common(p)
        if name in ("run", "autograde"):
            _add_grading(p)
        if name == "feedback":
            p.add_argument("--learners", nargs="+", metavar="ID")
    rep = steps.add_parser("report", help="class report: HTML page and CSV tables of every figure")
    _add_common(rep)
    rep.add_argument("--out", help="folder for report.html and the CSV files (default <course root>/exports)")
    _admin_parser(sub)
    return top


def _admin_parser(sub) -> None:
    adm = sub.add_parser("admin", help="clinic operations: backup, restore, a patient's data, enrolment")
    ops = adm.add_subparsers(dest="op", required=True)

    def op(name: str, text: str) -> argparse.ArgumentParser:
        p = ops.add_parser(name, help=text, description=text)
        _add_common(p)
        p.add_argument("--homes", help="folder with one home per learner (default: $BACKSCHOOL_HOMES_DIR or /home)")
        p.add_argument("--state-dir", help="the hub's state folder, with the enrolment roster and passwords "
                                           "(default: $BACKSCHOOL_STATE_DIR or /srv/backschool/hub)")
        return p

    op("backup", "one archive of the gradebook, course folder, exchange and learners' data").add_argument(
        "dest", help="the archive to write, e.g. /srv/backups/backschool-2026-12-01.tar.gz")
    p = op("restore", "put a backup back, after checking every checksum")
    p.add_argument("src", help="an archive made by `backschool admin backup`")
    p.add_argument("--force", action="store_true", help="replace data that is there (it is kept, renamed)")
    p = op("export-learner", "one web page with everything the course holds about one learner, for them")
    p.add_argument("learner", metavar="ID")
    p.add_argument("out", help="the file to write (or a folder: backschool-ID.html in it)")
    p = op("enrol", "enrol patients from a CSV file (name, optional email): an account and a letter each")
    p.add_argument("csv", help="one person a line: name, optional e-mail (a header line 'name,email' is fine)")
    p.add_argument("--url", help="the clinic's address printed in the letters (default: $BACKSCHOOL_PUBLIC_URL)")
    p.add_argument("--letters", help="folder for the letters (default: enrolment-letters-<date> here)")
    p.add_argument("--role", choices=["learner", "instructor"], default="learner")
    p.add_argument("--days", type=int, default=14, help="days the one-time codes work (default 14)")
    p = op("new-code", "a new one-time code and letter for someone who lost theirs or their password")
    p.add_argument("learner", metavar="ID")
    p.add_argument("--url", help="the clinic's address (default: $BACKSCHOOL_PUBLIC_URL)")
    p.add_argument("--letters", help="folder for the letter (default: enrolment-letters-<date> here)")
    p.add_argument("--days", type=int, default=14)
    p = op("erase-learner", "erase one learner from every store (gradebook, folders, exchange, home, ledger, reports)")
    p.add_argument("learner", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask before erasing")


def _admin(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .clinic import backup
    from .clinic.stores import ClinicError, stores

    try:
        st = stores(args.course_dir, args.exchange_dir, args.homes, args.state_dir)
        if args.op == "backup":
            dest = Path(args.dest).expanduser().resolve()
            summary = backup.backup(st, dest)
            print(f"Backup written to {dest} (readable by its owner only):")
            print("\n".join(summary.lines()))
        elif args.op == "restore":
            src = Path(args.src).expanduser().resolve()
            summary = backup.restore(st, src, force=args.force)
            print(f"Restored from {src}; every checksum matched:")
            print("\n".join(summary.lines()))
            print(f"  into: course {st.lay.root}, exchange {st.lay.exchange}, homes {st.homes}")
            for aside in summary.moved_aside:
                print(f"  what was there before is kept at {aside}")
        elif args.op == "export-learner":
            from .clinic.export import export_learner

            print(f"Wrote {export_learner(st, args.learner, Path(args.out).expanduser().resolve())}")
        elif args.op in ("enrol", "new-code"):
            return _enrol(st, args)
        elif args.op == "erase-learner":
            return _erase(st, args.learner, args.yes)
    except (ClinicError, ManifestError) as exc:
        print(f"backschool: {exc}", file=sys.stderr)
        return 2
    return 0


def _enrol(st, args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from . import settings
    from .clinic import enrol, letters
    from .clinic.stores import ClinicError
    from .manifest import load_course

    url = args.url or settings.public_url()
    if not url or not url.startswith(("http://", "https://")):
        raise ClinicError("Give the clinic's address for the letters: --url https://... (or $BACKSCHOOL_PUBLIC_URL).")
    if args.days < 1:
        raise ClinicError("--days must be 1 or more.")
    folder = Path(args.letters or f"enrolment-letters-{date.today():%Y-%m-%d}").expanduser().resolve()
    if args.op == "enrol":
        people, live = enrol.enrol(st.state, enrol.read_csv(Path(args.csv)), st.course_id, args.role, args.days)
    else:
        people, live = [enrol.new_code(st.state, args.learner, args.days)], True
    written = letters.write_letters(people, load_course().title, url, folder)
    for p, path in zip(people, written):
        print(f"{p.username:24} {p.name:30} letter: {path}")
    print(f"Print {folder / 'all-letters.html'} (one page each) and hand each person their letter.")
    if args.op == "enrol":
        print("Their accounts were made on the hub now." if live else
              "The hub is not running: it makes their accounts when it starts.")
    return 0


def _erase(st, learner: str, yes: bool) -> int:
    from .clinic import erase

    found = erase.plan(st, learner)
    if found.empty():
        print(f"The course holds nothing about {learner!r}: nothing to erase.")
        return 0
    print(f"This erases everything the course holds about {learner}:")
    print("\n".join(found.lines()))
    if not yes:
        try:
            answer = input(f"Type {learner} to erase it for good: ")
        except EOFError:
            answer = ""
        if answer.strip() != learner:
            print("Not confirmed: nothing was erased. (Use --yes to erase without asking.)", file=sys.stderr)
            return 2
    done = erase.erase(st, learner)
    print(f"Erased {learner}:")
    print("\n".join(done.lines()))
    for path in done.rewritten:
        print(f"  written again without them: {path}")
    for note in done.notes:
        print(f"  note: {note}")
    left = erase.leftovers(st, [learner])
    for path in left:
        print(f"  still mentions {learner}, check by hand: {path}")
    print("Backups made before today still hold their data until you delete those backups.")
    return 1 if left else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.area == "admin":
        return _admin(args)
    from pathlib import Path

    from .instructor import grading, pipeline, steps
    from .instructor.errors import InstructorError
    from .instructor.export import export_grades
    from .instructor.paths import layout
    from .instructor.report import write_report

    lay = layout(args.course_dir, args.exchange_dir)
    try:
        if args.step == "run":
            res = pipeline.run(lay, args.quiz, args.learners, workers=args.workers,
                               cell_timeout=args.cell_timeout, force=args.force)
            return 1 if res["grading"].failed else 0
        if args.step == "generate":
            steps.generate(lay, args.quiz)
            print(f"Generated {lay.release_dir(args.quiz)}")
        elif args.step == "release":
            steps.release(lay, args.quiz)
            print(f"Released {args.quiz} to {lay.exchange}")
        elif args.step == "collect":
            got = steps.collect(lay, args.quiz)
            print(f"{len(got)} submission(s) of {args.quiz} in {lay.submitted}")
        elif args.step == "autograde":
            res = grading.autograde(lay, args.quiz, args.learners, workers=args.workers,
                                    cell_timeout=args.cell_timeout, force=args.force,
                                    feedback=not args.no_feedback)
            return 1 if res.failed else 0
        elif args.step == "feedback":
            done = steps.feedback(lay, args.quiz, args.learners)
            from .instructor.learner_feedback import embed_all

            embed_all(lay, args.quiz)
            print(f"Feedback for {len(done)} learner(s) in {lay.feedback}")
        elif args.step == "return":
            returned, held = steps.release_feedback(lay, args.quiz)
            print(f"Feedback for {args.quiz} returned to {len(returned)} learner(s) through {lay.exchange}")
            for learner, why in held.items():
                print(f"  not returned to {learner}: {why}")
        elif args.step == "export":
            print(export_grades(lay, args.quiz))
        elif args.step == "report":
            files = write_report(lay, Path(args.out) if args.out else None)
            for name, path in files.items():
                print(f"{name}: {path}")
    except (InstructorError, ManifestError) as exc:
        print(f"backschool: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
