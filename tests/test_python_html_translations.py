"""Every French word the Python-built pages (offers/offer_html.py, offers/list_html.py) show has
its English translation in the catalogue.

Their markup is built in Python; some words sit inside f-strings, which xgettext (makemessages)
does not read: they reach locale/ only through the reference templates under tests/. This test
fails if that path is lost and a word would silently stay French on the English pages.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

SOURCES = ["offers/offer_html.py", "offers/list_html.py"]


def translated_literals(path: Path) -> set[str]:
    words = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"_", "gettext", "gettext_lazy"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            words.add(node.args[0].value)
    return words


@pytest.mark.parametrize("source", SOURCES)
def test_every_word_has_its_english(source):
    words = translated_literals(Path(settings.BASE_DIR) / source)
    assert len(words) > 5
    with translation.override("en"):
        untranslated = sorted(word for word in words if translation.gettext(word) == word)
    # Words English spells the same way (a number format, "Date") are listed here on purpose.
    assert untranslated == [], untranslated
