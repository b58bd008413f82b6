"""Every lesson follows the skeleton: title, what you will learn, content, key points, sources.

"What you will learn" and "Sources" are one-line calls that show course.yml's objectives and the full
references of the lesson's citations; the tests below read the lesson as the learner sees it
(backschool.lessontext.learner_view) as well as the cells themselves.
"""
import pytest

from backschool import lessontext as lt
from backschool.manifest import load_course
from backschool.sources import bibliography

COURSE = load_course()
REFERENCES = bibliography()


@pytest.fixture(params=COURSE.lessons, ids=lambda lesson: lesson.id)
def lesson(request):
    return request.param, lt.read(request.param.notebook)


def test_title_matches_manifest(lesson):
    meta, nb = lesson
    assert nb.cells[1].cell_type == "markdown" and nb.cells[1].source.startswith("# "), \
        "the cell after the preamble is the title"
    assert lt.headings(nb, 1) == [f"Lesson {meta.number}: {meta.title}"]


def test_objectives_first_and_sources_last_are_calls_with_the_lessons_own_id(lesson):
    meta, nb = lesson
    assert lt.part_call(nb.cells[2]) == ("objectives", meta.id), \
        f'the first cell after the title must be bs.objectives("{meta.id}"), not {nb.cells[2].source!r}'
    assert lt.part_call(nb.cells[-1]) == ("sources", meta.id), \
        f'the last cell must be bs.sources("{meta.id}"), not {nb.cells[-1].source!r}'
    calls = [lt.part_call(c) for c in nb.cells if lt.part_call(c)]
    assert len(calls) == 2, f"objectives or sources shown more than once: {calls}"


def test_objectives_and_sources_are_not_written_in_the_notebook(lesson):
    _, nb = lesson
    for heading in (lt.OBJECTIVES_HEADING, lt.SOURCES_HEADING):
        written = [s for s in lt.markdown_cells(nb) if heading in s.splitlines()]
        assert not written, f"'{heading}' is written out in Markdown; use the one-line call instead"


def test_sections_in_order(lesson):
    _, nb = lesson
    h2 = lt.headings(lt.learner_view(nb), 2)
    assert h2[0] == "What you will learn"
    assert h2[-2:] == ["Key points", "Sources"]
    assert len(h2) >= 4, "a lesson needs content between its objectives and its key points"
    assert lt.markdown_cells(nb)[-1].startswith("## Key points"), "Key points is the last Markdown cell"


def test_learner_sees_the_manifest_objectives(lesson):
    meta, nb = lesson
    assert 3 <= len(meta.objectives) <= 5
    shown = lt.bullets(lt.section(lt.learner_view(nb), "What you will learn"))
    assert shown == list(meta.objectives.values())


def test_key_points_listed(lesson):
    _, nb = lesson
    assert len(lt.bullets(lt.section(nb, "Key points"))) >= 3


def test_every_cited_key_is_in_the_bibliography_and_listed_in_full(lesson):
    meta, nb = lesson
    cited = lt.cited_keys(lt.markdown_cells(nb))
    assert cited == lt.cited_keys(lt.markdown_in_file(meta.notebook)), "the kernel reads other Markdown"
    assert cited, "a lesson must cite its sources"
    unknown = [key for key in cited if key not in REFERENCES]
    assert not unknown, f"cited but not in assets/sources.yml: {unknown}"
    shown = lt.bullets(lt.section(lt.learner_view(nb), "Sources"))
    assert shown == [f"[{key}] {REFERENCES[key]}" for key in cited]


def test_a_citation_missing_from_the_bibliography_stops_the_sources_list(course, tmp_path):
    """The Sources cell would fail (not list half the sources) if a lesson cited an unknown key."""
    from dataclasses import replace

    import nbformat

    first = course.lessons[0]
    nb = lt.read(first.notebook)
    nb.cells[-2].source += "\n\nA claim with no such source [no-such-source-2099]."
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(KeyError, match="no-such-source-2099"):
        lt.sources_markdown(replace(first, notebook_path=str(path)))


def test_images_have_alt_text(lesson):
    _, nb = lesson
    for alt, src in lt.images(nb):
        assert len(alt.strip()) >= 10, f"image {src} needs alt text"


def test_lesson_says_it_does_not_replace_a_clinician(course):
    first = lt.read(course.lessons[0].notebook)
    assert "does not replace your doctor" in " ".join(lt.markdown_cells(first))
