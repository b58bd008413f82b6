"""One command for every performance figure: ``python -m benchmarks`` (or ``./course bench``).

Prints one table and exits non-zero when a budget is missed. It is a benchmark, not a test:
timings never decide a test.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

BUDGETS = {
    "P1 median lesson / floor": 1.3,
    "P1 worst lesson / floor": 2.0,
    "P3 widget callback p95 (ms)": 30.0,
    "P4 kernel memory (MB)": 150.0,
    "P2 autograde speed-up (x)": 4.0,
    "P5 median click to widget (s)": 1.0,
    "P5 worst click to widget (s)": None,
    "P5 median seen by Playwright (s)": None,
    "P5 learner memory (MB)": 300.0,
    "P5 hub median click to widget (s)": 1.0,
    "P5 hub worst click to widget (s)": None,
    "P5 hub median seen by Playwright (s)": None,
    "P5 hub learner memory (MB)": 300.0,
    "P6 hub errors (30 learners)": 0.0,
    "P6 lesson ready p95 (s)": 5.0,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="1 repeat, 20 callbacks, no autograde, no browser, no hub: a smoke run")
    parser.add_argument("--skip", action="append", default=[], choices=["P1", "P2", "P3", "P4", "P5", "P6"],
                        help="leave a figure out")
    args = parser.parse_args(argv)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    repeats, callbacks = (1, 20) if args.quick else (5, 200)
    results: dict[str, float] = {}
    lines: list[str] = []

    if not {"P1", "P4"} <= set(args.skip):
        from benchmarks.lessons import measure

        print(f"P1/P4: running every lesson {repeats}x in fresh kernels...", flush=True)
        data = measure(repeats=repeats)
        low, high = data["floor_range"]
        lines.append(f"P1 kernel-start floor (empty notebook): {data['floor_seconds']:.2f} s "
                     f"(runs {low:.2f}-{high:.2f} s, alternating with each lesson's)")
        lines.append(f"{'lesson':<16}{'seconds':>9}{'x floor':>9}{'kernel MB':>11}")
        for lesson_id, row in data["lessons"].items():
            lines.append(f"{lesson_id:<16}{row['seconds']:>9.2f}{row['ratio']:>9.2f}{row['rss_mb']:>11.0f}")
        fw = data.get("figurewidget")
        if fw:
            lines.append(f"{'(FigureWidget)':<16}{fw['seconds']:>9.2f}{fw['ratio']:>9.2f}{fw['rss_mb']:>11.0f}"
                         f"  not budgeted: lesson {fw['lesson']} + one plotly FigureWidget")
        lines.append("Figures are go.Figure JSON drawn by the course's figure view, not FigureWidget: the row above is "
                     "what a FigureWidget would add.")
        if data.get("stalls"):
            lines.append(f"{data['stalls']} run(s) stalled in nbclient (jupyter/nbclient#312) and were run again.")
        ratios = [r["ratio"] for r in data["lessons"].values()]
        results["P1 median lesson / floor"] = statistics.median(ratios)
        results["P1 worst lesson / floor"] = max(ratios)
        results["P4 kernel memory (MB)"] = max(r["rss_mb"] for r in data["lessons"].values())

    if "P3" not in args.skip:
        from benchmarks.widgets import callback_times

        print(f"P3: {callbacks} callbacks per widget...", flush=True)
        times = callback_times(n=callbacks)
        lines.append(f"{'widget':<22}{'median ms':>10}{'p95 ms':>9}")
        for name, (median, p95) in times.items():
            lines.append(f"{name:<22}{median:>10.2f}{p95:>9.2f}")
        results["P3 widget callback p95 (ms)"] = max(p95 for _m, p95 in times.values())

    if "P2" not in args.skip and not args.quick:
        from benchmarks import autograde

        print("P2: grading a 30-learner class 3 times each way (nbgrader, then ours)...", flush=True)
        data = autograde.measure_paired()
        for pair in data["pairs"]:
            lines.append(f"P2 nbgrader autograde: {pair['nbgrader_seconds']:.1f} s; ours: {pair['ours_seconds']:.1f} s")
        lines.append(f"P2 spread: {data['low']:.2f}-{data['high']:.2f}x; scores agree: {data['scores_agree']}")
        results["P2 autograde speed-up (x)"] = data["ratio"]

    if "P5" not in args.skip and not args.quick:
        from benchmarks.clicks import measure, measure_hub, report

        places = [("P5", "clicking each lesson link in chromium", measure,
                   "course home -> click a lesson link -> its first widget control, in chromium")]
        if os.geteuid() != 0:
            lines.append("P5 hub: not measured: the hub needs root (real Unix users)")
        else:
            places.append(("P5 hub", "the same clicks by a learner on the clinic hub", measure_hub,
                           "the same, logged in on a real clinic hub (its defaults), through its proxy"))
        for tag, doing, run, what in places:
            print(f"{tag}: {doing}...", flush=True)
            data = run()
            lines.append(f"{tag}: {what}")
            lines.extend(f"{tag} {line}" for line in report(data))
            results[f"{tag} median click to widget (s)"] = data["median"]
            results[f"{tag} worst click to widget (s)"] = data["worst"]
            results[f"{tag} median seen by Playwright (s)"] = data["polled_median"]
            results[f"{tag} learner memory (MB)"] = data["learner_mb"]

    if "P6" not in args.skip and not args.quick:
        if os.geteuid() != 0:
            lines.append("P6: not measured: the hub load test needs root (real Unix users)")
        else:
            from benchmarks import hubload

            print("P6: 30 learners at once on the real hub...", flush=True)
            data = hubload.measure(30)
            lines.extend(hubload.summary(data))
            results["P6 hub errors (30 learners)"] = data["errors"]
            results["P6 lesson ready p95 (s)"] = data["lesson_ready_p95_s"]

    print("\n".join(["", *lines, "", f"{'figure':<36}{'value':>9}{'budget':>9}  ok"]))
    missed = []
    for name, value in results.items():
        budget = BUDGETS[name]
        if budget is None:  # reported beside its budgeted figure
            print(f"{name:<36}{value:>9.2f}{'-':>9}  -")
            continue
        ok = value >= budget if name.startswith("P2") else value <= budget
        print(f"{name:<36}{value:>9.2f}{budget:>9.2f}  {'yes' if ok else 'MISSED'}")
        if not ok:
            missed.append(name)
    if missed:
        print("\nBudgets missed: " + "; ".join(missed))
        return 1
    print("\nAll measured budgets hold.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
