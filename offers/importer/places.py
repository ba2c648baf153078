"""Where: city, postal code, département, country, and what the posting says of remote work."""

import re
from dataclasses import dataclass, field

from offers import communes
from offers.geography import DEPARTEMENTS, REGIONS, department_from_postal_code

from .text import Found, clip, fold, unbulleted

# "75020 Paris", "44 620 La Montagne", "Bordeaux-33000", "Paris – 75003", "(Arles-13004)"
_CITY = (
    r"[A-ZÀ-Ý][A-Za-zÀ-ÿ'’]+"
    r"(?:[ -](?:[A-ZÀ-Ý][A-Za-zÀ-ÿ'’]+|sur|sous|en|la|le|de|du|des|les|d’|l’))*"
)
_CP = r"(?P<cp>\d{2} ?\d{3})"
_CP_CITY = re.compile(rf"\b{_CP}\s+(?P<city>{_CITY})")
_CITY_CP = re.compile(rf"(?P<city>{_CITY})\s*(?:[-–—,]\s*)?{_CP}\b")
_CITY_DEPT = re.compile(rf"(?P<city>{_CITY})\s*[-–—(]\s*(?P<dept>\d{{2}}|2[AB])\)?$")
_CANADA = re.compile(r"\b(?P<cp>[A-Z]\d[A-Z] ?\d[A-Z]\d)\b")
_ALONE_CP = re.compile(rf"^{_CP}$")
_ALONE_CITY = re.compile(rf"^(?P<city>{_CITY})$")
# Words of a label or an address that look like a city name but are not one.
_NOT_CITY = {
    "cedex",
    "cs",
    "bp",
    "lieu",
    "poste",
    "adresse",
    "localisation",
    "universite",
    "mairie",
    "ville",
    "stage",
    "contact",
    "rue",
    "place",
    "avenue",
    "boulevard",
    "route",
    "de",
    "la",
    "le",
    "du",
    "les",
    "en",
    "d'",
    "l'",
    # Words of approximation: "Proximité Aix-en-Provence", "Centre Lyon".
    "proximite",
    "pres",
    "environs",
    "region",
    "centre",
    "secteur",
    "agglomeration",
}
_ARTICLES = {"la", "le", "les", "l'"}
_STREET = re.compile(
    r"\b(?:rue|place|avenue|boulevard|bd|route|chemin|allee|cours|quai|impasse)\s*$"
)
# Postal codes that belong to one city alone: the arrondissements of Paris, Marseille and Lyon.
_ONE_CITY_CODES = [
    (re.compile(r"^75\d{3}$"), "Paris"),
    (re.compile(r"^130(?:0[1-9]|1[0-6])$"), "Marseille"),
    (re.compile(r"^6900[1-9]$"), "Lyon"),
]
# "23 rue des Balkans", "place Léon Blum": a street named after its kind of way.
_ADDRESS = re.compile(
    r"(?:\b\d{1,4}(?: bis| ter)?,? )?\b(?:rue|avenue|place|boulevard|bd|route|chemin|allée|"
    r"cours|quai|impasse)\s+(?:de |du |des |d['’]|de la )?[A-ZÀ-Ý][^,–—\d()]{1,60}"
)
_CITY_DEPARTEMENTS = {"paris": "75", "lyon": "69", "marseille": "13"}
# A sentence that says where the work is done, with a postal code in it.
_WORKPLACE = re.compile(r"se deroulera|sera base|poste base|sont situes|dans les locaux")
PLACE_LABEL = re.compile(
    r"^(?:(?:lieux?(?:\(x\))?(?: d['’]exercice| de (?:travail|stage|la mission)| du stage)?|"
    r"localisation|adresse|poste basé|basé)\b|ville(?: / site)?\s*:|où\s?\?)",
    re.IGNORECASE,
)
_REMOTE_NONE = re.compile(r"pas de teletravail|sans teletravail|en presentiel\b(?! ou)")
# Said of the whole internship, not of some days: "100 % télétravail", "entièrement à distance".
_REMOTE_FULL = re.compile(
    r"(?:100 ?%|entierement|totalement|integralement|full)(?: en)? ?"
    r"(?:teletravail|a distance|remote)"
)
_REMOTE = re.compile(r"teletravail|a distance|remote")
_ABROAD = {"quebec": "CA", "canada": "CA", "belgique": "BE", "suisse": "CH", "luxembourg": "LU"}
# Countries a posting of the field may be placed in, by their French names (folded).
COUNTRIES = {
    **_ABROAD,
    "france": "FR",
    "wallonie": "BE",
    "senegal": "SN",
    "tunisie": "TN",
    "maroc": "MA",
    "algerie": "DZ",
    "cameroun": "CM",
    "cote d'ivoire": "CI",
    "madagascar": "MG",
    "benin": "BJ",
    "togo": "TG",
    "burkina faso": "BF",
    "mali": "ML",
    "niger": "NE",
    "gabon": "GA",
    "guinee": "GN",
    "haiti": "HT",
    "vietnam": "VN",
    "cambodge": "KH",
    "laos": "LA",
    "liban": "LB",
    "espagne": "ES",
    "italie": "IT",
    "allemagne": "DE",
    "portugal": "PT",
}
_COUNTRY_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in COUNTRIES) + r")\b")
_DEPARTMENT_NAMES = {
    fold(name).replace("-", " "): code for code, (name, _r) in DEPARTEMENTS.items()
}
# Names wider than a town, which a place line may give before or after it.
_WIDER = {fold(name).replace("-", " ") for name in REGIONS.values()} | {
    "afrique",
    "europe",
    "asie",
    "amerique",
    "oceanie",
    "ile de france",
    "outre mer",
}
# France, its régions and départements as a text names them (capitalised: "Nord", "Lot", "Var"
# are words too).
_FRENCH = re.compile(
    r"\b(?:France|"
    + "|".join(
        re.escape(name).replace("\\-", "[- ]")
        for name in sorted(
            [*REGIONS.values(), *(name for name, _r in DEPARTEMENTS.values())],
            key=len,
            reverse=True,
        )
        # "le Nord", "le Lot", "le Var": short names are words of a sentence too.
        if len(name) >= 5
    )
    + r")\b"
)
# Institutions only France has, and the adjective after a noun ("réseau public français"; "le
# français", "en français" are the language).
_FRENCH_MARK = re.compile(
    r"\b(?:parcs? naturels? regionaux|parc naturel regional|loi (?:du 1er juillet )?1901|"
    r"collectivite territoriale|conseil (?:departemental|regional)|"
    r"communaute (?:de communes|d'agglomeration|urbaine)|metropole d[eu'] ?[a-z]|"
    r"(?<!\bdu )(?<!\ble )(?<!\ben )(?<!\bun )francais(?:e|es)?\b)"
)
_PLACE_PARTS = re.compile(r"\s*[,/|()]\s*|\s+[–—-]\s+")
_ARRONDISSEMENT = re.compile(r"\s+\d{1,2}(?:e|er|eme|ème)$")


@dataclass
class PlaceFound:
    values: dict = field(default_factory=dict)  # Offer field -> Found
    flags: list = field(default_factory=list)


def _clean_city(city: str) -> str | None:
    words = city.split()
    while words and fold(words[-1]) in _NOT_CITY:
        words.pop()
    # "La Rochelle", "Le Pont-de-Claix": a leading article belongs to the name.
    while words and fold(words[0]) in _NOT_CITY - _ARTICLES:
        words.pop(0)
    while len(words) > 1 and fold(words[0]) in {"de", "du", "d'"}:
        words.pop(0)
    if not words or _part_key(" ".join(words)) in _WIDER | set(COUNTRIES):
        return None
    return " ".join(words)


def _from_fragment(fragment: str) -> tuple[str | None, str | None, str | None]:
    """(city, postal code, département) named by a short fragment, each None if not."""
    fragment = fragment.strip(" ()–—-,")
    for pattern in (_CP_CITY, _CITY_CP):
        match = pattern.search(fragment)
        if match:
            city = None if _STREET.search(fold(fragment[: match.start()])) else match["city"]
            return _clean_city(city) if city else None, match["cp"].replace(" ", ""), None
    match = _CITY_DEPT.search(fragment)
    if match and match["dept"] in DEPARTEMENTS:
        return _clean_city(match["city"]), None, match["dept"]
    match = _ALONE_CP.match(fragment)
    if match:
        return None, match["cp"].replace(" ", ""), None
    match = _ALONE_CITY.match(fragment)
    if match and len(fragment.split()) <= 4:
        return _clean_city(match["city"]), None, None
    return None, None, None


# A candidate place: (city, postal code, département, the line that says it), each None if not.
Candidate = tuple[str | None, str | None, str | None, str]


def _heading_candidates(heading_place: str, heading_line: str) -> list[Candidate]:
    """The place a heading line names in brackets: "Organisation (Arles-13) – Title"."""
    if not heading_place:
        return []
    city, cp, dept = _from_fragment(heading_place)
    return [(city, cp, dept, heading_line)] if city or cp or dept else []


def _part_key(part: str) -> str:
    return fold(part).replace("-", " ").strip()


def place_parts(value: str) -> tuple[str | None, str | None, str | None]:
    """(town, département, country) of a place line's value, read part by part: a street, a
    region or a continent is passed over; a département or a country is known by its name."""
    city = dept = country = None
    for part in _PLACE_PARTS.split(value):
        # "Travail de bureau : Pélussin (42)": the place follows the sub-label.
        part = part.rsplit(":", 1)[-1].strip(" .–—-")
        key = _part_key(part)
        if not key or key in _WIDER:
            continue
        if key in COUNTRIES:
            country = country or COUNTRIES[key]
        elif key in _CITY_DEPARTEMENTS:
            # Paris is a town and a département.
            city, dept = city or part, dept or _CITY_DEPARTEMENTS[key]
        elif key in _DEPARTMENT_NAMES:
            dept = dept or _DEPARTMENT_NAMES[key]
        elif key.upper() in DEPARTEMENTS:
            dept = dept or key.upper()
        elif city is None and _ADDRESS.match(part) is None and not re.match(r"\d", part):
            city = _town(part)
    return city, dept, country


def _town(part: str) -> str | None:
    """A part that is a town's name: a few capitalised words ("ROUEN" reads "Rouen")."""
    part = _ARRONDISSEMENT.sub("", part)
    if part.isupper():
        part = "-".join(w.capitalize() for w in part.split("-"))
        part = " ".join(w[:1] + w[1:] for w in part.split())
    if not _ALONE_CITY.match(part) or len(part.split()) > 4:
        return None
    return _clean_city(part)


def _labelled_candidates(line: str) -> list[Candidate]:
    """The places of a "Lieu : …" line: its first "postal code + city", else each town named."""
    label_line = unbulleted(line)
    if ":" in label_line[:40]:
        body = label_line.split(":", 1)[1]
    else:
        # "Où ? La Plaine-des-Palmistes (974)", "Poste basé à Francheville".
        body = label_line[PLACE_LABEL.match(label_line).end() :].strip()
    for pattern in (_CP_CITY, _CITY_CP):
        match = pattern.search(body)
        if match and _clean_city(match["city"]):
            street = _STREET.search(fold(body[: match.start()]))
            city = None if street else _clean_city(match["city"])
            return [(city, match["cp"].replace(" ", ""), None, line)]
    # "Place du marché, Marmande (Lot-et-Garonne)", "Afrique - Sénégal - Dakar".
    city, dept, _country = place_parts(body)
    if city or dept:
        return [(city, None, dept, line)]
    candidates = []
    # "Montpellier et Frontignan": two places, each a candidate (and so a conflict).
    for part in re.split(r"\s+et\s+|\s*/\s*", body.split(",")[0]):
        city, cp, dept = _from_fragment(part)
        if city or cp:
            candidates.append((city, cp, dept, line))
    # "Poste basé à Francheville, au sein du tiers-lieu…": the town after "à".
    town = re.match(rf"[^,.;(]*?\bà ({_CITY})\s*(?:[,.;(]|$)", body)
    if town and not candidates and _clean_city(town[1]):
        candidates.append((_clean_city(town[1]), None, None, line))
    return candidates


def _workplace_candidate(line: str) -> list[Candidate]:
    """A sentence saying where the work is done, with a postal code: "se déroulera à … 13200"."""
    if PLACE_LABEL.match(unbulleted(line)) or not _WORKPLACE.search(fold(line)):
        return []
    code = re.search(r"\b(\d{5})\b", line)
    town = re.search(rf"\bà ({_CITY})", line)
    if not code:
        return []
    return [(_clean_city(town[1]) if town else None, code[1], None, line)]


# "Les interventions ont lieu toute l'année à Nanterre", "situé à Paliseul": where the work is
# done, said in a sentence without a postal code.
_HAPPENS = re.compile(
    r"\b(?:se deroul\w+|ont lieu|aura lieu|a lieu|sera basee?|seront base\w*|situee?s?|"
    r"localisee?s?|basee?s?)\b"
)
_AT_TOWN = re.compile(rf"[^.;:!?]{{0,60}}?\bà (?P<city>{_CITY})")


def _workplace_town(lines: list[str]) -> list[Candidate]:
    """The town a sentence says the work is done in, when no line names a place: the first
    that is a French commune, or any town when the text names a country abroad ("situé à
    Paliseul" in a Belgian park's posting; not "se déroulera à La Maison du Parc")."""
    abroad = any(
        COUNTRIES[name] != "FR" for line in lines for name in _COUNTRY_RE.findall(fold(line))
    )
    for line in lines:
        for happens in _HAPPENS.finditer(fold(line)):
            town = _AT_TOWN.match(line, happens.end())
            city = _clean_city(town["city"]) if town else None
            if city and (abroad or _is_commune(city)):
                return [(city, None, None, line)]
    return []


def _is_commune(name: str, departement: str | None = None) -> bool:
    named = communes.table().by_key.get(communes.key(name), [])
    return any(departement in (None, c.departement) for c in named)


# "La Ville de Lille", "(Ville d'Avignon)": a town's own council, named as such.
_TOWN_COUNCIL = re.compile(rf"\bVille d(?:e |['’])(?P<city>{_CITY})")


def _town_council(lines: list[str]) -> list[Candidate]:
    """A posting that says no workplace but whose host (named in its first lines) is a town's
    council is placed in that town."""
    for line in lines[:5]:
        match = _TOWN_COUNCIL.search(line)
        if match and _clean_city(match["city"]):
            return [(_clean_city(match["city"]), None, None, line)]
    return []


# A job board's line of facts under the title: "Marseille 9e - 13", "Rennes (35)".
_TOWN_DEPT_LINE = re.compile(
    rf"^(?P<city>{_CITY})(?:\s+\d{{1,2}}(?:e|er|eme|ème))?\s*(?:[-–—]\s*|\()"
    r"(?P<dept>\d{2}|2[AB]|97\d)\)?$"
)


def _town_and_department_lines(lines: list[str]) -> list[Candidate]:
    """The short lines near the top that are a town and its département code alone."""
    candidates = []
    for line in lines[:12]:
        match = _TOWN_DEPT_LINE.match(unbulleted(line))
        city = _clean_city(match["city"]) if match else None
        # A town of that département: not "Article - 12".
        if city and match["dept"] in DEPARTEMENTS and _is_commune(city, match["dept"]):
            candidates.append((city, None, match["dept"], line))
    return candidates


# A département's code in brackets after a place's name ("à Maromme (76)", "RNN de la baie de
# l'Aiguillon (85)"), or at the end of the title ("CDD Animateur(trice) nature (17)").
# Not a telephone's "(06) 12 34 56 78".
_BRACKETED_CODE = re.compile(r"(?:\b[A-ZÀ-Ý][\w'’-]*\s*)\((?P<dept>\d{2}|2[AB]|97\d)\)(?!\s*\d)")
_TITLE_CODE = re.compile(r"\((?P<dept>\d{2}|2[AB]|97\d)\)\W*$")


def _bracketed_department(found: PlaceFound, lines: list[str]) -> None:
    """The département a bracketed code names, when no place gave one and the codes agree."""
    if "department_code" in found.values or not lines:
        return
    codes: dict[str, str] = {}
    title = _TITLE_CODE.search(lines[0])
    if title:
        codes.setdefault(title["dept"], lines[0])
    for line in lines:
        for match in _BRACKETED_CODE.finditer(line):
            codes.setdefault(match["dept"], line)
    codes = {code: line for code, line in codes.items() if code in DEPARTEMENTS}
    if len(codes) == 1:
        code, line = next(iter(codes.items()))
        found.values["department_code"] = Found(code, clip(line))


def _canadian(heading_line: str) -> PlaceFound | None:
    """A Canadian postal code in the heading: the place is in Canada, its city before it."""
    canada = _CANADA.search(heading_line or "")
    if not canada:
        return None
    found = PlaceFound()
    found.values["postal_code"] = Found(canada["cp"], clip(heading_line))
    found.values["country"] = Found("CA", clip(heading_line))
    city, _cp, _dept = _from_fragment(heading_line.split("(")[0].split(",")[-1])
    if city:
        city = " ".join(w for w in city.split() if fold(w) not in _ABROAD)
        found.values["city"] = Found(city, clip(heading_line))
    return found


def _with_one_city_codes(candidates: list[Candidate]) -> list[Candidate]:
    """A Paris, Marseille or Lyon arrondissement's code given alone names its city too."""
    added = []
    for city, code, _dept, line in candidates:
        for pattern, only_city in _ONE_CITY_CODES:
            if code and not city and pattern.match(code):
                added.append((only_city, code, None, line))
    return candidates + added


def _city_and_code(found: PlaceFound, candidates: list[Candidate]) -> None:
    """One city and one postal code if the candidates agree; a flag for each that does not."""
    cities = {fold(c[0]): c for c in candidates if c[0]}
    codes = {c[1]: c for c in candidates if c[1]}
    if len(cities) == 1:
        city = next(iter(cities.values()))
        found.values["city"] = Found(city[0], clip(city[3]))
    elif len(cities) > 1:
        found.flags.append(
            ("city", "Plusieurs villes : " + ", ".join(c[0] for c in cities.values()))
        )
    if len(codes) == 1:
        code = next(iter(codes.values()))
        found.values["postal_code"] = Found(code[1], clip(code[3]))
    elif len(codes) > 1:
        found.flags.append(("postal_code", "Plusieurs codes postaux : " + ", ".join(codes)))
    if "postal_code" in found.values and "city" in found.values:
        code, city = found.values["postal_code"].value, found.values["city"].value
        for pattern, only_city in _ONE_CITY_CODES:
            if pattern.match(code) and fold(city) != fold(only_city):
                found.flags.append(
                    (
                        "postal_code",
                        f"Le code postal {code} est celui de {only_city}, pas de {city}.",
                    )
                )
                found.values.pop("postal_code")


def _department(found: PlaceFound, candidates: list[Candidate]) -> None:
    """The département the candidates name or imply (postal code, Paris/Lyon/Marseille)."""
    departments = {c[2] for c in candidates if c[2]}
    if "city" in found.values and not any(c[1] for c in candidates):
        # Paris, Lyon and Marseille are each in one département, whatever the arrondissement.
        departments |= {
            dept
            for name, dept in _CITY_DEPARTEMENTS.items()
            if fold(found.values["city"].value) == name
        }
    departments |= {department_from_postal_code(c[1]) for c in candidates if c[1]}
    departments.discard(None)
    if len(departments) == 1:
        dept = departments.pop()
        excerpt = next(
            (
                clip(c[3])
                for c in candidates
                if c[2] == dept or (c[1] and department_from_postal_code(c[1]) == dept)
            ),
            found.values["city"].excerpt if "city" in found.values else "",
        )
        found.values["department_code"] = Found(dept, excerpt)
    elif len(departments) > 1:
        found.flags.append(
            ("department_code", "Plusieurs départements : " + ", ".join(sorted(departments)))
        )
        found.values.pop("postal_code", None)


def departement_of_town(city: str) -> str | None:
    """The département of a French town named without its postal code ("Pantin", "Moustiers-
    Ste-Marie"): the one its communes of that name are all in; none for a name that several
    départements share ("Saint-Denis", "Valence") or that no commune has."""
    named = communes.table().by_key.get(communes.key(city), [])
    towns = [c for c in named if c.kind == "commune"] or named
    departements = {c.departement for c in towns}
    return departements.pop() if len(departements) == 1 else None


def _town_department(found: PlaceFound) -> None:
    """A town read in France without a département: the communes list gives it."""
    city = found.values.get("city")
    if not city or "department_code" in found.values:
        return
    country = found.values.get("country")
    if country and country.value != "FR":
        return
    departement = departement_of_town(city.value)
    if departement:
        found.values["department_code"] = Found(departement, city.excerpt)


def _country(found: PlaceFound, lines: list[str], place_lines: list[str]) -> None:
    """The country a place line or the title names; else France when a French place was read
    and no country abroad is named; else the one country the text names, if only one."""
    for line in place_lines + lines[:3]:
        value = unbulleted(line).split(":", 1)[-1] if line in place_lines else line
        if line in place_lines:
            country = place_parts(value)[2]
        else:
            named = _COUNTRY_RE.findall(fold(line))
            country = COUNTRIES[named[0]] if len(set(named)) == 1 else None
        if country:
            found.values["country"] = Found(country, clip(line))
            return
    text = fold("\n".join(lines))
    named = {COUNTRIES[name] for name in _COUNTRY_RE.findall(text)}
    abroad = named - {"FR"}
    anchor = (
        found.values.get("postal_code")
        or found.values.get("city")
        or found.values.get("department_code")
    )
    if anchor and not abroad:
        found.values["country"] = Found("FR", anchor.excerpt)
    elif not anchor and not abroad:
        # No town read, but France named, one of its régions or départements, or what only
        # France has (a regional natural park, an association under the law of 1901…).
        line = next(
            (line for line in lines if _FRENCH.search(line) or _FRENCH_MARK.search(fold(line))),
            None,
        )
        if line:
            found.values["country"] = Found("FR", clip(line))
    elif not anchor and len(abroad) == 1:
        country = abroad.pop()
        line = next(
            line
            for line in lines
            if country in {COUNTRIES[name] for name in _COUNTRY_RE.findall(fold(line))}
        )
        found.values["country"] = Found(country, clip(line))


def _remote(found: PlaceFound, lines: list[str]) -> None:
    for line in lines:
        folded = fold(line)
        if _REMOTE_NONE.search(folded):
            found.values.setdefault("remote", Found("none", clip(line)))
        elif _REMOTE_FULL.search(folded):
            found.values.setdefault("remote", Found("full", clip(line)))
        elif _REMOTE.search(folded):
            found.values.setdefault("remote", Found("possible", clip(line)))
    if "remote" in found.values:
        found.values["remote_wording"] = Found(
            found.values["remote"].excerpt, found.values["remote"].excerpt
        )


def _address(found: PlaceFound, place_lines: list[str]) -> None:
    for line in place_lines:
        value = unbulleted(line).split(":", 1)[-1].strip()
        address = _ADDRESS.search(value)
        # A street that begins the value or follows a comma or colon: after a building's name
        # ("Cité administrative X 5 place …") nothing says where the name ends.
        if address and value[: address.start()].rstrip()[-1:] not in ("", ",", ":", "–", "-"):
            address = None
        # "Adresse :" in a posting is where to send a letter, not where the work is done.
        if address and not fold(unbulleted(line)).startswith("adresse"):
            found.values["address"] = Found(address.group(0).strip(" ,–-"), clip(line))
            return


def find_place(heading_place: str, heading_line: str, lines: list[str]) -> PlaceFound:
    """Where the work is done, read in steps: the candidate places (the heading's, the labelled
    lines', the workplace sentences'), then one city, code, département and country if they
    agree, then remote work, the address and the place's own wording."""
    place_lines = [line for line in lines if PLACE_LABEL.match(unbulleted(line))]
    candidates = _heading_candidates(heading_place, heading_line)
    for line in place_lines:
        candidates += _labelled_candidates(line)
    for line in lines:
        candidates += _workplace_candidate(line)
    candidates += _town_and_department_lines(lines)

    found = _canadian(heading_line)
    if found:
        return found
    found = PlaceFound()
    if not any(city for city, *_rest in candidates):
        # No line names the town: a sentence may say where the work is done.
        candidates += _workplace_town(lines)
    if not candidates:
        candidates = _town_council(lines)
    candidates = _with_one_city_codes(candidates)
    _city_and_code(found, candidates)
    _department(found, candidates)
    _bracketed_department(found, [heading_line, *lines] if heading_line else lines)
    _country(found, lines, place_lines)
    _town_department(found)
    _remote(found, lines)
    _address(found, place_lines)
    if place_lines:
        wording = place_lines[0].split(":", 1)[-1].strip()
        found.values["place_wording"] = Found(clip(wording), clip(place_lines[0]))
    elif heading_place:
        found.values["place_wording"] = Found(heading_place, clip(heading_line))
    return found
