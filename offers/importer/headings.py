"""Heading lines: where a posting begins in a file of several, and what its heading names.

Newsletters and mailing lists put one line before each posting: "Organisation (Place) – Title",
or "Stage <title> chez <Organisation>". Such a line, standing alone as a paragraph, starts a
posting.
"""

import re
from dataclasses import dataclass

from .text import Found, clip, fold, lines_of, unbulleted

# "NICAYA CONSEIL (Aix-en-Provence -13) – Stage …", "Pôle … (Arles-13004)Stage …"
_ORG_PLACE_TITLE = re.compile(
    r"^(?P<org>[A-ZÀ-Ý0-9][^()\n]{1,150}?)\s*\((?P<place>[^()\n]{2,60})\)"
    r"(?:\s*[–—-]\s*|(?=[A-ZÀ-Ý]))(?P<title>[A-ZÀ-Ý«“\"'a-zà-ÿ].{3,})$"
)
# "Stage Chef(fe) de projet junior chez Make.org", "Stage démocratie locale à Plaine Commune (…)"
_STAGE_AT = re.compile(
    r"^(?P<title>(?:Stage|Mission|Service civique)\b.{3,150}?)\s+(?:chez|à|au sein de)\s+"
    r"(?P<org>[A-ZÀ-Ý][^()\n]{1,100}?)\s*(?:\((?P<place>[^()\n]{2,80})\))?$"
)
_MAX_HEADING = 300
# A heading line's place: a city, a postal code or a département number, or both.
_PLACE_LIKE = re.compile(r"\d{2}|[A-ZÀ-Ý][a-zà-ÿ]|[A-Z]\d[A-Z]")


@dataclass(frozen=True)
class Heading:
    line: str
    organisation: str
    place: str
    title: str


def parse_heading(line: str) -> Heading | None:
    line = line.strip()
    if not line or len(line) > _MAX_HEADING or line.endswith((":", ";", ",")):
        return None
    match = _ORG_PLACE_TITLE.match(line)
    if match and _PLACE_LIKE.search(match["place"]) and len(match["org"].split()) <= 14:
        org = match["org"].strip(" ,–—-")
        # A sentence that happens to hold brackets is no heading: headings name, they don't say.
        if not re.search(r"\b(est|sont|sera|seront|vous|nous)\b", fold(org)):
            return Heading(line, org, match["place"].strip(), match["title"].strip())
    match = _STAGE_AT.match(line)
    if match and not line.endswith("."):
        return Heading(line, match["org"].strip(), (match["place"] or "").strip(), match["title"])
    return None


def split_postings(text: str) -> list[str]:
    """The postings of a text: one per heading line standing alone, or the whole text."""
    paragraphs = lines_of(text)
    starts = [i for i, line in enumerate(paragraphs) if parse_heading(line)]
    if len(starts) < 2:
        return [text] if text.strip() else []
    if starts[0] != 0:
        # Whatever comes before the first heading (a newsletter's introduction) is no posting,
        # unless it is long enough to be one whose heading the rule did not recognise.
        preface = "\n".join(paragraphs[: starts[0]])
        if len(preface) > 1500:
            starts.insert(0, 0)
    bounds = [*starts, len(paragraphs)]
    # Blank lines between paragraphs, so that no paragraph is read as the wrapped end of another.
    return ["\n\n".join(paragraphs[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


# Without a heading line: the title as the posting's first lines say it. A page's opening holds
# its site's chrome (menus, "Aller au contenu"), slogans, labels and sentences before or around
# the title; the title is the first line that names a position to fill.
_TITLE_LABEL = re.compile(
    r"^intitule(?: du poste| du stage| de la mission| de l'offre)?\s*:\s*(?P<title>.{6,200})$"
)
# A quoted title right after the words that present the offer: « Fiche de stage "X" »,
# « propose une mission de service civique "X" », or a line that is the quotation.
_PRESENTED_QUOTE = re.compile(
    r"(?:^|\b(?:stage|mission|service civique|poste|offre|fiche)\b[^«“\"]{0,25})"
    r"[«“\"]\s*(?P<title>[^«»“”\"]{8,250}?)\s*(?:[»”\"]|$)"
)
_CHROME = re.compile(
    r"^(?:aller au|passer au|back to|acces membre|chargement|accueil$|menu$|rechercher|partager|"
    r"retour|voir (?:toutes|tous|l'offre)|logo\b|fiche ecole|recrutement\b|imprimer|"
    r"se connecter|connexion|publiee? le|date\b|ref\b|reference|offre n)"
)
# What a position's name holds: a kind of contract, a role, an inclusive or "H/F" ending.
_ROLE = re.compile(
    r"\b(?:stage|stagiaire|alternance|alternant\w*|apprenti\w*|service civique|volontaire|"
    r"volontariat|vacataire|cdd|cdi|charge|chargee|mediat\w*|animat\w*|assistant\w*|"
    r"coordinat\w*|responsable|technicien\w*|ingenieur\w*|mission d\w*|appui|agent|"
    r"conseill\w*|educat\w*|enquet\w*|etude|chef|h/f|f/h)\b|[·⋅]|\(e\)|/trice|\.e\b"
)
# Words that say a line is a sentence, not a name.
_SENTENCE_WORDS = re.compile(r"\b(?:est|sont|sera|seront|vous|nous|notre|votre|recrute\w*)\b")
# Words of a section or a listing, not of a position's name.
_GENERIC_WORDS = {
    "offre", "offres", "stage", "stages", "de", "d'", "du", "des", "la", "le", "les", "l'",
    "pour", "en", "vos", "nos", "missions", "mission", "master", "m2", "annonce", "proposition",
    "mois", "h/f", "f/h", "et", "a",
}  # fmt: skip


def _is_generic(line: str) -> bool:
    words = re.findall(r"[\w'/]+", fold(line))
    return all(w in _GENERIC_WORDS or w.isdigit() for w in words)


def _could_be_title(line: str) -> bool:
    folded = fold(line)
    # "STAGE: analyse …", "Appel: Stagiaire …": a kind (or a call) before the title is allowed.
    label = folded.split(":", 1)[0] if ":" in folded[:40] else ""
    return (
        6 <= len(line) <= 200
        and unbulleted(line) == line.strip()
        and not line.rstrip().endswith((".", ":", ",", ";", "…", "..."))
        and not re.search(r"[?!@]|https?:|www\.", line)
        and (not label or re.fullmatch(r"\s*(?:stage|appel|service civique|alternance)\s*", label))
        and not _CHROME.match(folded)
        and not _SENTENCE_WORDS.search(folded)
        and not _is_generic(line)
    )


def title_without_heading(lines: list[str]) -> Found:
    """The posting's title: a labelled one, a quoted one that the offer's words present, or the
    first line among the page's first ones that names a position; nothing rather than a guess.
    """
    for line in lines[:30]:
        labelled = _TITLE_LABEL.match(fold(line))
        if labelled:
            value = line[labelled.start("title") :].strip(' «»“”"')
            return Found(value, clip(line))
    for line in lines[:12]:
        quoted = _PRESENTED_QUOTE.search(line) if len(line) < 300 else None
        if quoted:
            return Found(quoted["title"].strip(), clip(line))
    for line in lines[:15]:
        if _could_be_title(line) and _ROLE.search(fold(line)):
            return Found(_trimmed_title(line.strip()), clip(line))
    for line in lines[:15]:
        subject = _OFFERED_ON.search(line)
        if subject:
            return Found(subject["title"].strip(), clip(line))
    return Found(None, "")


# A short notice's sentence that offers the post and says what it is about: "le Parc propose
# une offre de stage sur la conservation de la Glaréole à collier en Camargue."
_OFFERED_ON = re.compile(
    r"\b(?:propose|proposons|offre|recrute|recherche)\s+(?:une offre de |un |une )"
    r"(?:stage|mission de service civique|service civique|volontariat)\s+"
    r"(?:sur|portant sur|consacré à|consacrée à)\s+(?P<title>[^.;!?]{8,150}?)\s*(?:[.;!?]|$)"
)


# What a title line carries besides the title: the kind before it ("STAGE:", "(Stage)",
# "Stage / alternance - ", "CDD "), a reference number, a place or host after it.
_KIND_PREFIX = re.compile(
    r"^(?:appel\s*:\s*|\((?:stage|alternance|service civique)\)\s*|(?:cdd|cdi)\s+(?=[A-ZÀ-Ý])|"
    r"(?:stage|alternance|service civique|cdd|cdi)(?:\s*/\s*(?:stage|alternance))*\s*[:–—-]\s*)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"\s+#\d+$")
# " - Nogent-sur-Marne", " - Pantin": capitalised words only, as a town's or a host's name.
_NAME_AFTER = re.compile(
    r"\s+[–—-]\s+(?:[A-ZÀ-Ý][\w’'-]*)(?:[ -](?:[A-ZÀ-Ý][\w’'-]*|sur|sous|en|de|du|des|la|le|les))*$"
)


def _trimmed_title(line: str) -> str:
    if "|" in line:
        # "Méckhé, Sénégal | 1 Volontaire en Service Civique": the part that names a position.
        parts = [p.strip() for p in line.split("|") if _ROLE.search(fold(p))]
        line = parts[0] if len(parts) == 1 else line
    trimmed = _REFERENCE.sub("", _NAME_AFTER.sub("", _KIND_PREFIX.sub("", line))).strip()
    return trimmed if len(trimmed) >= 6 else line


_ORG_IS = re.compile(
    r"^(?:L['’])?(?P<org>[A-ZÀ-Ý][\w’'&. -]{1,60}?)\s+(?:est|sont)\s+(?:une?|l['’])\s*"
    r"(?:association|établissement|etablissement|cabinet|bureau|collectivité|société|agence|"
    r"coopérative|organisme|entreprise|structure|laboratoire)"
)
_ORG_ASSOCIATION = re.compile(
    r"\bL['’]association (?P<org>[A-ZÀ-Ý][\w’'&.-]+(?: [A-ZÀ-Ý][\w’'&.-]+)*)"
)
_ORG_LABEL = re.compile(
    r"^(?:structure(?: d['’]accueil)?|organisme(?: d['’](?:accueil|envoi))?|nom de l['’]organisme|"
    r"employeur|entreprise|annonceur|proposée? par)\s*:\s*(?P<org>.{2,150})$",
    re.I,
)
# "Le Parc naturel régional du Lubéron recherche un.e stagiaire", "Gescod recherche …": the
# host named at the start of the sentence that offers the post.
_ORG_OFFERS = re.compile(
    r"^(?:Le |La |Les |L['’])?(?P<org>[A-ZÀ-Ý][^,.;:!?()«»]{1,80}?(?: \([^()]{2,60}\))?)\s+"
    r"(?:recherche|recrute|propose|accueille)\b"
)
_NOT_ORG = re.compile(r"^(?:nous|vous|il|elle|on|ce|cette|cet|ces|le|la|les|l'|son|sa|notre)\b")
# A name holds no verb: "X soutient la Y qui propose" names Y, if anyone.
_VERBS = re.compile(
    r"\b(?:soutient|porte|mene|developpe|a|ont|est|sont|fait|travaille|accompagne|agit|anime|"
    r"organise|souhaite|vise|permet|met|lance)\b"
)
# A line of the page's header that is an organisation's name: it starts with what it is.
_ORG_LINE = re.compile(
    r"^(?:association|parc (?:naturel|national)|conservatoire|ville d|metropole|communaute|"
    r"departement|region|musee|museum|centre|institut|universite|laboratoire|ong|fondation|"
    r"syndicat|petr|maison|ligue|office|agence|reseau|federation|collectif|observatoire)\b"
)
_GENERIC_SEGMENT = re.compile(r"^stage(?: de)?(?: fin d['’]etudes)?(?: \d+ mois)?$")


def title_of_heading(title: str) -> str:
    segments = [s.strip() for s in re.split(r"\s+[–—]\s+", title)]
    kept = [s for s in segments if not _GENERIC_SEGMENT.match(fold(s))] or segments
    title = " – ".join(kept)
    if title.isupper():
        title = title[0] + title[1:].lower()
    return title[0].upper() + title[1:]


def _offering(line: str) -> str | None:
    match = _ORG_OFFERS.match(line)
    if not match or _NOT_ORG.match(fold(match["org"])) or len(match["org"].split()) > 10:
        return None
    if _VERBS.search(fold(match["org"])):
        return None
    # A name has a capital past its first letter, or is one word: "La structure" is none.
    org = match["org"]
    return org if len(org.split()) == 1 or re.search(r"\s[A-ZÀ-Ý]", org) else None


def _header_organisation(line: str) -> str | None:
    if len(line) > 80 or not _ORG_LINE.match(fold(line)) or _SENTENCE_WORDS.search(fold(line)):
        return None
    return line.strip(" .,:")


def organisation_without_heading(lines: list[str]) -> Found:
    """The host: a labelled one, the one a sentence says offers the post, one that says what
    it is, a header line that is an organisation's name, "l'association X"."""
    finders = [
        lambda line: (m := _ORG_LABEL.search(line)) and m["org"],
        lambda line: _offering(line),
        lambda line: (m := _ORG_IS.search(line)) and m["org"],
        lambda line: _header_organisation(line),
        lambda line: (m := _ORG_ASSOCIATION.search(line)) and m["org"],
    ]
    for finder in finders:
        for line in lines:
            org = finder(unbulleted(line))
            if org:
                return Found(org.strip(" .,:"), clip(line))
    return Found(None, "")
