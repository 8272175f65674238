"""Small inline SVG charts drawn on the server (no JavaScript, no build step).

Every label goes through :func:`markupsafe.escape`; the result is :class:`markupsafe.Markup`
built only from numbers and escaped strings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

__all__ = ["bar_chart_h", "month_chart", "roles_chart"]


def month_chart(by_month: list[dict[str, Any]], *, width: int = 640, height: int = 140, max_bars: int = 72) -> Markup:
    """Events per month as vertical bars (the last ``max_bars`` months that have events), with
    both axes labelled: counts on the left, the year under the first bar of each year (every
    month when there are few). One outlier month does not squash the rest: the scale stops at
    the 90th percentile (when the tallest bar is over twice it) and a taller bar is drawn cut, with its count written on it."""
    data = by_month[-max_bars:]
    if not data:
        return Markup('<p class="muted">no dated events</p>')
    counts = sorted(int(d["events"]) for d in data)
    high = counts[int(0.9 * (len(counts) - 1))]
    top = max(counts[-1] if counts[-1] <= 2 * high else high, 1)
    n = len(data)
    left = 44
    bar_w = min(56.0, max(2.0, (width - left - 10) / n))
    inner_h = height - 44
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="events by month">',
        '<text x="2" y="12" class="axis">events</text>',
        f'<text x="{left - 4}" y="22" class="axis" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{18 + inner_h}" class="axis" text-anchor="end">0</text>',
        f'<line x1="{left - 2}" y1="18" x2="{left - 2}" y2="{18 + inner_h}" class="axis-line"/>',
    ]
    for i, d in enumerate(data):
        v = int(d["events"])
        h = inner_h * min(v, top) / top
        x = left + i * bar_w
        y = 18 + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(1.0, bar_w - 2):.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(d['month'])}: {v}</title></rect>"
        )
        if v > top:  # cut bar: say how tall it really is
            parts.append(f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y + 10:.1f}" class="axis cut" text-anchor="middle">{v}</text>')
    label_y = 18 + inner_h + 14
    last_year = None
    for i, d in enumerate(data):
        year = str(d["month"])[:4]
        cx = left + i * bar_w + (bar_w - 2) / 2
        if n <= 10:
            parts.append(f'<text x="{cx:.1f}" y="{label_y}" class="axis" text-anchor="middle">{escape(d["month"])}</text>')
        elif year != last_year:
            parts.append(f'<text x="{cx:.1f}" y="{label_y}" class="axis" text-anchor="start">{escape(year)}</text>')
        last_year = year
    # the axis name under the bars' right end, not the far edge of a mostly empty chart
    axis_x = min(width - 2.0, max(left + n * bar_w, left + 40.0))
    parts.append(f'<text x="{axis_x:.1f}" y="{height - 2}" class="axis" text-anchor="end">month</text>')
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
