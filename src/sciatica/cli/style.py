"""Terminal colour, honouring NO_COLOR and non-terminal output."""

from __future__ import annotations

import os
import sys
from typing import TextIO

CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
    "white_on_red": "1;97;41",
    "black_on_yellow": "1;30;43",
    "black_on_orange": "1;30;48;5;208",
    "white_on_blue": "1;97;44",
    "black_on_green": "1;30;42",
}

LEVEL_STYLE = {
    "emergency": "white_on_red",
    "urgent": "black_on_orange",
    "soon": "black_on_yellow",
    "routine": "white_on_blue",
    "self_care": "black_on_green",
}


def wants_colour(stream: TextIO, force: bool | None = None) -> bool:
    if force is not None:
        return force
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled:
            return text
        return f"\x1b[{CODES[style]}m{text}\x1b[0m"


def default_painter() -> Painter:
    return Painter(wants_colour(sys.stdout))
