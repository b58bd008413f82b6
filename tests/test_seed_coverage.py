"""Every seed page is taught: each coverage row points at a lesson section that exists.

Self-contained: the seed pages are the index in course.yml (`seed_pages`); nothing here reads ../shared.
scripts/check-seed-index.py compares that index with ../shared/seeds by hand when the seeds change."""
from backschool import lessontext as lt


def test_coverage_rows_point_at_real_sections(course, capsys):
    assert course.seed_coverage, "course.yml needs a seed_coverage map"
    for row in course.seed_coverage:
        lesson = course.lesson(row.lesson)
        sections = lt.headings(lt.read(lesson.notebook), 2)
        assert row.section in sections, f"{row.topic!r}: lesson {row.lesson} has no section {row.section!r}"
    with capsys.disabled():
        print(f"\nseed coverage: {len(course.seed_coverage)} topics mapped to "
              f"{len({(r.lesson, r.section) for r in course.seed_coverage})} lesson sections")


def test_every_seed_page_is_covered(course):
    seeds = {page.id for page in course.seed_pages}
    assert seeds and len(seeds) == len(course.seed_pages), "course.yml seed_pages should list each seed page once"
    covered = {row.seed for row in course.seed_coverage}
    assert covered <= seeds, f"coverage names unknown seeds: {covered - seeds}"
    for seed in seeds:
        rows = [r for r in course.seed_coverage if r.seed == seed]
        assert len(rows) >= 3, f"seed {seed} has only {len(rows)} topics mapped"
