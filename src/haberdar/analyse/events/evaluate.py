"""Score CONSULT predictions against blind annotations (the corpus format of the guidelines).

Gold rows are ``{"aid", "published", "events": [{"participants": [{"name", "role", "title"}],
"symmetric", "status", "mode", "place", "date", "date_precision", "salience", …}]}``
(docs/annotation/CONSULT_GUIDELINES.md); the older fixture format (``actors``/``recipients``
lists) is converted on load.

A predicted event matches a gold one when it names at least ``min(2, parties)`` of the gold
parties (mediators aside). Names match loosely: case suffix off, Turkish lower case, a surname
matches a full name, a title matches the title-only party. Pairs are assigned greedily by the
number of parties matched. Duplicates are predicted events that match a gold event already
matched in the same article (one meeting recorded twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from haberdar.analyse.events.model import EventMention
from haberdar.kb.names import split_suffix
from haberdar.text import tr_lower


def _norm(name: str) -> list[str]:
    stem, _ = split_suffix(name or "")
    return tr_lower(stem).replace("'", " ").replace("’", " ").split()


def name_match(a: str, b: str) -> bool:
    ta, tb = _norm(a), _norm(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if long_[-len(short):] == short:
        return True
    return " ".join(short) in " ".join(long_)


def gold_events(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's events in the corpus format (old fixture events converted)."""
    out = []
    for ev in row.get("events") or []:
        if "participants" not in ev:
            # the earlier guidelines let a bare common noun be a party ("bakanlar"); the
            # current ones never do, so such parties are left out of the converted event
            sym = bool(ev.get("symmetric"))
            parts = [{"name": n, "role": "participant" if sym else "actor", "title": None}
                     for n in ev.get("actors") or [] if _capitalised(n)]
            parts += [{"name": n, "role": "participant" if sym else "recipient", "title": None}
                      for n in ev.get("recipients") or [] if _capitalised(n)]
            if not parts:
                continue
            ev = {**ev, "participants": parts, "place": ev.get("location"),
                  "more_evidence": ev.get("more_evidence") or []}
        if ev.get("event_type", "CONSULT") == "CONSULT":
            out.append(ev)
    return out


def _capitalised(name: str) -> bool:
    return any(w[:1].isupper() for w in name.split())


def _parties(ev: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in ev.get("participants") or [] if p.get("role") != "mediator"]


def _pred_names(p: EventMention) -> list[str]:
    out = []
    for x in p.participants():
        out.append(x.name)
        if x.surface and x.surface != x.name:
            out.append(x.surface)
        if x.title:
            out.append(x.title)
    return out


def matched_parties(gold: dict[str, Any], pred: EventMention) -> int:
    names = _pred_names(pred)
    return sum(1 for g in _parties(gold)
               if any(name_match(g["name"], n) or (g.get("title") and name_match(g["title"], n)) for n in names))


def is_match(gold: dict[str, Any], pred: EventMention) -> int:
    m = matched_parties(gold, pred)
    need = min(2, len(_parties(gold)))
    return m if need and m >= need else 0


@dataclass
class Score:
    articles: int = 0
    gold: int = 0
    pred: int = 0
    tp: int = 0
    duplicates: int = 0
    p_tp: int = 0
    p_fp: int = 0
    p_fn: int = 0
    place_ok: int = 0
    day_ok: int = 0
    status_ok: int = 0
    mode_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    by_rule: dict[str, list[int]] = field(default_factory=dict)  # rule id -> [right, wrong]

    def add(self, row: dict[str, Any], preds: list[EventMention], *, keep: bool = False) -> None:
        """Score one article. Borderline gold events are optional: a prediction that matches
        one is neither credited nor counted false, and missing one is not a miss."""
        every = gold_events(row)
        optional = [g for g in every if g.get("borderline")]
        preds = [p for p in preds if not any(is_match(g, p) for g in optional)]
        golds = [g for g in every if not g.get("borderline")]
        self.articles += 1
        self.gold += len(golds)
        self.pred += len(preds)
        pairs = sorted(((is_match(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
                       reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for sc, gi, pi in pairs:
            if not sc or pi in used_p:
                continue
            if gi in used_g:
                self.duplicates += 1
                used_p.add(pi)
                continue
            used_g.add(gi)
            used_p.add(pi)
            self._fields(golds[gi], preds[pi])
        self.tp += len(used_g)
        for pi, p in enumerate(preds):
            for rule in p.rules or ["(none)"]:
                self.by_rule.setdefault(rule, [0, 0])[0 if pi in used_p else 1] += 1
        if keep:
            aid = row.get("aid")
            self.misses += [f"{aid}: {[p['name'] for p in g['participants']]} | {str(g.get('evidence'))[:120]}"
                            for gi, g in enumerate(golds) if gi not in used_g]
            self.false += [f"{aid}: {[x.name for x in p.actors]} -> {[x.name for x in p.recipients]} | "
                           f"{p.evidence.text[:120]}" for pi, p in enumerate(preds) if pi not in used_p]

    def _fields(self, g: dict[str, Any], p: EventMention) -> None:
        gnames = [x["name"] for x in _parties(g)]
        pnames = _pred_names(p)
        hit = sum(1 for n in gnames if any(name_match(n, x) for x in pnames))
        self.p_tp += hit
        self.p_fn += len(gnames) - hit
        self.p_fp += sum(1 for x in p.participants()
                         if not any(name_match(x.name, n) or (x.surface and name_match(x.surface, n))
                                    or (x.title and name_match(x.title, n)) for n in gnames))
        gl, pl = g.get("place"), (p.location.name if p.location else None)
        self.place_ok += (not gl and not pl) or bool(gl and pl and name_match(gl, pl))
        gd = g.get("date")
        self.day_ok += (p.date or "")[:10] == (gd or "")[:10] if gd else p.date_source in (None, "published")
        self.status_ok += p.status == g.get("status")
        self.mode_ok += (p.mode or None) == (g.get("mode") or None)

    def report(self) -> dict[str, Any]:
        def prf(t: int, fp: int, fn: int) -> dict[str, float]:
            p = t / (t + fp) if t + fp else 0.0
            r = t / (t + fn) if t + fn else 0.0
            return {"precision": round(p, 3), "recall": round(r, 3),
                    "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

        n = self.tp or 1
        return {
            "articles": self.articles, "gold_events": self.gold, "predicted_events": self.pred,
            "event": prf(self.tp, self.pred - self.tp, self.gold - self.tp),
            "participant": prf(self.p_tp, self.p_fp, self.p_fn),
            "place_accuracy": round(self.place_ok / n, 3), "day_accuracy": round(self.day_ok / n, 3),
            "status_accuracy": round(self.status_ok / n, 3), "mode_accuracy": round(self.mode_ok / n, 3),
            "duplicates_per_article": round(self.duplicates / max(self.articles, 1), 4),
            "duplicates": self.duplicates,
        }

    def rules_report(self) -> dict[str, dict[str, float]]:
        """Precision of the events each rule took part in (duplicates count as right)."""
        return {r: {"events": a + b, "precision": round(a / (a + b), 3)}
                for r, (a, b) in sorted(self.by_rule.items(), key=lambda kv: -sum(kv[1]))}


def score(rows: Iterable[dict[str, Any]], predict: Any, *, keep: bool = False) -> Score:
    sc = Score()
    for row in rows:
        sc.add(row, predict(row), keep=keep)
    return sc
