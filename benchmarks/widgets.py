"""How long each widget's callback takes: the model plus building and sending the new figure.

No kernel is needed: a widget's figure panel sets its figure view's figure JSON itself
(``backschool.plotting.FigurePanel``, no ``display`` call), so each timed step changes one control
and then serialises every panel's figure to JSON, as the kernel does when it syncs the view to
the browser. Budget: p95 < 30 ms.
Run ``python -m benchmarks.widgets`` for a table.
"""
from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path


import backschool.widgets as bs
from backschool.models import disc_load, redflags, spine

BUDGET_P95_MS = 30.0


def _send(widget: object) -> None:
    """Serialise the figures as the kernel does when it syncs a figure view."""
    for panel in (v for v in vars(widget).values() if hasattr(v, "view")):
        json.dumps(panel.view.figure)


def _cases(tmp: Path) -> dict[str, tuple[Callable[[], object], Callable[[object, int], None]]]:
    """name -> (make the widget, change one control the way a learner would on step i)."""
    flag_ids = [f.id for f in redflags.flags()]
    spine_ids = [p.id for p in (*spine.regions(), *spine.structures())]
    posture_ids = [p.id for p in disc_load.postures()]
    today = date.today()

    def diary_step(w: bs.PainDiary, i: int) -> None:
        w.day.value = today - timedelta(days=i % 60)
        w.minutes.value = str(10 + i % 50)
        w.save.click()

    def checklist_step(w: bs.ChecklistCard, i: int) -> None:
        box = list(w.boxes.values())[i % len(w.boxes)]
        box.value = not box.value

    return {
        "redflags": (bs.RedFlagCheck, lambda w, i: setattr(w.boxes[flag_ids[i % len(flag_ids)]], "value",
                                                           not w.boxes[flag_ids[i % len(flag_ids)]].value)),
        "spine": (bs.SpineExplorer, lambda w, i: setattr(w.part, "value", spine_ids[i % len(spine_ids)])),
        "disc_load": (bs.DiscLoadComparison,
                      lambda w, i: setattr(w.boxes[posture_ids[i % len(posture_ids)]], "value",
                                           not w.boxes[posture_ids[i % len(posture_ids)]].value)),
        "neck_load": (bs.NeckLoadExplorer, lambda w, i: setattr(w.slider, "value", (i * 7) % 61)),
        "niosh": (bs.NioshCalculator, lambda w, i: setattr(w.inputs["h"], "value", 20.0 + i % 50)),
        "diary": (lambda: bs.PainDiary(tmp / "diary.csv"), diary_step),
        "exercise_plan": (bs.ExercisePlanner, lambda w, i: setattr(w.minutes, "value", 30 + (i * 10) % 570)),
        "checklist": (lambda: bs.checklist("lifting-and-desk"), checklist_step),
    }


def callback_times(n: int = 200) -> dict[str, tuple[float, float]]:
    """name -> (median ms, p95 ms) over ``n`` callbacks, after one warm-up callback."""
    out: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, step) in _cases(Path(tmp)).items():
            widget = make()
            step(widget, -1)
            times = []
            for i in range(n):
                t0 = time.perf_counter()
                step(widget, i)
                _send(widget)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            out[name] = (statistics.median(times), times[min(n - 1, int(round(0.95 * (n - 1))))])
    return out


def main() -> None:
    results = callback_times()
    print(f"{'widget':<15}{'median ms':>11}{'p95 ms':>9}  budget p95 < {BUDGET_P95_MS:g} ms")
    for name, (median, p95) in results.items():
        status = "ok" if p95 < BUDGET_P95_MS else "OVER"
        print(f"{name:<15}{median:>11.2f}{p95:>9.2f}  {status}")


if __name__ == "__main__":
    main()
