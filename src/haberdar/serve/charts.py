"""Small inline SVG charts drawn on the server (no JavaScript, no build step).

Every label goes through :func:`markupsafe.escape`; the result is :class:`markupsafe.Markup`
built only from numbers and escaped strings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

__all__ = ["bar_chart_h", "month_chart", "roles_chart"]


def month_chart(by_month: list[dict[str, Any]], *, width: int = 640, height: int = 120, max_bars: int = 72) -> Markup:
    """Events per month as vertical bars (the last ``max_bars`` months that have events)."""
    data = by_month[-max_bars:]
    if not data:
        return Markup('<p class="muted">no dated events</p>')
    top = max(d["events"] for d in data) or 1
    n = len(data)
    bar_w = min(56.0, max(2.0, (width - 40) / n))
    inner_h = height - 28
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="events by month">'
    ]
    for i, d in enumerate(data):
        h = inner_h * d["events"] / top
        x = 30 + i * bar_w
        y = 8 + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(1.0, bar_w - 2):.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(d['month'])}: {int(d['events'])}</title></rect>"
        )
    parts.append(f'<text x="2" y="16" class="axis">{top}</text>')
    if n <= 10:  # few months: each bar gets its label
        for i, d in enumerate(data):
            cx = 30 + i * bar_w + (bar_w - 2) / 2
            parts.append(f'<text x="{cx:.1f}" y="{height - 4}" class="axis" text-anchor="middle">{escape(d["month"])}</text>')
    else:
        parts.append(f'<text x="30" y="{height - 4}" class="axis">{escape(data[0]["month"])}</text>')
        end_x = 30 + n * bar_w
        parts.append(f'<text x="{end_x:.1f}" y="{height - 4}" class="axis" text-anchor="end">{escape(data[-1]["month"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart_h(rows: list[tuple[str, int]], *, width: int = 320, row_h: int = 20, label_w: int = 110, aria: str = "chart") -> Markup:
    """Horizontal bars with a label each (places, flags)."""
    if not rows:
        return Markup('<p class="muted">nothing yet</p>')
    top = max(n for _, n in rows) or 1
    height = row_h * len(rows) + 4
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="{escape(aria)}">']
    for i, (label, n) in enumerate(rows):
        y = 2 + i * row_h
        w = (width - label_w - 40) * n / top
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + row_h * 0.7:.1f}" class="label" text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{max(1.0, w):.1f}" height="{row_h - 6}" class="bar"><title>{escape(label)}: {int(n)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + row_h * 0.7:.1f}" class="axis">{int(n)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _day(value: Any) -> date | None:
    if not value:
        return None
    s = str(value)
    try:
        if len(s) == 4:
            return date(int(s), 1, 1)
        if len(s) == 7:
            return date(int(s[:4]), int(s[5:7]), 1)
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def roles_chart(roles: list[dict[str, Any]], *, width: int = 640, row_h: int = 22, label_w: int = 230, today: date | None = None) -> Markup:
    """Roles over time as a Gantt chart: one bar per role from its start to its end (or today)."""
    today = today or date.today()
    spans = []
    for r in roles:
        start = _day(r.get("start"))
        if start is None:
            continue
        end = _day(r.get("end")) or today
        spans.append((str(r.get("title") or "?"), start, max(end, start), r.get("end") is None))
    if not spans:
        return Markup("")
    lo = min(s for _, s, _, _ in spans)
    hi = max(e for _, _, e, _ in spans)
    total = max(1, (hi - lo).days)
    plot_w = width - label_w - 10
    height = row_h * len(spans) + 22
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="roles over time">']
    for i, (title, s, e, open_) in enumerate(spans):
        y = 2 + i * row_h
        x = label_w + plot_w * (s - lo).days / total
        w = max(2.0, plot_w * (e - s).days / total)
        short = title if len(title) <= 34 else title[:33] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + row_h * 0.7:.1f}" class="label" text-anchor="end">{escape(short)}</text>')
        cls = "bar open" if open_ else "bar"
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" class="{cls}">'
            f"<title>{escape(title)}: {s.isoformat()} – {'' if open_ else e.isoformat()}</title></rect>"
        )
    parts.append(f'<text x="{label_w}" y="{height - 4}" class="axis">{lo.isoformat()}</text>')
    parts.append(f'<text x="{width - 10}" y="{height - 4}" class="axis" text-anchor="end">{hi.isoformat()}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
