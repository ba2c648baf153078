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
            return Found(line.strip(), clip(line))
    return Found(None, "")


_ORG_IS = re.compile(
    r"^(?:L['’])?(?P<org>[A-ZÀ-Ý][\w’'&. -]{1,60}?)\s+(?:est|sont)\s+(?:une?|l['’])\s*"
    r"(?:association|établissement|etablissement|cabinet|bureau|collectivité|société|agence|"
    r"coopérative|organisme|entreprise|structure|laboratoire)"
)
_ORG_ASSOCIATION = re.compile(
    r"\bL['’]association (?P<org>[A-ZÀ-Ý][\w’'&.-]+(?: [A-ZÀ-Ý][\w’'&.-]+)*)"
)
_ORG_LABEL = re.compile(
    r"^(?:structure d['’]accueil|organisme|employeur|entreprise)\s*:\s*(?P<org>.+)$", re.I
)
_GENERIC_SEGMENT = re.compile(r"^stage(?: de)?(?: fin d['’]etudes)?(?: \d+ mois)?$")


def title_of_heading(title: str) -> str:
    segments = [s.strip() for s in re.split(r"\s+[–—]\s+", title)]
    kept = [s for s in segments if not _GENERIC_SEGMENT.match(fold(s))] or segments
    title = " – ".join(kept)
    if title.isupper():
        title = title[0] + title[1:].lower()
    return title[0].upper() + title[1:]


def organisation_without_heading(lines: list[str]) -> Found:
    for pattern in (_ORG_LABEL, _ORG_IS, _ORG_ASSOCIATION):
        for line in lines:
            match = pattern.search(line)
            if match:
                return Found(match["org"].strip(" .,:"), clip(line))
    return Found(None, "")
