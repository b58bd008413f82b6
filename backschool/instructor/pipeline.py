"""``run``: generate -> release -> collect -> autograde -> feedback -> return -> export, printing progress."""
from __future__ import annotations

from . import grading, steps
from .export import export_grades
from .learner_feedback import embed_all
from .paths import CourseLayout
from .report import write_report


def run(lay: CourseLayout, quiz: str, learners: list[str] | None = None, *, workers: int = 2,
        cell_timeout: int = 30, force: bool = False, echo=print) -> dict:
    steps.known_quiz(quiz)
    echo(f"1/7 generate {quiz}")
    steps.generate(lay, quiz)
    echo(f"2/7 release {quiz} to {lay.exchange}")
    steps.release(lay, quiz)
    echo("3/7 collect")
    present = steps.collect(lay, quiz)
    echo(f"    {len(present)} submission(s) in {lay.submitted}")
    echo("4/7 autograde (feedback is made by the same workers)")
    result = grading.autograde(lay, quiz, learners, workers=workers, cell_timeout=cell_timeout, force=force,
                               feedback=True, echo=echo)
    echo("5/7 feedback")
    missing = [lr for lr in result.skipped
               if not (lay.feedback_dir(lr, quiz) / f"{quiz}.html").exists()]
    if missing:
        steps.feedback(lay, quiz, missing)
    embed_all(lay, quiz)  # each learner's own progress, for progress/my-progress.ipynb
    echo(f"6/7 return feedback through {lay.exchange}")
    returned, held = steps.release_feedback(lay, quiz)
    echo(f"    returned to {len(returned)} learner(s)")
    for learner, why in held.items():
        echo(f"    not returned to {learner}: {why}")
    echo("7/7 export")
    csv_path = export_grades(lay, quiz)
    files = write_report(lay)
    echo(f"    grades: {csv_path}\n    report: {files['report']}")
    return {"grading": result, "grades_csv": csv_path, "files": files}
