"""The timeline: events in date order, as a person reads them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _sort_key(ev: dict[str, Any]) -> tuple:
    # Dated events first, in date order; undated ones after, in the order they were read.
    return (ev["date"] is None, ev["date"] or "")


def ordered(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(events, key=_sort_key)


def who(parts: list[dict[str, Any]]) -> str:
    out = []
    for p in parts:
        name = p.get("name") or "?"
        out.append(f"{p['title']} {name}" if p.get("title") else name)
    return ", ".join(out)


def date_label(ev: dict[str, Any]) -> str:
    if not ev["date"]:
        return "no date"
    return ev["date"] if ev["date_precision"] in ("day", "minute") else f"{ev['date']} ({ev['date_precision']})"
