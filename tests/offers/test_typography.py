"""French typography: non-breaking spaces before `: ; ! ?` and inside « », "1er" for the first."""

import datetime
import re
from itertools import product

import pytest
from django.template import Context, Template
from django.utils import translation

from offers import typography
from offers.typography import NARROW_NBSP, NBSP, french, french_html


def test_a_colon_is_held_by_a_non_breaking_space():
    assert french("Région : Bretagne") == f"Région{NBSP}: Bretagne"
    # Several spaces, a tab: one non-breaking space.
    assert french("Région  :\tBretagne") == f"Région{NBSP}:\tBretagne"


def test_semicolon_exclamation_and_question_marks_take_a_narrow_one():
    assert french("Vraiment ? Oui ! Bien ; merci") == (
        f"Vraiment{NARROW_NBSP}? Oui{NARROW_NBSP}! Bien{NARROW_NBSP}; merci"
    )


def test_guillemets_hold_their_words():
    assert (
        french("le bouton « Sauvegarder » en haut")
        == f"le bouton «{NBSP}Sauvegarder{NBSP}» en haut"
    )
    assert french("«Sauvegarder»") == f"«{NBSP}Sauvegarder{NBSP}»"


def test_a_sum_keeps_its_euro_sign():
    assert french("1\u00a0300 € par mois") == f"1\u00a0300{NBSP}€ par mois"


def test_typesetting_twice_changes_nothing():
    text = "« Région : Bretagne ! » «&nbsp;mot&nbsp;» 1 300 €"
    once = french_html(text)
    assert (
        once == f"«{NBSP}Région{NBSP}: Bretagne{NARROW_NBSP}!{NBSP}» «{NBSP}mot{NBSP}» 1 300{NBSP}€"
    )
    assert french_html(once) == once


def test_what_needs_nothing_is_returned_unchanged():
    for text in ("", "https://example.org/?q=a:b", "10:30", "Aucune ponctuation", "a:b;c!d?"):
        assert french(text) == text


def test_the_first_look_finds_what_the_plain_pattern_finds():
    # needs_work's pattern is written for speed: it must say yes exactly where a space or a
    # tab precedes ":;!?€", or where there is a guillemet.
    plain = re.compile(r"[ \t][:;!?€]|[«»]")
    texts = [
        *("", ":", " :", "\t?", "\n!", "a:b", "a :b", "x€", "1 €", "«", "»x", "a\u00a0;"),
        *("https://example.org/?q=a:b", "id_departement_12", "Côtes-d'Armor (22) (3)"),
    ]
    # Every string of up to four of these characters, the start and end of a text included.
    alphabet = " \ta\n:;!?€«»\u00a0"
    texts += ["".join(chars) for size in range(5) for chars in product(alphabet, repeat=size)]
    for text in texts:
        assert typography.needs_work(text) == (plain.search(text) is not None), repr(text)


def test_html_is_typeset_between_the_tags_only():
    html = (
        '<p title="a : b">Région : <a href="/?q=x">Bretagne</a> !</p>'
        "<pre>code : gardé</pre><code>x ; y</code><script>var a = b ? c : d;</script>"
    )
    assert french_html(html) == (
        f'<p title="a : b">Région{NBSP}: <a href="/?q=x">Bretagne</a>{NARROW_NBSP}!</p>'
        "<pre>code : gardé</pre><code>x ; y</code><script>var a = b ? c : d;</script>"
    )


def test_english_is_left_alone():
    assert typography.french_text("Region : x", "en") == "Region : x"
    assert typography.french_text("Région : x", "fr") == f"Région{NBSP}: x"


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("fr", datetime.date(2025, 12, 1), "1er décembre 2025"),
        ("fr", datetime.date(2025, 12, 2), "2 décembre 2025"),
        ("fr", datetime.date(2025, 12, 11), "11 décembre 2025"),
        ("fr", datetime.date(2025, 12, 21), "21 décembre 2025"),
        ("en", datetime.date(2025, 12, 1), "Dec. 1, 2025"),
    ],
)
def test_the_first_of_the_month_is_an_ordinal_in_french(language, day, expected):
    with translation.override(language):
        assert typography.long_date(day) == expected


def test_the_django_filters_for_the_emails_and_error_pages():
    template = Template(
        '{% load french %}{{ day|long_date:"DATE_FORMAT" }} · {{ day|long_date:"j F Y" }}'
        "{% filter french_spaces %} · Réessayez : <code>a : b</code>{% endfilter %}"
    )
    with translation.override("fr"):
        text = template.render(Context({"day": datetime.date(2026, 3, 1)}))
    assert text == f"1er mars 2026 · 1er mars 2026 · Réessayez{NBSP}: <code>a : b</code>"
