"""The personal plan in the terminal (`sciatica check`), after a result below emergency: the
result's action first, each statement with its sources and verification label, what guidelines
advise against marked as such, and the warning signs last."""

from __future__ import annotations

import textwrap

from ..plan import Plan
from .style import Painter

WORDS = {
    "en": {
        "title": "YOUR PERSONAL PLAN",
        "first": "Do this first",
        "against": "Not recommended:",
        "sources": "sources",
        "safety": "Seek help at once if any of these appear",
    },
    "fr": {
        "title": "VOTRE PLAN PERSONNEL",
        "first": "À faire d'abord",
        "against": "Non recommandé :",
        "sources": "sources",
        "safety": "Consultez immédiatement si l'un de ces signes apparaît",
    },
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent + "  ")


def render_plan(plan: Plan, paint: Painter) -> str:
    w = WORDS[plan.lang]
    out = [paint(f" {w['title']} ", "bold"), "", paint(w["first"], "bold"), _wrap(plan.action, "")]
    for section in plan.sections:
        title = w["first"] if section.id == "first" else section.title
        if section.id != "first":
            out += ["", paint(title, "bold")]
        for s in section.statements:
            text = f"{w['against']} {s.text}" if s.kind == "against" else s.text
            out.append(_wrap(f"- {text}", "  "))
            out.append(f"    ({w['sources']}: {', '.join(s.sources)} [{s.label}])")
    if plan.safety_net:
        out += ["", paint(w["safety"], "bold")]
        out += [_wrap(f"- {item}", "  ") for item in plan.safety_net]
    return "\n".join(out)
