"""Dotted case paths ("exam.strength.left.hip_flexion") on plain JSON-like dicts."""

from __future__ import annotations

from typing import Any


def get_path(case: dict[str, Any], path: str) -> Any:
    node: Any = case
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(case: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = case
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def del_path(case: dict[str, Any], path: str) -> None:
    parts = path.split(".")
    node: Any = case
    for part in parts[:-1]:
        node = node.get(part)
        if not isinstance(node, dict):
            return
    node.pop(parts[-1], None)
