"""Importers for Wikidata data: the office-holder CSV tables and the JSON dump.

The CSV tables (``shared/kb/*.csv``, from every-politician-scrapers) come in four layouts and
are read as they are:

======================================================================  ==========================
columns                                                                 office named by
======================================================================  ==========================
``item,itemLabel,startDate,endDate[,sourceDate],psid``                  the file name
``position,person,personID,start,end``                                  English label per row
``item,itemLabel,position,positionLabel,start,psid``                    QID + English label
``countryid,country,position,positionLabel,officeholder,…,start_year``  QID + label, with country
======================================================================  ==========================

The dump reader streams ``latest-all.json(.gz)`` — a JSON array written one entity per line —
line by line in constant memory, keeping only the entities asked for.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from haberdar.kb.base import ImportStats, KnowledgeBase
from haberdar.kb.model import Entity, Role, parse_partial_date
from haberdar.kb.positions import Position, position_table

_LAYOUTS: dict[str, frozenset[str]] = {
    "item": frozenset({"item", "itemLabel", "startDate", "endDate"}),
    "cabinet": frozenset({"position", "person", "personID", "start", "end"}),
    "current": frozenset({"item", "itemLabel", "position", "positionLabel", "start"}),
    "leaders": frozenset(
        {
            "countryid",
            "country",
            "position",
            "positionLabel",
            "officeholder",
            "officeholderLabel",
            "start_year",
            "end_year",
        }
    ),
}


def _table_name(path: Path) -> str:
    name = path.name
    for suffix in (".csv", "_wikidata"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _layout(header: list[str], path: Path) -> str:
    cols = set(header)
    for name in ("leaders", "current", "cabinet", "item"):  # most specific first
        if _LAYOUTS[name] <= cols:
            return name
    raise ValueError(
        f"{path.name}: unknown Wikidata table layout {header}; expected one of "
        + "; ".join(",".join(sorted(cols)) for cols in _LAYOUTS.values())
    )


def _file_country(table: str) -> str | None:
    prefix = table.split("_", 1)[0]
    return position_table().file_prefix_countries.get(prefix)


def _rows(
    path: Path, table: str
) -> Iterator[tuple[dict[str, str], str, str, Position, str | None]]:
    """(row, person QID, person label, Turkish position, position QID) for each table row."""
    pt = position_table()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        layout = _layout(reader.fieldnames or [], path)
        file_country = _file_country(table)
        fixed: Position | None = None
        if layout == "item":
            spec = pt.files.get(table)
            if spec is None:
                # an office table we have no entry for: keep its rows under the table's name
                fixed = Position(
                    title=table, label=table, country=pt.country_tr(file_country), mapped=False
                )
            else:
                fixed = pt.map(spec["position"], country=spec.get("country") or file_country)
        for row in reader:
            if layout == "item":
                assert fixed is not None
                yield row, row["item"], row["itemLabel"], fixed, None
            elif layout == "cabinet":
                yield (
                    row,
                    row["personID"],
                    row["person"],
                    pt.map(row["position"], country=file_country),
                    None,
                )
            elif layout == "current":
                pos = pt.map(row["positionLabel"], country=file_country)
                yield row, row["item"], row["itemLabel"], pos, row["position"] or None
            else:
                pos = pt.map(row["positionLabel"], country=row["country"])
                yield (
                    row,
                    row["officeholder"],
                    row["officeholderLabel"],
                    pos,
                    row["position"] or None,
                )


def _dates(row: dict[str, str]) -> tuple[Any, Any, Any, Any]:
    start_raw = row.get("startDate") or row.get("start") or row.get("start_year") or ""
    end_raw = row.get("endDate") or row.get("end") or row.get("end_year") or ""
    start, sp = parse_partial_date(start_raw.strip() or None)
    end, ep = parse_partial_date(end_raw.strip() or None, end=True)
    return start, sp, end, ep


def load_wikidata_csv(kb: KnowledgeBase, path: str | Path) -> ImportStats:
    """Import one office-holder table into ``kb``; returns what it added.

    People become PER entities keyed by QID (merging with curated entries by QID or name);
    each row becomes a Role with the Turkish title, the English label as an alias, the table's
    dates at their precision (the world-leaders table has years only) and
    ``<file>#<statement id or row>`` as its source.
    """
    path = Path(path)
    table = _table_name(path)
    stats = ImportStats()
    roles: list[Role] = []
    for line_no, (row, person_qid, person_label, pos, pos_qid) in enumerate(
        _rows(path, table), start=2
    ):
        stats.rows += 1
        person_qid = (person_qid or "").strip()
        person_label = (person_label or "").strip()
        if not person_label or not re.fullmatch(r"Q\d+", person_qid):
            stats.skipped += 1
            continue
        try:
            start, sp, end, ep = _dates(row)
        except ValueError:
            stats.skipped += 1
            continue
        if row.get("countryid") and row.get("country"):
            c = position_table().country(row["countryid"])
            if c is None:
                _, added = kb.add_entity(
                    Entity(
                        id=row["countryid"], name=row["country"], type="LOC", qid=row["countryid"]
                    )
                )
                stats.entities_added += added
        entity, added = kb.add_entity(
            Entity(
                id=person_qid,
                name=person_label,
                type="PER",
                qid=person_qid,
                country=pos.country,
                sources=[f"https://www.wikidata.org/wiki/{person_qid}"],
            )
        )
        stats.entities_added += added
        stats.entities_merged += not added
        role = Role(
            entity_id=entity.id,
            title=pos.title,
            organisation=pos.organisation,
            start=start,
            end=end,
            source=f"{path.name}#{row.get('psid') or line_no}",
            country=pos.country,
            aliases=[pos.label] if pos.label != pos.title else [],
            position_qid=pos_qid,
            start_precision=sp,
            end_precision=ep,
        )
        roles.append(role)
    # The table is a snapshot: its latest date is the last day it knew of. An open-ended row
    # says the holder was still in office then, not after (world_leaders_2021 has Liz Truss as
    # Prime Minister, a 2021 bank table Kavcıoğlu as governor), so the KB answers no holder for
    # later days rather than a stale one
    known = [d for r in roles for d in (r.start, r.end) if d is not None]
    # (the table was made on or after its latest date: that date's year is given the benefit)
    last = date(max(known).year, 12, 31) if known else None
    for role in roles:
        if role.end is None:
            role.known_until = last
        if kb.add_role(role):
            stats.roles_added += 1
        else:
            stats.roles_merged += 1
    return stats


# ---------------------------------------------------------------------------------- dump

_ID_RE = re.compile(r'"id"\s*:\s*"([QP]\d+)"')


@contextlib.contextmanager
def _open_dump(path_or_stream: str | Path | IO[bytes] | IO[str]) -> Iterator[IO[str]]:
    """A text stream over a plain or gzipped dump (told apart by its magic bytes).

    Files opened here are closed on exit; a stream passed in is left open for its owner.
    """
    with contextlib.ExitStack() as stack:
        if isinstance(path_or_stream, (str, Path)):
            raw: Any = stack.enter_context(open(path_or_stream, "rb"))
        elif isinstance(path_or_stream, io.TextIOBase):
            yield path_or_stream  # type: ignore[misc]
            return
        else:
            raw = (
                path_or_stream
                if hasattr(path_or_stream, "peek")
                else io.BufferedReader(path_or_stream)
            )  # type: ignore[arg-type]
        if raw.peek(2)[:2] == b"\x1f\x8b":
            raw = gzip.GzipFile(fileobj=raw)
            if isinstance(path_or_stream, (str, Path)):
                stack.enter_context(raw)
        text = io.TextIOWrapper(raw, encoding="utf-8")
        try:
            yield text
        finally:
            text.detach()  # never close a caller's stream through the wrapper


def iter_dump_entities(stream: IO[str], *, prefilter: Any = None) -> Iterator[dict[str, Any]]:
    """Entities of a dump, one line at a time; ``prefilter(line) -> bool`` skips lines unparsed.

    The dump is ``[`` / one entity per line ending with ``,`` / ``]``; only the current line is
    ever held, so memory stays constant whatever the dump's size.
    """
    for line in stream:
        line = line.strip()
        if not line or line in ("[", "]"):
            continue
        if line.endswith(","):
            line = line[:-1]
        if prefilter is not None and not prefilter(line):
            continue
        yield json.loads(line)


def _label(entity: dict[str, Any], langs: tuple[str, ...] = ("tr", "en")) -> str | None:
    labels = entity.get("labels") or {}
    for lang in langs:
        if lang in labels:
            return labels[lang]["value"]
    for value in labels.values():
        return value["value"]
    return None


def _claim_ids(entity: dict[str, Any], prop: str) -> list[str]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop, []):
        if claim.get("rank") == "deprecated":
            continue
        value = (claim.get("mainsnak") or {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            out.append(value["id"])
    return out


def _qualifier_time(claim: dict[str, Any], prop: str) -> tuple[str, int] | None:
    for q in (claim.get("qualifiers") or {}).get(prop, []):
        value = (q.get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("time"):
            return value["time"], int(value.get("precision", 11))
    return None


def _wikidata_date(qual: tuple[str, int] | None, *, end: bool) -> tuple[Any, Any]:
    """A Wikidata time value at its precision (11 day, 10 month, 9 year)."""
    if qual is None:
        return None, "day"
    time, precision = qual
    m = re.match(r"^[+]?(\d{4})-(\d{2})-(\d{2})", time)
    if not m:
        return None, "day"
    y, mo, d = m.groups()
    if precision <= 9:
        text = y
    elif precision == 10:
        text = f"{y}-{mo}"
    else:
        text = f"{y}-{mo}-{d}"
    try:
        return parse_partial_date(text, end=end)
    except ValueError:
        return None, "day"


def load_wikidata_dump(
    kb: KnowledgeBase,
    path_or_stream: str | Path | IO[bytes] | IO[str],
    *,
    qids: Iterable[str] | None = None,
    positions: Iterable[str] | None = None,
) -> ImportStats:
    """Stream a Wikidata JSON dump into ``kb``: labels, aliases and P39 "position held".

    Keeps entities whose QID is in ``qids`` and people holding a position in ``positions``
    (with only those positions' claims); with neither filter, every entity. Position items in
    ``positions`` that appear in the dump lend their labels to the titles of the claims.
    Names: the Turkish label, else English; English label and Turkish/English aliases become
    aliases. Types: P31 human → PER, a place class → LOC, else ORG; country from P27/P17.
    P39 qualifiers P580/P582 give start and end at their precision.
    """
    want_ids = frozenset(qids or ())
    want_pos = frozenset(positions or ())
    pt = position_table()
    pos_tokens = tuple(f'"{p}"' for p in want_pos)

    def prefilter(line: str) -> bool:
        if not want_ids and not want_pos:
            return True
        m = _ID_RE.search(line)
        if m and (m.group(1) in want_ids or m.group(1) in want_pos):
            return True
        return bool(want_pos) and '"P39"' in line and any(tok in line for tok in pos_tokens)

    stats = ImportStats()
    position_labels: dict[str, tuple[str | None, str | None]] = {}
    pending: list[tuple[Entity, list[tuple[str, Any, Any, Any, Any, str]]]] = []
    with _open_dump(path_or_stream) as stream:
        for item in iter_dump_entities(stream, prefilter=prefilter):
            stats.rows += 1
            qid = item.get("id", "")
            if qid in want_pos:
                position_labels[qid] = (_label(item, ("tr",)), _label(item, ("en",)))
                if qid not in want_ids:
                    continue
            claims = []
            for claim in (item.get("claims") or {}).get("P39", []):
                if claim.get("rank") == "deprecated":
                    continue
                value = (claim.get("mainsnak") or {}).get("datavalue", {}).get("value")
                pos_qid = value.get("id") if isinstance(value, dict) else None
                if not pos_qid or (want_pos and qid not in want_ids and pos_qid not in want_pos):
                    continue
                start, sp = _wikidata_date(_qualifier_time(claim, "P580"), end=False)
                end, ep = _wikidata_date(_qualifier_time(claim, "P582"), end=True)
                claims.append((pos_qid, start, sp, end, ep, claim.get("id") or ""))
            if want_pos and qid not in want_ids and not claims:
                continue
            name = _label(item)
            if not name:
                stats.skipped += 1
                continue
            classes = set(_claim_ids(item, "P31"))
            etype = (
                "PER"
                if classes & pt.person_classes
                else "LOC"
                if classes & pt.place_classes
                else "ORG"
            )
            aliases = [a for a in (_label(item, ("en",)),) if a and a != name]
            for lang in ("tr", "en"):
                aliases += [a["value"] for a in (item.get("aliases") or {}).get(lang, [])]
            country_ids = _claim_ids(item, "P27") or _claim_ids(item, "P17")
            country = next((c.tr for c in map(pt.country, country_ids) if c is not None), None)
            entity = Entity(
                id=qid,
                name=name,
                type=etype,
                aliases=aliases,
                qid=qid,
                country=country,
                sources=[f"https://www.wikidata.org/wiki/{qid}"],
            )
            pending.append((entity, claims))
    # Titles are resolved after the pass: a position item may come after its holders.
    for entity, claims in pending:
        stored, added = kb.add_entity(entity)
        stats.entities_added += added
        stats.entities_merged += not added
        for pos_qid, start, sp, end, ep, statement in claims:
            pos = _position_for(pos_qid, position_labels, country=stored.country)
            role = Role(
                entity_id=stored.id,
                title=pos.title,
                organisation=pos.organisation,
                start=start,
                end=end,
                source=f"https://www.wikidata.org/wiki/{stored.qid or stored.id}#{statement or 'P39'}",
                country=pos.country,
                aliases=[a for a in (pos.label,) if a and a != pos.title],
                position_qid=pos_qid,
                start_precision=sp,
                end_precision=ep,
            )
            if kb.add_role(role):
                stats.roles_added += 1
            else:
                stats.roles_merged += 1
    return stats


def _position_for(
    pos_qid: str, labels: dict[str, tuple[str | None, str | None]], *, country: str | None
) -> Position:
    """Turkish title of a position item: known QID table, else its labels in the dump."""
    pt = position_table()
    known = pt.qids.get(pos_qid)
    if known is not None:
        return pt.map(known["position"], country=known.get("country"))
    tr_label, en_label = labels.get(pos_qid, (None, None))
    if en_label:
        pos = pt.map(en_label, country=country)
        if pos.mapped or not tr_label:
            return pos
    if tr_label:
        return Position(title=tr_label, label=en_label or tr_label, country=country)
    return Position(title=pos_qid, label=pos_qid, country=country, mapped=False)
