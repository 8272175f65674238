"""The knowledge base: canonical entities, their names, and the offices they held over time.

It answers the questions the analysis asks of the outside world:

- ``find("Al Thani")`` — which known entities a name can mean (case-, suffix- and
  transliteration-insensitive);
- ``holders("MİT Başkanı", on=date(2024, 9, 13))`` — who held an office on a day, which is how a
  report calling the MİT chief "Hakan Kalın" is caught;
- ``roles_of(entity_id)`` — what a person was, and when.

Entities from several sources (the curated YAML, the Wikidata tables, a Wikidata dump) merge on
their QID, or on their exact name where one side has no QID. Everything is in memory: the
curated KB plus all shipped tables is a few thousand records and loads in well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import IO, Any

from haberdar.kb.data import read_yaml
from haberdar.kb.model import ENTITY_TYPES, Entity, Role, parse_partial_date
from haberdar.kb.names import (
    acronym_of,
    canonical_name,
    fold_name,
    is_acronym_surface,
    name_tokens,
    split_suffix,
    token_key,
    translit_key,
)
from haberdar.kb.positions import position_table
from haberdar.kb.titles import split_title, title_lexicon
from haberdar.text import tr_upper

_PAREN_ACRONYM_RE = re.compile(r"\(([^()]{2,12})\)")
# Phonetic keys shorter than this match too much to be used for lookup.
_MIN_KEY_LETTERS = 4


@dataclass(slots=True)
class ImportStats:
    """What a load added: new entities and roles, and those merged into existing ones."""

    entities_added: int = 0
    entities_merged: int = 0
    roles_added: int = 0
    roles_merged: int = 0
    rows: int = 0
    skipped: int = 0

    def __iadd__(self, other: ImportStats) -> ImportStats:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def _slug(name: str) -> str:
    return "-".join(fold_name(name).split()) or "x"


class KnowledgeBase:
    """Entities and roles in memory, with name and office indexes.

    Build one per process (``load_default_kb``) and pass it to the stages that need it; the
    object is read-only once loaded, which keeps per-article work a pure function.
    """

    def __init__(self, *, countries: bool = True) -> None:
        """Start empty, or (default) with the countries of ``countries.yaml`` as LOC entities.

        Countries are always wanted in practice: they turn "Katar Başbakanı" into a role of the
        entity Katar, and let table imports name the country of an office.
        """
        self.entities: dict[str, Entity] = {}
        self.roles: list[Role] = []
        self._roles_by_entity: dict[str, list[Role]] = defaultdict(list)
        self._role_seen: dict[tuple[str, str, str, date | None], Role] = {}
        self._by_qid: dict[str, str] = {}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._by_key: dict[str, set[str]] = defaultdict(set)
        self._by_last: dict[str, set[str]] = defaultdict(set)
        self._by_acronym: dict[str, set[str]] = defaultdict(set)
        self._role_index: dict[str, list[tuple[str, Role]]] | None = None
        self._alias_index: dict[str, list[tuple[str, Role]]] | None = None
        self._org_cache: dict[tuple[str | None, str | None, str | None], str] = {}
        if countries:
            self.load_countries()

    # ------------------------------------------------------------------ building

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id (or QID), if known."""
        hit = self.entities.get(entity_id)
        if hit is None and entity_id in self._by_qid:
            hit = self.entities.get(self._by_qid[entity_id])
        return hit

    def _index_names(self, entity: Entity, names: Iterable[str]) -> None:
        for name in names:
            key = fold_name(name)
            if not key:
                continue
            self._by_name[key].add(entity.id)
            # acronyms and very short names have no useful phonetic key ("ÇHC" and "J" both
            # reduce to "c")
            tkey = translit_key(name)
            if len(tkey.replace(" ", "")) >= _MIN_KEY_LETTERS and not is_acronym_surface(name):
                self._by_key[tkey].add(entity.id)
            if entity.type == "PER":
                toks = name_tokens(name)
                if toks:
                    self._by_last[token_key(toks[-1])].add(entity.id)
            if entity.type in ("ORG", "LOC") and len(name.split()) > 1:
                acr = acronym_of(name)
                if len(acr) >= 2:
                    self._by_acronym[acr].add(entity.id)

    def _find_merge_target(self, entity: Entity) -> Entity | None:
        if entity.id in self.entities:
            return self.entities[entity.id]
        if entity.qid and entity.qid in self._by_qid:
            return self.entities[self._by_qid[entity.qid]]
        # Same exact name and type, one side without a QID: the tables attach QIDs to curated
        # people this way. Two different QIDs never merge.
        for other_id in self._by_name.get(fold_name(entity.name), ()):
            other = self.entities[other_id]
            if other.type != entity.type or fold_name(other.name) != fold_name(entity.name):
                continue
            if other.qid and entity.qid and other.qid != entity.qid:
                continue
            if other.country and entity.country and other.country != entity.country:
                continue
            return other
        return None

    def add_entity(self, entity: Entity) -> tuple[Entity, bool]:
        """Add an entity or merge it into the one it duplicates; returns (stored entity, added)."""
        if entity.type not in ENTITY_TYPES:
            raise ValueError(f"entity type must be one of {ENTITY_TYPES}: {entity.type!r}")
        target = self._find_merge_target(entity)
        self._role_index = None
        self._alias_index = None
        self._org_cache.clear()
        if target is None:
            entity.aliases = _unique(
                [a for a in entity.aliases if fold_name(a) != fold_name(entity.name)]
            )
            self.entities[entity.id] = entity
            if entity.qid:
                self._by_qid[entity.qid] = entity.id
            self._index_names(entity, [entity.name, *entity.aliases])
            return entity, True
        new_names = [
            n for n in (entity.name, *entity.aliases) if fold_name(n) != fold_name(target.name)
        ]
        added = [n for n in new_names if fold_name(n) not in {fold_name(a) for a in target.aliases}]
        target.aliases = _unique([*target.aliases, *added])
        target.sources = list(dict.fromkeys([*target.sources, *entity.sources]))
        if entity.qid and not target.qid:
            target.qid = entity.qid
            self._by_qid[entity.qid] = target.id
        target.country = target.country or entity.country
        target.part_of = target.part_of or entity.part_of
        target.died = target.died or entity.died
        target.curated = target.curated or entity.curated
        self._index_names(target, added)
        return target, False

    def add_role(self, role: Role) -> bool:
        """Add a role; a duplicate (same entity, title, body and start) is merged instead.

        The Wikidata tables repeat one statement in several files, and the curated KB restates
        some table rows to close them: the merged role keeps every alias and source, takes an
        end date from whichever copy has one, and keeps the finer of two precisions (a table
        dating a holding "2014" and another "2014-08-28" describe one holding).
        """
        entity = self.get(role.entity_id)
        if entity is None:
            raise KeyError(f"role for unknown entity {role.entity_id!r}")
        role.entity_id = entity.id
        sig = (
            entity.id,
            fold_name(role.title),
            fold_name(role.organisation or role.country or ""),
            role.start,
        )
        seen = self._role_seen.get(sig) or self._same_holding(entity.id, role, sig)
        if seen is not None:
            if _finer(role.start_precision, seen.start_precision) and role.start is not None:
                seen.start, seen.start_precision = role.start, role.start_precision
            if (
                role.end is not None
                and seen.end is not None
                and _finer(role.end_precision, seen.end_precision)
            ):
                seen.end, seen.end_precision = role.end, role.end_precision
            seen.aliases = _unique([*seen.aliases, *role.aliases])
            if role.source and role.source not in seen.source.split(" | "):
                seen.source = f"{seen.source} | {role.source}" if seen.source else role.source
            if seen.end is None and role.end is not None:
                seen.end, seen.end_precision = role.end, role.end_precision
            seen.position_qid = seen.position_qid or role.position_qid
            self._role_seen[(*sig[:3], seen.start)] = seen
            self._role_index = None
            return False
        self._role_seen[sig] = role
        self.roles.append(role)
        self._roles_by_entity[entity.id].append(role)
        self._role_index = None
        self._alias_index = None
        return True

    def _same_holding(
        self, entity_id: str, role: Role, sig: tuple[str, str, str, date | None]
    ) -> Role | None:
        """An existing record of the same holding known at another precision.

        The world-leaders table dates Erdoğan's presidency "2014", the cabinet table
        "2014-08-28": one holding, not two. A start inside the other's coarser period matches.
        """
        if role.start is None:
            return None
        for other in self._roles_by_entity.get(entity_id, ()):
            if other.start is None or (sig[1], sig[2]) != (
                fold_name(other.title),
                fold_name(other.organisation or other.country or ""),
            ):
                continue
            if _within(role.start, other.start, other.start_precision) or _within(
                other.start, role.start, role.start_precision
            ):
                return other
        return None

    def load_countries(self) -> ImportStats:
        """Add the countries of ``countries.yaml`` as LOC entities keyed by QID."""
        stats = ImportStats()
        for c in position_table().countries:
            _, added = self.add_entity(
                Entity(
                    id=c.qid,
                    name=c.tr,
                    type="LOC",
                    aliases=[c.en, *c.aliases],
                    qid=c.qid,
                    country=c.tr,
                )
            )
            stats.entities_added += added
            stats.entities_merged += not added
        return stats

    def load_yaml(self, path_or_stream: str | Path | IO[str]) -> ImportStats:
        """Load a curated KB file (format: ``data/kb/curated.yaml``).

        Entry ids are the QID where given, else ``kb:<slug of the name>``; role dates may be
        partial ("2024-10") and keep their precision.
        """
        if isinstance(path_or_stream, (str, Path)):
            with open(path_or_stream, encoding="utf-8") as fh:
                raw = read_yaml(fh)
            source_name = str(path_or_stream)
        else:
            raw = read_yaml(path_or_stream)
            source_name = getattr(path_or_stream, "name", "<yaml>")
        stats = ImportStats()
        for item in (raw or {}).get("entities", []):
            stats.rows += 1
            stats += self._load_yaml_entity(item, source_name)
        return stats

    def _load_yaml_entity(self, item: dict[str, Any], source_name: str) -> ImportStats:
        stats = ImportStats()
        name = str(item["name"])
        qid = item.get("qid") or None
        entity = Entity(
            id=str(item.get("id") or qid or f"kb:{_slug(name)}"),
            name=name,
            type=item.get("type", "PER"),
            aliases=[str(a) for a in item.get("aliases") or []],
            qid=qid,
            country=item.get("country"),
            part_of=item.get("part_of"),
            sources=[str(s) for s in item.get("sources") or []],
            died=parse_partial_date(item.get("died"), end=True)[0],
            curated=True,
        )
        stored, added = self.add_entity(entity)
        stats.entities_added += added
        stats.entities_merged += not added
        for r in item.get("roles") or []:
            start, start_prec = parse_partial_date(r.get("start"))
            end, end_prec = parse_partial_date(r.get("end"), end=True)
            role = Role(
                entity_id=stored.id,
                title=str(r["title"]),
                organisation=r.get("organisation"),
                start=start,
                end=end,
                source=str(r.get("source") or source_name),
                country=r.get("country") or stored.country,
                aliases=[str(a) for a in r.get("aliases") or []],
                start_precision=start_prec,
                end_precision=end_prec,
            )
            if self.add_role(role):
                stats.roles_added += 1
            else:
                stats.roles_merged += 1
        return stats

    def load_wikidata_csv(self, path: str | Path) -> ImportStats:
        """Import one of the Wikidata office-holder tables as it is (see ``kb.wikidata``)."""
        from haberdar.kb.wikidata import load_wikidata_csv

        return load_wikidata_csv(self, path)

    def load_wikidata_dump(
        self,
        path_or_stream: str | Path | IO[bytes] | IO[str],
        *,
        qids: Iterable[str] | None = None,
        positions: Iterable[str] | None = None,
    ) -> ImportStats:
        """Stream a Wikidata JSON dump excerpt (``latest-all.json[.gz]``; see ``kb.wikidata``)."""
        from haberdar.kb.wikidata import load_wikidata_dump

        return load_wikidata_dump(self, path_or_stream, qids=qids, positions=positions)

    # ------------------------------------------------------------------ names

    def find(self, name: str, *, type: str | None = None, partial: bool = False) -> list[Entity]:
        """Entities a name can refer to, best evidence first.

        Tried in order, stopping at the first that finds anything: the exact name or an alias
        (case-, diacritic- and suffix-insensitive: "Kalın'ın", "KALIN", "Kalin"); the phonetic
        key ("Al Thani" finds "Al Sani"); an acronym of a known organisation's name. With
        ``partial`` a single word also finds people by surname ("Kalın" → İbrahim Kalın) —
        ambiguous by nature, so callers narrow the result down with dates and titles.
        """
        stem = canonical_name(name)
        if not stem:
            return []
        ids: set[str] = set(self._by_name.get(fold_name(stem), ()))
        if not ids and fold_name(name) != fold_name(stem):
            ids = set(self._by_name.get(fold_name(name), ()))
        if not ids:
            key = translit_key(stem)
            if len(key.replace(" ", "")) >= _MIN_KEY_LETTERS and not is_acronym_surface(stem):
                ids = set(self._by_key.get(key, ()))
        if not ids and " " not in stem and is_acronym_surface(stem):
            ids = set(self._by_acronym.get(tr_upper(stem), ()))
        if not ids and partial:
            toks = name_tokens(stem)
            if len(toks) == 1:
                ids = {i for i in self._by_last.get(token_key(toks[0]), ())}
        found = [self.entities[i] for i in ids]
        if type is not None:
            found = [e for e in found if e.type == type]
        return sorted(found, key=lambda e: e.id)

    def candidates(self, name: str, *, type: str | None = None) -> list[Entity]:
        """Entities worth comparing with a name that :meth:`find` did not match exactly.

        A blocking step for fuzzy matching: people whose name or an alias ends in a word with
        the same phonetic key as one of the name's words ("Mohammed Al Thani" → every Al Sani),
        and organisations/places sharing its phonetic key. Callers score the candidates.
        """
        toks = name_tokens(name)
        ids: set[str] = set()
        for tok in toks:
            ids |= self._by_last.get(token_key(tok), set())
        key = translit_key(name)
        if len(key.replace(" ", "")) >= _MIN_KEY_LETTERS:
            ids |= self._by_key.get(key, set())
        found = [self.entities[i] for i in ids]
        if type is not None:
            found = [e for e in found if e.type == type]
        return sorted(found, key=lambda e: e.id)

    # ------------------------------------------------------------------ roles

    def roles_of(self, entity_id: str, on: date | None = None) -> list[Role]:
        """Roles of an entity (all, or those held on ``on``), oldest first."""
        entity = self.get(entity_id)
        if entity is None:
            return []
        roles = self._roles_by_entity.get(entity.id, [])
        if on is not None:
            roles = [r for r in roles if r.active_on(on)]
        return sorted(roles, key=lambda r: (r.start or date.min, r.title))

    def organisation_id(self, text: str) -> str | None:
        """Entity id of an organisation or place as a title writes it, if the KB knows it.

        Suffixes are ignored ("MİT'in"), and a bracketed acronym is tried first ("Milli
        İstihbarat Teşkilatı (MİT)"). Organisations and places win over people of the same name.
        """
        text = " ".join(text.split()).strip(" ,")
        if not text:
            return None
        # "Milli İstihbarat Teşkilatı (MİT)": the acronym in brackets is the surest handle
        m = _PAREN_ACRONYM_RE.search(text)
        candidates = []
        if m:
            candidates.append(m.group(1))
            candidates.append(_PAREN_ACRONYM_RE.sub(" ", text))
        candidates.append(text)
        for cand in candidates:
            words = [split_suffix(w)[0] for w in cand.split()]
            hits = self.find(" ".join(words))
            hits = [e for e in hits if e.type != "PER"] or hits
            if hits:
                return hits[0].id
        return None

    def _leading_country(self, text: str) -> tuple[str, str] | None:
        """Split a leading country off an organisation text: "Mısır Genel İstihbarat" → (Q79, rest)."""
        words = text.split()
        for n in range(min(4, len(words)), 0, -1):
            head = " ".join(split_suffix(w)[0] for w in words[:n])
            country = position_table().country(head)
            if country is not None:
                target = self.get(country.qid)
                cid = target.id if target else country.qid
                return cid, " ".join(words[n:])
        return None

    def _country_of(self, entity_id: str) -> str | None:
        """The id of the country an organisation belongs to, when the KB records one."""
        entity = self.get(entity_id)
        if entity is None or not entity.country:
            return None
        country = position_table().country(entity.country)
        if country is None:
            return self.organisation_id(entity.country)
        target = self.get(country.qid)
        return target.id if target else country.qid

    def _org_key(self, org_text: str, organisation: str | None, country: str | None) -> str:
        cache_key = (org_text, organisation, country)
        hit = self._org_cache.get(cache_key)
        if hit is not None:
            return hit
        key = self._compute_org_key(org_text, organisation, country)
        self._org_cache[cache_key] = key
        return key

    def _compute_org_key(self, org_text: str, organisation: str | None, country: str | None) -> str:
        # An explicit organisation is the most specific; then the body written in the title;
        # a bare country comes last ("Dışişleri Bakanı" of Katar).
        if organisation:
            rid = self.organisation_id(organisation)
            if rid:
                return rid
        for text in (org_text, organisation or ""):
            if not text:
                continue
            rid = self.organisation_id(text)
            if rid:
                return rid
            lead = self._leading_country(text)
            if lead is not None:
                cid, rest = lead
                if not rest:
                    return cid
                rid = self.organisation_id(rest)
                if rid and self._country_of(rid) not in (None, cid):
                    rid = None  # "ABD Genelkurmay", "Letonya Merkez Bankası": that country's own body
                return rid or f"{cid}/{fold_name(rest)}"
            if country:
                cid = self.organisation_id(country) or fold_name(country)
                return f"{cid}/{fold_name(text)}"
            return fold_name(text)
        if country:
            return self.organisation_id(country) or fold_name(country)
        return ""

    def _role_parts(
        self, title: str, organisation: str | None, country: str | None
    ) -> tuple[str, str]:
        title = unicodedata.normalize("NFC", title)
        org_text, head = split_title(title)
        if head is None:
            return self._org_key("", organisation, country), fold_name(title)
        return self._org_key(org_text, organisation, country), head.key

    def role_key(self, title: str, organisation: str | None = None) -> str:
        """A key under which spellings of one office compare equal: ``"<body>|<head>"``.

        "MİT Başkanı", "Mit Başkanı", "Milli İstihbarat Teşkilatı (MİT) Başkanı" and
        ("Başkanı", "MİT") share one key. ``<body>`` is the KB id of the organisation or country
        when known (else its folded text) and empty when the title names none ("Dışişleri
        Bakanı"): an empty body matches any body in :meth:`holders`.
        """
        org, head = self._role_parts(title, organisation, None)
        return f"{org}|{head}"

    def stored_role_key(self, role: Role) -> str:
        """The key of a stored role: its title with its organisation, or else its country."""
        org, head = self._role_parts(role.title, role.organisation, role.country)
        return f"{org}|{head}"

    def _ensure_role_index(self) -> dict[str, list[tuple[str, Role]]]:
        if self._role_index is None:
            index: dict[str, list[tuple[str, Role]]] = defaultdict(list)
            aliases: dict[str, list[tuple[str, Role]]] = defaultdict(list)
            for role in self.roles:
                org, head = self._role_parts(role.title, role.organisation, role.country)
                index[head].append((org, role))
                for alias in role.aliases:
                    aliases[fold_name(alias)].append((org, role))
            self._role_index = dict(index)
            self._alias_index = dict(aliases)
        return self._role_index

    def holder_roles(
        self, title: str, organisation: str | None = None, on: date | None = None
    ) -> list[Role]:
        """The role records behind :meth:`holders`, most recent start first."""
        index = self._ensure_role_index()
        q_org, q_head = self._role_parts(title, organisation, None)
        cands = [(org, role) for org, role in index.get(q_head, []) if _org_matches(q_org, org)]
        if not cands and self._alias_index:
            # English office labels kept as role aliases ("Minister of Foreign Affairs")
            cands = list(self._alias_index.get(fold_name(title), []))
        if on is not None:
            cands = [(org, r) for org, r in cands if r.active_on(on)]
            lex = title_lexicon()
            if not (lex.is_multi_holder(q_head) or lex.is_multi_holder(fold_name(title))):
                cands = _drop_superseded(cands)
        cands.sort(key=lambda c: c[1].start or date.min, reverse=True)
        return [r for _, r in cands]

    def holders(
        self, title: str, organisation: str | None = None, on: date | None = None
    ) -> list[Entity]:
        """Who held an office on a day ("MİT Başkanı", on=2024-09-13 → [İbrahim Kalın]).

        ``on=None`` lists everyone who ever held it. For single-holder offices an open-ended
        holding is taken to have ended when a later holder started: the tables stop in 2021–22
        and do not close the holdings that ended after.
        """
        out: list[Entity] = []
        seen: set[str] = set()
        for role in self.holder_roles(title, organisation, on):
            if role.entity_id not in seen:
                seen.add(role.entity_id)
                out.append(self.entities[role.entity_id])
        return out

    def is_multi_holder(self, title: str) -> bool:
        """Whether the office of a title is held by several people at once."""
        lex = title_lexicon()
        _, head = split_title(title)
        folded = fold_name(title)
        words = folded.split()
        # the office is the title's last words: "CHP İl Başkanı" ends with "il baskani"
        tails = (" ".join(words[i:]) for i in range(len(words)))
        if any(lex.is_multi_holder(t) for t in tails) or (head is not None and lex.is_multi_holder(head.key)):
            return True
        # "Belediye Başkanı", "Türkiye Direktörü": an office of one body per town or firm,
        # written without the body, is any of its many holders
        if folded in lex.needs_body:
            return True
        lead = self._leading_country(title)
        return lead is not None and fold_name(lead[1]) in lex.needs_body


def _org_matches(query: str, stored: str) -> bool:
    """Whether a queried body matches a stored one; country-qualified keys ("Q79/x") match
    their country ("Q79") and their unqualified body ("x") alike, and no body matches any."""
    if not query or query == stored:
        return True
    return stored.startswith(query + "/") or stored.endswith("/" + query)


def _drop_superseded(cands: list[tuple[str, Role]]) -> list[tuple[str, Role]]:
    """Drop open-ended holdings of an office that a later-starting holding superseded."""
    latest: dict[str, date] = {}
    for org, role in cands:
        if role.start is not None and (org not in latest or role.start > latest[org]):
            latest[org] = role.start
    kept = []
    for org, role in cands:
        newer = latest.get(org)
        if role.end is None and role.start is not None and newer is not None and role.start < newer:
            continue
        kept.append((org, role))
    return kept


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _finer(a: str, b: str) -> bool:
    """Whether precision ``a`` is finer than ``b``."""
    return _PRECISION_RANK.get(a, 0) < _PRECISION_RANK.get(b, 0)


def _within(day: date, period_start: date, precision: str) -> bool:
    """Whether ``day`` falls in the coarse period (month or year) that starts at ``period_start``."""
    if precision == "year":
        return day.year == period_start.year
    if precision == "month":
        return (day.year, day.month) == (period_start.year, period_start.month)
    return False


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = fold_name(item)
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out
