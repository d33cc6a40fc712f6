"""`sciatica example [NAME]`: the example cases that ship with the package."""

from __future__ import annotations

import argparse
import sys
from importlib import resources


def example_names() -> list[str]:
    folder = resources.files("sciatica").joinpath("examples")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def example_text(name: str) -> str | None:
    if name not in example_names():
        return None
    return resources.files("sciatica").joinpath("examples", f"{name}.json").read_text("utf-8")


def run_example(args: argparse.Namespace) -> int:
    names = example_names()
    if args.name is None:
        print("Example cases (print one with `sciatica example NAME`, assess it with")
        print("`sciatica example NAME | sciatica assess -`):")
        for name in names:
            print(f"  {name}")
        return 0
    text = example_text(args.name)
    if text is None:
        print(
            f"sciatica: no example named {args.name!r}; choose one of: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    sys.stdout.write(text)
    return 0
