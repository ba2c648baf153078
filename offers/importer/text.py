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
