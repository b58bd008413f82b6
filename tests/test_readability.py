"""Plain language: each lesson at or below US grade 8 (Flesch-Kincaid), the course at or below 7."""
import statistics

import textstat

from backschool import lessontext as lt

LESSON_MAX = 8.0
COURSE_MAX = 7.0


def test_reading_level(course, capsys):
    grades = {}
    for lesson in course.lessons:
        text = lt.prose(lt.read(lesson.notebook))
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
