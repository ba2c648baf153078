"""The posting's text made plain: one line per paragraph or list item, sentences, excerpts."""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass

# Markup that pasted postings carry: HTML tags from a web page, Markdown emphasis and links.
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:[^()\s]|\([^()\s]*\))*\)")
_EMPHASIS = re.compile(r"(\*\*|__)")
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·\-–—*>👉]|\d{1,2}[.)](?=\s))\s*")
# A line this long that stops mid-sentence was wrapped, not ended.
_WRAP_WIDTH = 70
# No sentence ends on an article, a preposition or a conjunction.
_GOES_ON = re.compile(
    r"\b(?:le|la|les|l['’]|un|une|des|du|de|d['’]|à|au|aux|en|et|ou|par|pour|sur|avec|dans)$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")


def plain(text: str) -> str:
    """The text without markup, its spaces normalised, one paragraph or item per line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    # Table cells pasted from a web page come tab-separated: each cell is a line of its own.
    text = text.replace("\t", "\n")
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _MD_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(_unwrapped(lines)).strip()


def _unwrapped(lines: list[str]) -> list[str]:
    """Joins the lines of a paragraph that a PDF or an e-mail wrapped at a fixed width."""
    # Blank lines do not count: a file's paragraphs may or may not be separated by them, and
    # the same posting must read the same either way. A wrapped line goes on in lower case.
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        previous = out[-1] if out else ""
        if (
            len(previous) >= _WRAP_WIDTH
            and not previous.endswith((".", ":", ";", "!", "?"))
            and (
                line[0].islower()
                or _GOES_ON.search(previous)
                or previous.count("(") > previous.count(")")
            )
            and not _BULLET.match(line)
        ):
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return out


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def unbulleted(line: str) -> str:
    return _BULLET.sub("", line).strip()


# Every finder folds the posting's lines again: a posting has a few hundred distinct ones.
@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Lower-case without accents or typographic apostrophes: for matching words only."""
    text = text.replace("’", "'").replace("‘", "'").replace("œ", "oe").replace("Œ", "OE")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ý«“\"(])")


def sentences(line: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]


@dataclass(frozen=True)
class Found:
    """A value read from the posting, with the excerpt that states it."""

    value: object
    excerpt: str


def clip(excerpt: str, limit: int = 300) -> str:
    excerpt = unbulleted(excerpt).strip()
    return excerpt if len(excerpt) <= limit else excerpt[: limit - 1].rstrip() + "…"


# The labels of a posting's fields, as job boards and host organisations' pages write them.
# A field-per-line page puts the label alone on a line and its value on the next one.
_LABELS = (
    r"lieux?(?: de (?:travail|stage|la mission)| du stage| d'exercice)?|localisation|adresse|"
    r"ville(?: / site)?|site|"
    r"type d'(?:offre|emploi|contrat)|type de contrat|(?:statut / )?type de contrat|contrat|"
    r"nature du contrat|statut|categories?(?:\(s\))?|"
    r"date limite(?: de (?:candidature|depot des candidatures|reponse))?|"
    r"date de fin de candidature|cloture des candidatures|"
    r"date de (?:publication|parution|mise en ligne)(?: de l'offre)?|publiee? le|"
    r"poste a pourvoir(?: le| a compter du)?|date de (?:debut|prise de (?:poste|fonction))|"
    r"debut(?: de la mission| du stage| des activites)?|prise de fonction|"
    r"duree(?: de la mission| du stage| du contrat)?|"
    r"intitule(?: du poste| du stage| de la mission| de l'offre)?|"
    r"nom de l'organisme|organisme(?: d'accueil| d'envoi)?|employeur|structure(?: d'accueil)?|"
    r"annonceur|propose par|remuneration|gratification|formation|niveau(?: d'etudes)?|"
    # "Date" alone: an applicant-tracking page's date of the posting.
    r"date"
)
FIELD_LABEL = re.compile(rf"^(?:{_LABELS})\s*:?$")
# "Localisation Pantin, France", "Contrat CDD 6 mois": a label, a space, a value that starts
# with a capital or a figure, and no colon between.
_LABEL_THEN_VALUE = re.compile(rf"^(?P<label>{_LABELS}) (?=\S)")


def joined_fields(lines: list[str]) -> list[str]:
    """A field-per-line layout's label joined to its value: "Lieu", "Marseille" reads as
    "Lieu : Marseille", the way the finders (and a reader) expect a field."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        label = unbulleted(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            following
            and len(following) <= 200
            and FIELD_LABEL.match(fold(label))
            and not FIELD_LABEL.match(fold(unbulleted(following)))
        ):
            out.append(f"{label.rstrip(' :')} : {following}")
            index += 2
            continue
        out.append(_with_colon(line))
        index += 1
    return out


def _with_colon(line: str) -> str:
    folded = fold(line)
    match = _LABEL_THEN_VALUE.match(folded)
    if not match or ":" in line or len(line) > 120 or len(folded) != len(line):
        return line
    rest = line[match.end() :]
    if not (rest[:1].isupper() or rest[:1].isdigit()):
        return line
    return f"{line[: match.end()].rstrip()} : {rest}"
