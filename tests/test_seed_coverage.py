"""Every seed page is taught: each coverage row points at a lesson section that exists."""
import re

from backschool import lessontext as lt
from backschool.manifest import repo_root

SEEDS = repo_root().parent / "shared" / "seeds"


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
    seeds = {re.sub(r"\.txt$", "", p.name) for p in SEEDS.glob("*.txt")}
    assert seeds, "no seed pages found"
    covered = {row.seed for row in course.seed_coverage}
    assert covered <= seeds, f"coverage names unknown seeds: {covered - seeds}"
    for seed in seeds:
        rows = [r for r in course.seed_coverage if r.seed == seed]
        assert len(rows) >= 3, f"seed {seed} has only {len(rows)} topics mapped"
