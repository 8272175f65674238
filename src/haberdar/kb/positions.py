"""English Wikidata office labels → Turkish titles, and countries in both languages.

The Wikidata tables name offices in English ("Minister of Foreign Affairs", "President of
Egypt"); Turkish news writes "Dışişleri Bakanı", "Mısır Cumhurbaşkanı". The mapping is a data
table (``data/kb/positions.yaml``, ``data/kb/countries.yaml``); this module applies it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from haberdar.kb.data import load_data_yaml
from haberdar.kb.names import fold_name


@dataclass(frozen=True, slots=True)
class Country:
    """A country with its Wikidata QID, Turkish name and the other names it goes by."""

    qid: str
    tr: str
    en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Position:
    """A Turkish title for an English office label; ``label`` is the English original."""

    title: str
    label: str
    organisation: str | None = None
    country: str | None = None  # Turkish country name
    mapped: bool = True  # False when no rule matched and ``title`` is the English label


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    title: str
    organisation: str | None = None


@dataclass(slots=True)
class PositionTable:
    """The loaded mapping; build once with :func:`position_table`."""

    exact: dict[str, dict[str, str]]
    patterns: list[_Pattern]
    places: dict[str, str]
    files: dict[str, dict[str, str]]
    file_prefix_countries: dict[str, str]
    qids: dict[str, dict[str, str]]
    person_classes: frozenset[str]
    place_classes: frozenset[str]
    countries: list[Country] = field(default_factory=list)
    _country_by_key: dict[str, Country] = field(default_factory=dict)

    def country(self, name: str | None) -> Country | None:
        """Look a country up by English or Turkish name, alias or QID ("the Gambia" included)."""
        if not name:
            return None
        key = fold_name(name)
        hit = self._country_by_key.get(key)
        if hit is None and key.startswith("the "):
            hit = self._country_by_key.get(key[4:])
        return hit

    def country_tr(self, name: str | None) -> str | None:
        """Turkish name of a country given in any language; the input itself when unknown."""
        c = self.country(name)
        return c.tr if c else name

    def _place_tr(self, name: str) -> str:
        key = fold_name(name)
        if key in self.places:
            return self.places[key]
        c = self.country(name)
        return c.tr if c else name.strip()

    def _from_exact(self, label: str, country: str | None) -> Position | None:
        entry = self.exact.get(fold_name(label))
        if entry is None:
            return None
        return Position(
            title=entry["title"],
            label=label,
            organisation=entry.get("organisation"),
            country=self.country_tr(country),
        )

    def map(self, label: str, *, country: str | None = None) -> Position:
        """Turkish title of an English office label, for an office of ``country`` (any language).

        Order: exact entries (which carry the exceptions of Turkish usage), then the patterns,
        then the label with a trailing country cut off ("Minister of Health of Turkey",
        "Minister of Foreign Affairs, Turkey"). Unmapped labels come back as their own title,
        flagged ``mapped=False``, so that nothing is dropped.
        """
        label = " ".join(label.split())
        hit = self._from_exact(label, country)
        if hit:
            return hit
        low = label.lower()
        for pat in self.patterns:
            m = pat.regex.fullmatch(low)
            if not m:
                continue
            groups = m.groupdict()
            pos_country = country
            if groups.get("country") is not None:
                found = self.country(_orig_span(label, m, "country"))
                if found is None:
                    continue
                pos_country = found.tr
            title = pat.title
            if groups.get("place") is not None:
                title = title.format(place=self._place_tr(_orig_span(label, m, "place")))
            return Position(
                title=title,
                label=label,
                organisation=pat.organisation,
                country=self.country_tr(pos_country),
            )
        for sep in (", ", " of "):
            idx = label.rfind(sep)
            while idx > 0:
                office, rest = label[:idx], label[idx + len(sep) :]
                found = self.country(rest)
                if found is not None:
                    hit = self._from_exact(office, found.tr)
                    if hit:
                        return Position(hit.title, label, hit.organisation, found.tr)
                idx = label.rfind(sep, 0, idx)
        return Position(title=label, label=label, country=self.country_tr(country), mapped=False)


def _orig_span(label: str, m: re.Match[str], group: str) -> str:
    """The group's text in the original casing (the regex ran on the lower-cased label)."""
    start, end = m.span(group)
    return label[start:end]


@functools.cache
def position_table() -> PositionTable:
    """Load ``positions.yaml`` and ``countries.yaml`` once per process."""
    raw = load_data_yaml("kb/positions.yaml")
    countries_raw = load_data_yaml("kb/countries.yaml")["countries"]
    countries = [
        Country(
            qid=c["qid"],
            tr=c["tr"],
            en=c["en"],
            aliases=tuple(c.get("aliases_tr", []) + c.get("aliases_en", [])),
        )
        for c in countries_raw
    ]
    by_key: dict[str, Country] = {}
    for c, c_raw in zip(countries, countries_raw, strict=True):
        # adjectives ("Amerikan Merkez Bankası", "Alman Dışişleri Bakanlığı") scope a title to the
        # country, but name no place: they are not aliases of its KB entity
        for name in (c.tr, c.en, c.qid, *c.aliases, *c_raw.get("adjectives_tr", [])):
            by_key.setdefault(fold_name(name), c)
    patterns = [
        _Pattern(re.compile(p["en"]), p["title"], p.get("organisation")) for p in raw["patterns"]
    ]
    classes = raw["wikidata_classes"]
    return PositionTable(
        exact={fold_name(k): v for k, v in raw["exact"].items()},
        patterns=patterns,
        places={fold_name(k): v for k, v in raw["places"].items()},
        files=dict(raw["files"]),
        file_prefix_countries=dict(raw["file_prefix_countries"]),
        qids=dict(raw["qids"]),
        person_classes=frozenset(classes["person"]),
        place_classes=frozenset(classes["place"]),
        countries=countries,
        _country_by_key=by_key,
    )
