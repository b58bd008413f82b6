"""Every lesson follows the skeleton: title, what you will learn, content, key points, sources."""
import pytest

from backschool import lessontext as lt
from backschool.sources import bibliography
from backschool.manifest import load_course

COURSE = load_course()
REFERENCES = bibliography()


@pytest.fixture(params=COURSE.lessons, ids=lambda lesson: lesson.id)
def lesson(request):
    return request.param, lt.read(request.param.notebook)


def test_title_matches_manifest(lesson):
    meta, nb = lesson
    assert lt.headings(nb, 1) == [f"Lesson {meta.number}: {meta.title}"]


def test_sections_in_order(lesson):
    _, nb = lesson
    h2 = lt.headings(nb, 2)
    assert h2[0] == "What you will learn"
    assert h2[-2:] == ["Key points", "Sources"]
    assert len(h2) >= 4, "a lesson needs content between its objectives and its key points"


def test_objectives_are_the_manifest_objectives(lesson):
    meta, nb = lesson
    assert 3 <= len(meta.objectives) <= 5
    assert lt.bullets(lt.section(nb, "What you will learn")) == list(meta.objectives.values())


def test_key_points_listed(lesson):
    _, nb = lesson
    assert len(lt.bullets(lt.section(nb, "Key points"))) >= 3


def test_every_citation_is_listed_and_every_source_cited(lesson):
    _, nb = lesson
    cited = lt.citations(nb)
    listed = {b.split("]")[0].lstrip("[") for b in lt.bullets(lt.section(nb, "Sources"))}
    assert cited, "a lesson must cite its sources"
    assert cited == listed, f"cited but not listed: {cited - listed}; listed but not cited: {listed - cited}"
    assert listed <= set(REFERENCES), f"not in assets/sources.yml: {listed - set(REFERENCES)}"
    for bullet in lt.bullets(lt.section(nb, "Sources")):
        key = bullet.split("]")[0].lstrip("[")
        assert REFERENCES[key] in bullet, f"[{key}] is not written out in full"


def test_images_have_alt_text(lesson):
    _, nb = lesson
    for alt, src in lt.images(nb):
        assert len(alt.strip()) >= 10, f"image {src} needs alt text"


def test_lesson_says_it_does_not_replace_a_clinician(course):
    first = lt.read(course.lessons[0].notebook)
    assert "does not replace your doctor" in " ".join(lt.markdown_cells(first))
