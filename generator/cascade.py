"""Cascade stage: lay layers over each other (basis -> [regio] -> gemeente).

Rules, in one place (the README repeats them as a table):
- a block of keys merges key by key;
- a single value replaces the one below;
- a list replaces the list below, unless written as ``toevoegen:``, which
  appends to it.
Every leaf keeps the layer and position it came from.
"""

from __future__ import annotations

from typing import Any

from .schema import Lijst, Rec


def merge(lower: Any, upper: Any) -> Any:
    """Lay ``upper`` over ``lower``."""
    if lower is None:
        return upper
    if upper is None:
        return lower
    if isinstance(lower, Rec) and isinstance(upper, Rec):
        fields = dict(lower.fields)
        for key, value in upper.fields.items():
            fields[key] = merge(lower.fields.get(key), value)
        return Rec(fields, upper.pos, upper.laag, {**lower.lagen, **upper.lagen})
    if isinstance(lower, Lijst) and isinstance(upper, Lijst) and upper.mode == "toevoegen":
        return Lijst(lower.items + upper.items, lower.mode, lower.pos, lower.laag)
    return upper


def cascade(layers: list[Rec | None]) -> Rec | None:
    """Merge a chain of layers, lowest first."""
    result: Rec | None = None
    for layer in layers:
        result = merge(result, layer)
    return result
