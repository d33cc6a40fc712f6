"""The outcome-score forms and results of the patient page: which fields each instrument's form
has, and the recorded scores as tables (newest first) and charts over time.

Items are named by short domain labels (strings `rec_sc_<instrument>_<item>`), never by the
wording of a licensed questionnaire. The scoring itself is `records.scores`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...records import scores
from .charts import line_chart


@dataclass(frozen=True)
class Item:
    """One form field: `name` is the answer key of records.scores; values `low`..`high`."""

    name: str
    low: int
    high: int
    choices: tuple[str, ...] = ()  # string keys of the options, one per value from `low`

    def field(self, instrument: str) -> str:
        return f"{instrument}_{self.name}"


AGREE = ("rec_sc_disagree", "rec_sc_agree")
BOTHER = tuple(f"rec_sc_bother_{n}" for n in range(5))
FORMS: dict[str, tuple[Item, ...]] = {
    "nprs": (Item("leg", 0, 10), Item("back", 0, 10)),
    "sbi": tuple(Item(name, 0, 6) for name in scores.SBI_ITEMS),
    "startback": (
        *(Item(name, 0, 1, AGREE) for name in scores.STARTBACK_ITEMS[:8]),
        Item(scores.STARTBACK_ITEMS[8], 0, 4, BOTHER),
    ),
    "odi": tuple(Item(name, 0, 5) for name in scores.ODI_SECTIONS),
}
OPTIONAL = {"nprs", "odi"}  # items may be left blank (NPRS: one of two; ODI: up to two)

# Chart per instrument: y axis top, tick step, and the result keys drawn as series.
CHARTS: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "nprs": (10, 2, ("leg", "back")),
    "sbi": (24, 4, ("total",)),
    "startback": (9, 1, ("total",)),
    "odi": (100, 10, ("percent",)),
}
SERIES_NAMES = {
    "leg": "rec_sc_nprs_leg",
    "back": "rec_sc_nprs_back",
    "total": "rec_sc_series_total",
    "percent": "rec_sc_series_percent",
}


def when(score: dict[str, Any], visit_dates: dict[int, datetime]) -> datetime:
    """A score is dated by its visit when it is linked to one, else by when it was recorded."""
    visit = score.get("visit_id")
    if visit is not None and visit in visit_dates:
        return visit_dates[visit]
    return datetime.fromisoformat(score["recorded_at"])


def results(
    recorded: list[dict[str, Any]], visit_dates: dict[int, datetime]
) -> dict[str, dict[str, Any]]:
    """Per instrument with at least one score: rows newest first, and the chart (oldest first)."""
    out: dict[str, dict[str, Any]] = {}
    for instrument, (top, step, keys) in CHARTS.items():
        mine = [s for s in recorded if s["instrument"] == instrument]
        if not mine:
            continue
        mine.sort(key=lambda s: (when(s, visit_dates), s["id"]))
        dates = [when(s, visit_dates) for s in mine]
        series: dict[str, list[tuple[int, float]]] = {}
        for i, s in enumerate(mine):
            for key in keys:
                if s["result"].get(key) is not None:
                    series.setdefault(key, []).append((i, s["result"][key]))
        rows = [
            {"date": d.date().isoformat(), "result": s["result"], "visit_id": s["visit_id"]}
            for d, s in zip(dates, mine, strict=True)
        ]
        out[instrument] = {
            "rows": rows[::-1],
            "chart": line_chart(dates, series, top, step),
        }
    return out
