#!/usr/bin/env python3
"""Compare course.yml's seed_pages index with the seed pages in ../shared/seeds (by hand, not part of the suite).

The tests trust the index so a clone without ../shared passes; run this when the seeds change, then
update seed_pages (and seed_coverage) in course.yml. Exit 1 on any difference, 2 when ../shared is absent."""
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from backschool.manifest import load_course  # noqa: E402


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        print(f"no seed folder at {seeds}: nothing to compare", file=sys.stderr)
        return 2
    on_disk = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(seeds.glob("*.txt"))}
    indexed = {page.id: page.sha256 for page in load_course().seed_pages}
    problems = [f"not in course.yml seed_pages: {s}" for s in sorted(on_disk.keys() - indexed.keys())]
    problems += [f"in seed_pages but not in {seeds}: {s}" for s in sorted(indexed.keys() - on_disk.keys())]
    problems += [f"changed since indexed (check its coverage rows, then its sha256): {s}"
                 for s in sorted(on_disk.keys() & indexed.keys()) if on_disk[s] != indexed[s]]
    for line in problems:
        print(line)
    if not problems:
        print(f"seed index matches {seeds}: {len(indexed)} pages")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
