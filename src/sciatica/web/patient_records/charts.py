"""Server-rendered line charts (SVG geometry for templates/records/_chart.html; no JavaScript).

Drawn to be read on a phone as well as a desktop (issue 14): a narrow drawing (480 units, shown
at most 560 px wide) so its 15-unit text is about 11 px on a 390 px screen; date labels thinned
so they never print over each other, the first and last anchored inside the drawing (the last
one was clipped); each line labelled at its end; visits that raised an alert marked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

COLOURS = ("#0b5cad", "#b3261e", "#1e7a34", "#7a4a00", "#6a1b9a", "#00695c", "#37474f", "#ad1457")
CHART = {"width": 480, "height": 280, "left": 36, "right": 92, "top": 22, "bottom": 44}
LABEL_GAP = 16.0  # vertical units between two line-end labels
DATE_GAP = 124.0  # units between two date labels' anchors (a date is about 75 wide)


@dataclass
class Series:
    key: str
    side: str
    muscle: str
    colour: str
    points: list[tuple[float, float, str, float]]  # x, y, date, value
    end_label: str = ""
    label_y: float = 0.0  # where the end label is written (moved apart from its neighbours)

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)

    @property
    def end(self) -> tuple[float, float]:
        x, y, _, _ = self.points[-1]
        return x, y


def _spread(series: list[Series], low: float, high: float) -> None:
    """End labels at their line's height, pushed apart so that none overlaps another."""
    ordered = sorted((s for s in series if s.end_label), key=lambda s: s.end[1])
    previous = low - LABEL_GAP
    for s in ordered:
        s.label_y = max(s.end[1], previous + LABEL_GAP)
        previous = s.label_y
    overflow = previous - high
    if overflow > 0:  # too many at the bottom: shift the stack up, keeping the gaps
        for s in ordered:
            s.label_y -= overflow


def _date_ticks(xs: list[tuple[float, str]], x0: float, x1: float) -> list[tuple[float, str, str]]:
    """Date labels (x, date, text-anchor): one per day, the latest always, the others only where
    they do not touch a neighbour; anchored so that none runs past the drawing's edges."""
    if not xs:
        return []
    kept = [xs[0]]
    for x, d in xs[1:]:
        if x - kept[-1][0] >= DATE_GAP:
            kept.append((x, d))
    if kept[-1] != xs[-1]:  # the latest date always shows, in place of a neighbour too close
        kept[-1] = xs[-1]
    out = []
    for x, d in kept:
        anchor = "middle"
        if x - x0 < DATE_GAP / 2:
            anchor = "start"
        if x1 - x < DATE_GAP / 2:
            anchor = "end"
        out.append((x, d, anchor))
    return out


def line_chart(
    dates: list[datetime],
    values: Mapping[str, Sequence[tuple[int, float]]],
    top: int,
    step: int | None = None,
    end_labels: Mapping[str, str] | None = None,
    marked: Sequence[int] = (),
) -> dict[str, Any]:
    """Geometry of a line chart: x by date, y from 0 to `top` (a tick every `step`); one series
    per key, each a list of (index into `dates`, value). A key "left.x" / "right.x" names a side
    and a muscle; the right side is drawn dashed. `end_labels` writes a short name at the end of
    each line; `marked` are indices into `dates` of visits that raised an alert."""
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
                (end_labels or {}).get(key, ""),
            )
        )
    _spread(series, y1, y0)
    step = step or (1 if top <= 5 else 2)
    ticks = [(v, y_of(v)) for v in range(0, top + 1, step)]
    # One label per day: several entries on one day would print over each other.
    first_x: dict[str, float] = {}
    for i, d in enumerate(dates):
        first_x.setdefault(d.date().isoformat(), round(x_of(i), 1))
    xticks = _date_ticks(sorted((x, d) for d, x in first_x.items()), x0, x1)
    marks = sorted({(round(x_of(i), 1), dates[i].date().isoformat()) for i in marked})
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
        "marks": marks,
    }
