"""What a clinician must never read (issue 14, two registers): a case field path, a snake-case
name of the case format, or a rule id. Shared by the command-line and the page tests."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from sciatica.knowledge import load_knowledge

# A dotted path of the case format ("exam.strength.left.ankle_dorsiflexion", "history.fever"), or
# any dotted name with a snake-case part (web addresses such as "cks.nhs.uk" in citations have none).
PATH = re.compile(
    r"\b(?:patient|history|symptoms|exam|previous|unsure)\.[a-z_.]+|\b[a-z_]+\.[a-z_]*_[a-z_.]*"
)
# A snake-case name ("ankle_dorsiflexion", "straight_leg_raise").
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
URL = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:info|uk|org|com|ca|fr|net|gov|edu)\b")


@cache
def rule_ids() -> re.Pattern[str]:
    ids = sorted((r.id for r in load_knowledge().rules), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ids)) + r")\b")


def code_like(text: str) -> list[str]:
    """Every code-like piece of `text` (cited addresses left out: they are the sources' own)."""
    text = URL.sub(" ", text)
    return PATH.findall(text) + SNAKE.findall(text) + rule_ids().findall(text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees in a page (attributes such as form field names left out: a control
    is named by its case path, which no one reads)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
