"""A long pasted posting is read in time linear in its length (issue: the quadratic date reader).

"du 1er au 15 janvier, " repeated over 200 KB is one sentence of 9,000 dates: each date's kind
used to be read by rescanning its clause from the sentence's start, and each date checked against
every date before it, so the import view ran for minutes and its worker was killed.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from offers.importer import dates
from offers.importer.files import MAX_CHARS

from .servers import Browser, gunicorn, production_env

PASSWORD = "Concertation-2026!"
# The red team's text, as long as a pasted text may be (offers.importer.files.MAX_CHARS).
ATTACK = "du 1er au 15 janvier, " * (MAX_CHARS // len("du 1er au 15 janvier, "))


class CountingPattern:
    """A compiled pattern that counts the characters it is asked to scan."""

    def __init__(self, pattern, counter):
        self.pattern, self.counter = pattern, counter

    def finditer(self, text, *args):
        self.counter[0] += len(text)
        return self.pattern.finditer(text, *args)

    def search(self, text, *args):
        self.counter[0] += len(text)
        return self.pattern.search(text, *args)


def test_the_kind_words_are_looked_for_once_per_sentence_not_once_per_date(monkeypatch):
    scanned = [0]
    counted = [(kind, CountingPattern(p, scanned)) for kind, p in dates._KIND_RES]
    monkeypatch.setattr(dates, "_KIND_RES", counted)
    text = ("Candidatures du 1er au 15 janvier 2031, " * 2000).strip()
    found = dates.find_dates([text])
    assert [(m.kind, m.date.day, m.end_date.day) for m in found.deadlines] == [
        ("application", 1, 15)
    ]
    # Each kind's words are looked for once in the sentence: 5 scans of its length, whatever
    # the number of dates in it (it was one scan of the clause before each of 2,000 dates).
    assert scanned[0] <= len(dates._KIND_RES) * len(text)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_200_kb_pasted_text_of_dates_is_answered_in_seconds_by_a_real_server(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    get_user_model().objects.create_superuser("moderatrice", "m@example.org", PASSWORD)
    with gunicorn(production_env()) as base:
        browser = Browser()
        status, _, _ = browser.submit(
            f"{base}/admin/login/?next=/admin/",
            {"username": "moderatrice", "password": PASSWORD},
        )
        assert status == 302
        began = time.monotonic()
        status, _, body = browser.submit(
            f"{base}{reverse('admin:offers_offer_import')}",
            {"text": ATTACK},
            form_id="import_form",
        )
        elapsed = time.monotonic() - began
    assert status == 200, body[:2000]
    # Read to its end: no posting in it, which the form says.
    assert "Aucune annonce n&#x27;a été reconnue" in body
    # Generous: the machine is shared; the quadratic reader took minutes and was killed at 30 s.
    assert elapsed < 10
