"""Server-rendered line charts (SVG geometry for templates/records/_chart.html; no JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

COLOURS = ("#0b5cad", "#b3261e", "#1e7a34", "#7a4a00", "#6a1b9a", "#00695c", "#37474f", "#ad1457")
CHART = {"width": 640, "height": 260, "left": 48, "right": 16, "top": 16, "bottom": 48}


@dataclass
class Series:
    key: str
    side: str
    muscle: str
    colour: str
    points: list[tuple[float, float, str, float]]  # x, y, date, value

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


def line_chart(
    dates: list[datetime],
    values: Mapping[str, Sequence[tuple[int, float]]],
    top: int,
    step: int | None = None,
) -> dict[str, Any]:
    """Geometry of a line chart: x by date, y from 0 to `top` (a tick every `step`); one series
    per key, each a list of (index into `dates`, value). A key "left.x" / "right.x" names a side
    and a muscle; the right side is drawn dashed."""
    w, h = CHART["width"], CHART["height"]
    x0, x1 = CHART["left"], w - CHART["right"]
    y0, y1 = h - CHART["bottom"], CHART["top"]
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    span = (last - first).total_seconds() if first and last else 0.0

    def x_of(i: int) -> float:
        if span > 0 and first is not None:
            return x0 + (x1 - x0) * (dates[i] - first).total_seconds() / span
        return x0 + (x1 - x0) * (i / max(1, len(dates) - 1)) if len(dates) > 1 else (x0 + x1) / 2

    def y_of(v: float) -> float:
        return y0 - (y0 - y1) * v / top

    series = []
    for n, (key, points) in enumerate(values.items()):
        side, _, muscle = key.partition(".")
        series.append(
            Series(
                key,
                side,
                muscle,
                COLOURS[n % len(COLOURS)],
                [(x_of(i), y_of(v), dates[i].date().isoformat(), v) for i, v in points],
            )
        )
    step = step or (1 if top <= 5 else 2)
    ticks = [(v, y_of(v)) for v in range(0, top + 1, step)]
    # One label per day: several entries on one day would print over each other.
    first_x: dict[str, float] = {}
    for i, d in enumerate(dates):
        first_x.setdefault(d.date().isoformat(), round(x_of(i), 1))
    xticks = sorted((x, d) for d, x in first_x.items())
    return {
        "width": w,
        "height": h,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "series": series,
        "yticks": ticks,
        "xticks": xticks,
    }
