"""The .po catalogue is the one source of translations: complete, compiled, and holding every
word the templates mark (make messages runs this module; it needs no database)."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
JINJA2_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "jinja2"


def test_every_message_of_the_catalogue_has_its_english_text():
    entries = PO_FILE.read_text().split("\n\n")[1:]
    assert len(entries) > 150
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""$', entry, re.M) or "#, fuzzy" in entry
    ]
    assert untranslated == []


def test_the_compiled_catalogue_is_committed_and_current():
    mo = PO_FILE.with_suffix(".mo")
    assert mo.exists()
    catalogue = gettext.GNUTranslations(mo.open("rb"))
    assert catalogue.gettext("Sauvegarder") == "Save"
    pairs = [
        (unescape(msgid), unescape(english))
        for msgid, english in re.findall(
            r'^msgid "(.+)"\nmsgstr "(.+)"$', PO_FILE.read_text(), re.M
        )
    ]
    assert len(pairs) > 100
    stale = [msgid for msgid, english in pairs if catalogue.gettext(msgid) != english]
    assert stale == []


def test_every_word_the_jinja2_templates_mark_is_extracted_and_translated():
    """makemessages reads `_("…")` in the Jinja2 templates' tags as in Django's own
    (`{{ _("…") }}`, or `{{ _("… %(name)s …") % {…} }}`), but only a literal string directly
    inside `_()`, in a tag on one line: any other `_(` would silently stay out of the catalogue."""
    catalogue = gettext.GNUTranslations(PO_FILE.with_suffix(".mo").open("rb"))
    marked, hidden = [], []
    literal = r"_\((?:\"([^\"]+)\"|'([^']+)')\)"
    for template in JINJA2_TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"\{\{.*?\}\}(?!\})|\{%.*?%\}", text, re.S):
            calls = re.findall(r"\b_\(", tag)
            found = re.findall(literal, tag)
            marked += found
            if len(found) != len(calls) or (calls and "\n" in tag):
                hidden.append(f"{template.name}: {tag}")
    assert hidden == []
    words = [double or single for double, single in marked]
    assert len(words) > 100
    untranslated = [word for word in words if catalogue.gettext(word) == word]
    # French and English agree on a few words ("Participe", "Page %(number)s"…) only.
    assert [word for word in untranslated if " " in word and "%" not in word] == []


def unescape(po_string: str) -> str:
    """A .po string as gettext reads it (\\" is a quote, \\\\ a backslash)."""
    return re.sub(r"\\(.)", lambda match: {"n": "\n", "t": "\t"}.get(match[1], match[1]), po_string)
