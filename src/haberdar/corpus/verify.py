"""Flags and contradictions: who holds an office according to the sources and to the KB.

A *title claim* is a role written in front of a name ("MİT Başkanı Hakan Kalın"), found with
:func:`haberdar.analyse.roles.find_titles`, keyed by :func:`role_key` so that spellings of one
office compare equal, and stored in ``title_claims`` with the sentence it came from.

- ``name_conflict``: another source gives the same single-holder office to a different person
  at about the same time (within :data:`WINDOW_DAYS`; an undated claim is compared with every
  other), and more independent sources (near-duplicates count once) back the other name than
  this one, or as many and the KB confirms the other; a name the KB confirms for that date
  (ever, when undated) is never flagged. When the other source is a near-duplicate (one story,
  two names) exactly one side is flagged: the one the KB contradicts, else the one fewer other
  sources back, else the later-seen copy. For an office with many holders or a bare title, only
  that last case counts, and only when the two copies name the people in the same sentence.
- ``kb_conflict``: the KB knows who held the office on the article's day and this name is none
  of them; for an undated article the KB's current holder and every holder it knows are the
  reference, and the detail says so.

Names compare as compatible when one's words are a subset of the other's ("Kalın" ⊂ "İbrahim
Kalın"), when they resolve to one KB entity, or when they are spelling variants (rapidfuzz).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from haberdar.analyse.roles import find_titles
from haberdar.kb import KnowledgeBase
from haberdar.kb.model import parse_partial_date
from haberdar.kb.names import fold_name, name_lexicon, translit_key

__all__ = [
    "WINDOW_DAYS",
    "article_flags",
    "extract_claims",
    "names_compatible",
    "role_conflicts",
    "sentence_at",
]

WINDOW_DAYS = 45
_SENT_END = re.compile(r"(?<=[.!?])\s+|\n+")
def _honorifics() -> frozenset[str]:
    """Words of a name that name nobody: honorifics in front, terms of address after (data)."""
    lex = name_lexicon()
    words = {"sayın", *lex.honorifics, *lex.address_terms}
    return frozenset({fold_name(w) for w in words} | words)


_HONORIFICS = _honorifics()


def sentence_at(text: str, start: int, end: int) -> tuple[int, str]:
    """The sentence of ``text`` around [start, end): (its offset, its text)."""
    lo = 0
    for m in _SENT_END.finditer(text, 0, start):
        lo = m.end()
    after = _SENT_END.search(text, end)
    hi = after.start() if after else len(text)
    return lo, text[lo:hi]


def _day(published_at: str | None, precision: str | None) -> str | None:
    """The claim's day ("2014-01-31"), or its month or year when the article is dated only to
    that ("2025-05", "2004"); None when undated."""
    if published_at and precision in ("minute", "day") and len(published_at) >= 10:
        return published_at[:10]
    if published_at and precision == "month" and len(published_at) >= 7:
        return published_at[:7]
    if published_at and precision == "year" and len(published_at) >= 4:
        return published_at[:4]
    return None


def _interval(day: str | None) -> tuple[date, date] | None:
    """The days a claim's date may denote: one day, a month or a year."""
    if not day:
        return None
    lo, _ = parse_partial_date(day)
    hi, _ = parse_partial_date(day, end=True)
    return (lo, hi) if lo is not None and hi is not None else None


def _gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two date intervals (0 when they overlap)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _holders_over(kb: KnowledgeBase, title: str, iv: tuple[date, date]) -> list[Any] | None:
    """The KB's holders of the office during every day of ``iv`` (a month or a year), or None
    when its records leave a day of it uncovered: then the KB cannot contradict a name."""
    spans = []
    for r in kb.holder_roles(title):
        end = r.end or r.known_until or date.max
        start = r.start or date.min
        if start <= iv[1] and end >= iv[0]:
            spans.append((start, end, r.entity_id))
    reach = iv[0]
    for start, end, _ in sorted(spans):
        if start > reach:
            return None
        if end >= reach:
            reach = end + timedelta(days=1) if end < date.max else date.max
        if reach > iv[1]:
            break
    if reach <= iv[1]:
        return None
    ids = dict.fromkeys(e for _, _, e in spans)
    return [e for e in (kb.get(i) for i in ids) if e is not None]


@lru_cache(maxsize=1)
def _former() -> tuple[frozenset[str], frozenset[str]]:
    """Words before a title / after a name that put the holder in the past (titles_tr.yaml)."""
    from haberdar.resources import load_yaml

    raw = load_yaml("titles_tr.yaml")
    return (frozenset(fold_name(w) for w in raw.get("former_qualifiers") or []),
            frozenset(fold_name(w) for w in raw.get("former_after") or []))


def _is_former(body: str, m: Any) -> bool:
    """"eski İçişleri Bakanı X", "dönemin Başbakanı X", "Başbakan X döneminde": not a claim
    about the present holder."""
    before, after = _former()
    prev = fold_name(body[max(0, m.start - 24) : m.start]).split()
    nxt = fold_name(body[m.person_end : m.person_end + 24]).lstrip("'’").split() if m.person_end else []
    return bool((prev and prev[-1] in before) or (nxt and nxt[0].split("'")[-1] in after)
                or (nxt and any(n in after for n in nxt[:1])))


def extract_claims(article: dict[str, Any], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Title claims of one stored article (rows for ``title_claims``). A title qualified as
    past ("eski", "dönemin", "… döneminde") claims nothing about the present holder."""
    body = article.get("body") or ""
    out = []
    seen: set[int] = set()
    for m in find_titles(body, kb=kb):
        if not m.person or m.person_start is None or m.person_start in seen:
            continue
        seen.add(m.person_start)
        day = _day(article.get("published_at"), article.get("date_precision"))
        if _is_former(body, m) or _kb_says_not_now(kb, m.title, m.person, day):
            continue
        s_start, sentence = sentence_at(body, m.start, m.person_end or m.end)
        out.append(
            {
                "article_id": article["id"],
                "start": m.start,
                "role_key": kb.role_key(m.title),
                "title": m.title,
                "organisation": m.organisation,
                "person": m.person,
                "day": day,
                "sentence": sentence,
                "sentence_start": s_start,
            }
        )
    return out


def _change_near(kb: KnowledgeBase, title: str, d: date | None) -> bool:
    """Whether a holding of the office the KB knows only to the year or month starts or ends in
    the year or month of ``d`` (so the KB cannot say who held it that day)."""
    if d is None:
        return False

    def within(b: date | None, precision: str) -> bool:
        return b is not None and (
            (precision == "year" and b.year == d.year)
            or (precision == "month" and (b.year, b.month) == (d.year, d.month))
        )

    return any(
        within(r.start, r.start_precision) or within(r.end, r.end_precision)
        for r in kb.holder_roles(title)
    )


def _kb_says_not_now(kb: KnowledgeBase, title: str, person: str, day: str | None) -> bool:
    """Whether the KB's record of the named person shows that "TITLE PERSON" on ``day`` is no
    claim about who holds the office then: the person held this office only before ("Genelkurmay
    Başkanı İlker Başbuğ" in 2018, "İstanbul Büyükşehir Belediye Başkanı Recep Tayyip Erdoğan"
    in 2014: a former holder, named as such by the story's past), or died before ``day`` ("CHP
    lideri İsmet İnönü" in 2014). A person the KB knows in another office that day, never in
    this one, is no look back: the claim stands (a kb_conflict where the KB knows the holder).
    Only a person the KB identifies uniquely and knows offices of; otherwise the claim stands."""
    iv = _interval(day)
    if iv is None:
        return False
    when = iv[0]  # a month or a year: its first day (a former holder left before it began)
    people = [e for e in _find(kb, person) if e.type == "PER"]
    if len(people) != 1:
        return False
    if people[0].died is not None and people[0].died < when:
        return True  # no one holds an office after their death: a look back
    roles = kb.roles_of(people[0].id)
    if not roles:
        return False
    q_org, _, q_head = kb.role_key(title).partition("|")
    same = []
    for r in roles:
        r_org, _, r_head = kb.stored_role_key(r).partition("|")
        if r_head == q_head and (not q_org or not r_org or q_org == r_org or r_org.startswith(q_org + "/")
                                 or r_org.endswith("/" + q_org)):
            same.append(r)
    return bool(same) and all(r.end is not None and r.end < when for r in same)


@lru_cache(maxsize=65536)
def _tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in fold_name(name).replace("-", " ").split() if t not in _HONORIFICS)


def names_compatible(a: str, b: str, kb: KnowledgeBase | None = None) -> bool:
    """Whether two person names can denote one person (see the module docstring)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb or ta <= tb or tb <= ta:
        return True
    if fuzz.ratio(" ".join(sorted(ta)), " ".join(sorted(tb))) >= 90:
        return True
    if len(ta) == len(tb) and translit_key(a) == translit_key(b):
        return True  # one name transliterated two ways: "Ban Ki-moon" / "Ban Ki-mun"
    if kb is not None:
        ia = {e.id for e in _find(kb, a)}
        return bool(ia and ia & {e.id for e in _find(kb, b)})
    return False


_FIND_CACHE: dict[tuple[int, str], list[Any]] = {}


def _find(kb: KnowledgeBase, name: str) -> list[Any]:
    key = (id(kb), name)
    if key not in _FIND_CACHE:
        if len(_FIND_CACHE) > 100_000:
            _FIND_CACHE.clear()
        _FIND_CACHE[key] = kb.find(name, type="PER")
    return _FIND_CACHE[key]


def _holder_names(entity: Any) -> list[str]:
    return [entity.name, *entity.aliases]


def _kb_confirms(kb: KnowledgeBase, claim: dict[str, Any], holders: list[Any]) -> bool:
    """Whether the KB's holder of the office that day is the claim's person: a compatible
    name, or the same surname (up to transliteration) with the same initial — the one holder
    of an office written the way another language spells him ("Vladimir Zelenskiy" for
    "Volodymyr Zelenskyy")."""
    return any(
        names_compatible(claim["person"], n, kb) or _same_surname_and_initial(claim["person"], n)
        for h in holders
        for n in _holder_names(h)
    )


def _same_surname_and_initial(a: str, b: str) -> bool:
    wa, wb = fold_name(a).split(), fold_name(b).split()
    if len(wa) < 2 or len(wb) < 2 or wa[0][:1] != wb[0][:1]:
        return False
    sa, sb = translit_key(wa[-1]), translit_key(wb[-1])
    return sa == sb or fuzz.ratio(sa, sb) >= 80  # a slip of the pen: "Zelenksiy"


def _parse_day(day: str | None) -> date | None:
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None


def _evidence(claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "article": claim["article_id"],
        "start": claim["sentence_start"],
        "end": claim["sentence_start"] + len(claim["sentence"]),
        "text": claim["sentence"],
    }


def role_conflicts(
    claims: list[dict[str, Any]],
    kb: KnowledgeBase,
    *,
    today: date | None = None,
    near: dict[str, set[str]] | None = None,
    seq: dict[str, int] | None = None,
    targets: set[str] | None = None,
) -> list[dict[str, Any]]:
    """``name_conflict`` and ``kb_conflict`` flags for the claims of one office.

    ``claims`` are all stored claims of one role key (every article). ``near`` maps an article
    to its near-duplicates and ``seq`` gives the order articles were seen in: when a
    near-duplicate of this article (the same story) names someone else, one of the two is a
    mistake and only the loser is flagged (see :func:`_loses`); for an office with many
    holders (or a bare title) only such a disagreement is a conflict (see
    :func:`_twin_conflicts`). Returns flag rows
    ``{target, kind, detail, evidence}``.

    ``targets`` limits the flags to those articles (default: every article of ``claims``). The
    flags of an article depend only on the claims within :data:`WINDOW_DAYS` of its day (every
    claim, when it is undated) and on the near-duplicates among their articles, so ``claims``
    may then be only those, as long as ``claims[0]`` is still the office's first claim (by
    article id and offset: its title names the office).
    """
    if not claims:
        return []
    title = claims[0]["title"]
    if claims[0]["role_key"].startswith("|") or kb.is_multi_holder(title):
        # a bare title ("Başkan", "Başbakan") names no office: "Başbakan Wen Jiabao" and
        # "Başbakan Erdoğan" on one day are two countries, not a contradiction; only one
        # story told with two names in one sentence is
        return _twin_conflicts(claims, kb, near or {}, seq or {}, targets)
    today = today or date.today()
    flags: list[dict[str, Any]] = []
    days = [_parse_day(c["day"]) for c in claims]
    spans = [_interval(c["day"]) for c in claims]
    holders_cache: dict[date | None, list[Any]] = {}
    over_cache: dict[tuple[date, date], list[Any] | None] = {}

    def holders_on(d: date | None) -> list[Any]:
        if d not in holders_cache:
            holders_cache[d] = kb.holders(title, on=d)
        return holders_cache[d]

    for i, c in enumerate(claims):
        if targets is not None and c["article_id"] not in targets:
            continue
        if len(_tokens(c["person"])) < 2:
            continue  # a bare surname names nobody precisely enough to contradict
        d, iv = days[i], spans[i]
        if d is None and iv is not None:
            # dated to a month or a year: compared with the KB's holders of that whole period,
            # and only where the KB knows who held it on every day of it
            if iv not in over_cache:
                over_cache[iv] = _holders_over(kb, title, iv)
            over = over_cache[iv]
            confirmed = bool(over) and _kb_confirms(kb, c, over or [])
            if over and not confirmed:
                names = ", ".join(h.name for h in over)
                detail = f"{c['title']} in {c['day']} was {names} according to the knowledge base, not {c['person']}"
                flags.append({"target": c["article_id"], "kind": "kb_conflict", "detail": detail, "evidence": [_evidence(c)]})
            holders = over or []
        else:
            holders = holders_on(d)
            confirmed = _kb_confirms(kb, c, holders) if holders else False
        # --- kb_conflict (only where the KB's dates settle that day: not within the year or
        # month of a change it dates only to the year or month)
        if (d is not None or iv is None) and holders and not confirmed and not _change_near(kb, title, d):
            names = ", ".join(h.name for h in holders)
            if d is not None:
                detail = f"{c['title']} on {d.isoformat()} was {names} according to the knowledge base, not {c['person']}"
            else:
                current = ", ".join(h.name for h in holders_on(today)) or "unknown"
                detail = (
                    f"undated article, so compared with the KB's current holder of {c['title']} ({current}) "
                    f"and every holder it knows ({names}): {c['person']} is none of them"
                )
            flags.append({"target": c["article_id"], "kind": "kb_conflict", "detail": detail, "evidence": [_evidence(c)]})
        # --- name_conflict
        if confirmed:
            continue
        support: set[str] = {c["article_id"]}
        support_days: list[date] = [d] if d is not None else []
        against: dict[str, set[str]] = defaultdict(set)
        against_days: dict[str, list[date]] = defaultdict(list)
        examples: dict[str, dict[str, Any]] = {}
        for j, o in enumerate(claims):
            if o["article_id"] == c["article_id"]:
                continue
            other_day = days[j]
            o_iv = spans[j]
            if iv is not None and (o_iv is None or _gap(iv, o_iv) > WINDOW_DAYS):
                continue  # (an undated claim is compared with every other)
            if names_compatible(c["person"], o["person"], kb):
                if _tokens(c["person"]) <= _tokens(o["person"]) or len(_tokens(o["person"])) >= 2:
                    support.add(o["article_id"])
                    if other_day is not None:
                        support_days.append(other_day)
            elif len(_tokens(o["person"])) >= 2:
                key = fold_name(o["person"])
                against[key].add(o["article_id"])
                if other_day is not None:
                    against_days[key].append(other_day)
                examples.setdefault(key, o)
        if not against:
            continue
        rivals = sorted(against, key=lambda k: (-len(against[k]), k))
        ctx = _Context(kb, holders, near or {}, seq or {})
        best = next(
            (
                k for k in rivals
                if not _succession(support_days, against_days[k], twinned=bool(against[k] & ctx.near.get(c["article_id"], set())))
                and _loses(c, support, examples[k]["person"], against[k], ctx)
            ),
            None,
        )
        if best is None:
            continue
        other = examples[best]
        n = len(against[best])
        when = "" if iv is None else f" within {WINDOW_DAYS} days of {c['day']}"
        detail = (
            f"{c['title']} is {c['person']} here but {other['person']} in {n} other "
            f"article{'s' if n != 1 else ''}{when} ({', '.join(sorted(against[best])[:5])})"
        )
        flags.append(
            {"target": c["article_id"], "kind": "name_conflict", "detail": detail, "evidence": [_evidence(c), _evidence(other)]}
        )
    return _unique_flags(flags)


@dataclass
class _Context:
    kb: KnowledgeBase
    holders: list[Any]  # the KB's holders of the office on the claim's day
    near: dict[str, set[str]]
    seq: dict[str, int]


def _loses(c: dict[str, Any], support: set[str], rival: str, rival_articles: set[str], ctx: _Context) -> bool:
    """Whether claim ``c`` (backed by the articles ``support``, not confirmed by the KB) is the
    mistake against the rival name ``rival`` (backed by ``rival_articles``).

    - When a near-duplicate of ``c``'s article names the rival, the two are one story told
      with two names, and exactly one is wrong: the name the KB gives for that day wins; then
      the name more *other* sources back (articles that are no near-duplicate of either);
      then the earlier report (lower ``seq``), as a copy is the likelier place of a slip.
    - Otherwise the name more independent sources back wins, a source being a story:
      near-duplicates of one another (agency copies, reprints) count once. On a tie ``c``
      loses only when the KB confirms the rival; one report against one other is no evidence
      of which is wrong (and is often two holders of an office that has one per city).
    """
    aid = c["article_id"]
    mine_near = ctx.near.get(aid, set())
    twins = rival_articles & mine_near
    rival_ok = bool(ctx.holders) and any(
        names_compatible(rival, n, ctx.kb) for h in ctx.holders for n in _holder_names(h)
    )
    if twins:
        if rival_ok:
            return True
        story = {aid} | mine_near | twins
        for t in twins:
            story |= ctx.near.get(t, set())
        mine, theirs = _stories(support - story, ctx.near), _stories(rival_articles - story, ctx.near)
        if mine != theirs:
            return mine < theirs
        first = min(ctx.seq.get(t, 1 << 62) for t in twins)
        return ctx.seq.get(aid, 1 << 62) > first
    mine, theirs = _stories(support, ctx.near), _stories(rival_articles, ctx.near)
    if mine != theirs:
        return mine < theirs
    return rival_ok


def _succession(mine: list[date], theirs: list[date], *, twinned: bool) -> bool:
    """Whether two names of one office follow each other rather than disagree: every report of
    one name is dated before every report of the other ("İstanbul Cumhuriyet Başsavcısı" named as
    A until 7 January and as B from 31 January). A change of holder is news, not a conflict; an
    out-of-date report shows as names that interleave. Never for one story told with two names
    (``twinned``), and only when both sides are dated."""
    if twinned or not mine or not theirs:
        return False
    return max(mine) < min(theirs) or max(theirs) < min(mine)


def _stories(article_ids: set[str], near: dict[str, set[str]]) -> int:
    """How many stories ``article_ids`` tell: groups of articles linked by near-duplication."""
    left = set(article_ids)
    n = 0
    while left:
        n += 1
        todo = [left.pop()]
        while todo:
            linked = near.get(todo.pop(), set()) & left
            left -= linked
            todo.extend(linked)
    return n


def _masked(claim: dict[str, Any]) -> str:
    return claim["sentence"].replace(claim["person"], " ")


def _twin_conflicts(
    claims: list[dict[str, Any]],
    kb: KnowledgeBase,
    near: dict[str, set[str]],
    seq: dict[str, int],
    targets: set[str] | None = None,
) -> list[dict[str, Any]]:
    """``name_conflict`` flags for an office with many holders (or a bare title): only where two
    near-duplicates (one story) give the title in the same sentence to two people, and then
    on the later-seen copy, the earlier report being the likelier original."""
    if not near:
        return []
    flags = []
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        by_article[c["article_id"]].append(c)
    for c in claims:
        aid = c["article_id"]
        if (targets is not None and aid not in targets) or len(_tokens(c["person"])) < 2:
            continue
        for o_id in sorted(near.get(aid, set()) & by_article.keys()):
            if seq.get(o_id, 1 << 62) >= seq.get(aid, 1 << 62):
                continue  # only the later copy is flagged
            mine = by_article[aid]
            for o in by_article[o_id]:
                if len(_tokens(o["person"])) < 2 or names_compatible(c["person"], o["person"], kb):
                    continue
                if fuzz.ratio(_masked(c), _masked(o)) < 90:
                    continue
                if any(names_compatible(m["person"], o["person"], kb) and fuzz.ratio(_masked(m), _masked(o)) >= 90 for m in mine):
                    continue  # this copy says the same elsewhere: two sentences alike, not a swap
                detail = (
                    f"{c['title']} is {c['person']} here but {o['person']} in the same sentence of {o_id}, "
                    f"a near-duplicate seen earlier"
                )
                flags.append({"target": aid, "kind": "name_conflict", "detail": detail, "evidence": [_evidence(c), _evidence(o)]})
                break
    return _unique_flags(flags)


def _unique_flags(flags: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flag per (article, kind): the first finding's detail, every finding's evidence."""
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for f in flags:
        key = (f["target"], f["kind"])
        if key not in by_key:
            by_key[key] = {**f, "evidence": list(f["evidence"])}
        else:
            ev = by_key[key]["evidence"]
            ev.extend(e for e in f["evidence"] if e not in ev)
    return list(by_key.values())


def article_flags(article: dict[str, Any], *, dated_event: bool = False) -> list[dict[str, Any]]:
    """Flags of one article on its own: ``undated`` and ``unattributed``."""
    out = []
    if not article.get("published_at") and not dated_event:
        out.append(
            {
                "target": article["id"],
                "kind": "undated",
                "detail": "no publication date and no dated event: the report cannot be placed in time",
                "evidence": [],
            }
        )
    if not article.get("origin") and not article.get("site"):
        out.append(
            {
                "target": article["id"],
                "kind": "unattributed",
                "detail": "the article credits no agency or source and its site is unknown",
                "evidence": [],
            }
        )
    return out


def window(d: date) -> tuple[date, date]:
    """The days a dated claim is compared across."""
    return d - timedelta(days=WINDOW_DAYS), d + timedelta(days=WINDOW_DAYS)
