"""French typography: the spaces a line must not break at, and "1er" for the first of the month.

French puts a space before `: ; ! ?` and inside « », and a line must not break there: "Région :"
with an ordinary space can leave the colon alone at the start of the next line. The catalogue,
the templates and the postings are written with ordinary spaces, as people type; the pages and
e-mails in French get the non-breaking ones here (config/jinja2.py applies `french_html` to
every value a public template outputs; the e-mails pass through `french_text`/`french_html`).
English pages are left as they are: English puts no space before a colon at all.
"""

import datetime
import functools
import re

from django.utils import formats, translation

# A non-breaking space before ":" and inside « » (as wide as a space), a narrow one before
# ";", "!" and "?" (the Imprimerie nationale's rule, and what Word and LibreOffice insert).
NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

_BEFORE_COLON = re.compile(r"[ \t]+(?=:)")
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[;!?])")
# Any space already there, ordinary or not, written as an entity or not: typesetting twice
# changes nothing.
_SPACES = r"(?:[ \t\u00a0\u202f]|&nbsp;|&#160;|&#xa0;)*"
_AFTER_OPENING_QUOTE = re.compile("«" + _SPACES)
_BEFORE_CLOSING_QUOTE = re.compile(_SPACES + "»")
# "1 300 €", "600 €": the sum and its sign stay together.
_BEFORE_EURO = re.compile(r"(?<=\d) (?=€)")
# What typesetting changes: a space or tab before ":;!?€", a guillemet (the pattern
# "[ \t][:;!?€]|[«»]"). Written to begin with the signs themselves, which the engine looks for
# quickly, and then to keep a sign only after a space or a tab (the lookbehinds): about three
# times faster on text that holds none of them, most of what a page outputs (every name, id,
# value and label goes through `needs_work`).
_NEEDS_WORK = re.compile(r"[:;!?€«»](?<![^ \t][:;!?€])(?<!^[:;!?€])")
# Text inside these elements is code or a form's value: left as written.
_VERBATIM = ("script", "style", "pre", "code", "textarea")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def needs_work(text: str) -> bool:
    """Whether the text holds anything French typesetting changes (a fast first look)."""
    return _NEEDS_WORK.search(text) is not None


def is_french(language: str | None = None) -> bool:
    return (language or translation.get_language() or "fr").split("-")[0] == "fr"


@functools.lru_cache(maxsize=8192)
def french(text: str) -> str:
    """Plain text with French non-breaking spaces: "Région :" → "Région\u00a0:"."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_PUNCTUATION.sub(NARROW_NBSP, text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    text = _BEFORE_CLOSING_QUOTE.sub(NBSP + "»", text)
    return _BEFORE_EURO.sub(NBSP, text)


def french_html(html: str) -> str:
    """The same for HTML: the text between tags only, never inside a tag (its attributes) nor
    inside script, style, pre, code or textarea."""
    if not _NEEDS_WORK.search(html):
        return html
    if "<" not in html:
        return french(html)
    parts = _TAG.split(html)
    verbatim = 0
    for position, part in enumerate(parts):
        if position % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match and match.group(1).lower() in _VERBATIM and not part.endswith("/>"):
                verbatim += -1 if part.startswith("</") else 1
                verbatim = max(verbatim, 0)
        elif part and not verbatim:
            parts[position] = french(part)
    return "".join(parts)


def french_text(text: str, language: str | None = None) -> str:
    """A plain-text message (an e-mail's subject or body) in the given or active language."""
    return french(text) if is_french(language) else text


def french_html_in(html: str, language: str | None = None) -> str:
    return french_html(html) if is_french(language) else html


def long_date(value: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    """ "1er décembre 2025" in French (the first of the month is an ordinal), "Dec. 1, 2025"."""
    text = formats.date_format(value, format_name)
    if value.day == 1 and is_french() and text.startswith("1 "):
        return "1er" + text[1:]
    return text
