"""The .po catalogue is the one source of translations: complete, compiled, and holding every
word the templates mark (make messages runs this module; it needs no database)."""

import gettext
import json
import re
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
JINJA2_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "jinja2"
# The shape makemessages extracts: the message first, optionally formatted with a dict that holds
# no other `_(`.
EXTRACTED_TAG = r"\{\{ _\((\"[^\"]+\"|'[^']+')\)( % \{(?:(?!\b_\().)*\})? \}\}"


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
        # A .po string escapes as JSON does (\" and \\).
        (json.loads(f'"{msgid}"'), json.loads(f'"{english}"'))
        for msgid, english in re.findall(
            r'^msgid "(.+)"\nmsgstr "(.+)"$', PO_FILE.read_text(), re.M
        )
    ]
    assert len(pairs) > 100
    stale = [msgid for msgid, english in pairs if catalogue.gettext(msgid) != english]
    assert stale == []


def test_every_word_the_jinja2_templates_mark_is_extracted_and_translated():
    """makemessages reads `{{ _("…") }}` in the Jinja2 templates as in Django's own, but only
    at the start of the tag (`{{ _("… %(name)s …") % {...} }}` included): a `_(` elsewhere in a
    tag would silently stay out of the catalogue."""
    catalogue = gettext.GNUTranslations(PO_FILE.with_suffix(".mo").open("rb"))
    marked, hidden = [], []
    for template in JINJA2_TEMPLATES.rglob("*.html"):
        text = template.read_text()
        marked += re.findall(r"\{\{ _\((?:\"([^\"]+)\"|'([^']+)')\)(?: \}\}| % )", text)
        hidden += [
            f"{template.name}: {tag}"
            for tag in re.findall(r"\{[{%][^}]*?\b_\(.*?[}%]\}", text)
            if not re.fullmatch(
                r"\{\{ _\((\"[^\"]+\"|'[^']+')\)( % \{(?:(?!\b_\().)*\})? \}\}", tag
            )
        ]
    assert hidden == []
    words = [double or single for double, single in marked]
    assert len(words) > 100
    untranslated = [word for word in words if catalogue.gettext(word) == word]
    # French and English agree on a few words ("Participe", "Page %(number)s"…) only.
    assert [word for word in untranslated if " " in word and "%" not in word] == []
