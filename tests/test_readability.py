"""Plain language: each lesson at or below US grade 8 (Flesch-Kincaid), the course at or below 7.

Measured on the prose the learner reads (backschool.lessontext.prose of the learner view): the lesson's
Markdown and its objectives from course.yml; not code, headings, citations or the sources list."""
import statistics

import textstat

from backschool import lessontext as lt

LESSON_MAX = 8.0
COURSE_MAX = 7.0


def test_reading_level(course, capsys):
    grades = {}
    for lesson in course.lessons:
        text = lt.prose(lt.learner_view(lt.read(lesson.notebook)))
        assert len(text.split()) > 300, f"{lesson.id}: too little prose to measure"
        grades[lesson.id] = textstat.flesch_kincaid_grade(text)
    with capsys.disabled():
        print("\nFlesch-Kincaid grade per lesson:")
        for lesson_id, grade in grades.items():
            print(f"  {lesson_id:<16} {grade:5.1f}")
        print(f"  {'course mean':<16} {statistics.mean(grades.values()):5.1f}")
    too_hard = {k: g for k, g in grades.items() if g > LESSON_MAX}
    assert not too_hard, f"lessons above grade {LESSON_MAX}: {too_hard}"
    assert statistics.mean(grades.values()) <= COURSE_MAX


def test_measure_is_sensitive():
    """The measure would catch hard prose: a seed-style sentence scores far above the bar."""
    hard = ("Physiotherapy embraces a patient-centered approach, empowering individuals to actively "
            "participate in their recovery journey through comprehensive multidisciplinary rehabilitation.")
    assert textstat.flesch_kincaid_grade(hard) > LESSON_MAX


def test_measured_prose_is_what_the_learner_reads(course):
    """The objectives (shown from course.yml) are measured; code and the reference list are not."""
    for lesson in course.lessons:
        nb = lt.read(lesson.notebook)
        text = lt.prose(lt.learner_view(nb))
        for objective in lesson.objectives.values():
            assert objective in text, f"{lesson.id}: objective not measured: {objective!r}"
        assert "bs.objectives(" not in text and "import backschool" not in text, f"{lesson.id}: code measured as prose"
        for key in lt.cited_keys(lt.markdown_cells(nb)):
            assert f"[{key}]" not in text, f"{lesson.id}: the sources list or a citation is measured as prose"
