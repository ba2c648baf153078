"""How long a run over 500 unchanged items takes: `make bench-sources` (not part of the suite).

A local site serves a WordPress-style feed of 500 offers and their pages. The first run reads
every page and makes 500 drafts; the measure is the second run, after the feed's build date
changed but none of its items: one request for robots.txt, one for the feed, no page and no
import. The goal is under 10 s; the test suite pins the "no page, no import" part
(test_sync.py::test_many_unchanged_items_are_neither_fetched_nor_imported_again).
"""

import time

import pytest

from sources.services import sync_addresses

ITEMS = 500
ITEM = """<item><title>Stage n° {n} – Chargé·e de concertation</title>
<link>{{{{BASE}}}}/bench/offre-{n}</link><guid>{{{{BASE}}}}/?p={n}</guid>
<pubDate>Mon, 30 Nov 2026 09:00:00 +0000</pubDate>
<description>Stage n° {n} à Lyon.</description></item>"""
PAGE = """<html lang="fr"><body><main><h1>Stage n° {n} – Chargé·e de concertation</h1>
<p>Association Quartier {n}, {postal} Lyon.</p>
<p>Animer les ateliers de concertation du quartier {n}. Stage de 6 mois à partir de mars 2027.
Candidature avant le 15 janvier 2027 à contact{n}@quartier.example.</p></main></body></html>"""


@pytest.mark.django_db
def test_a_run_over_500_unchanged_items(site, capsys):
    items = "".join(ITEM.format(n=n) for n in range(ITEMS))
    site.extra["/bench.rss"] = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
        f"<lastBuildDate>Mon, 30 Nov 2026</lastBuildDate>{items}</channel></rss>"
    )
    for n in range(ITEMS):
        site.extra[f"/bench/offre-{n}"] = PAGE.format(n=n, postal=69001 + n % 9)

    started = time.perf_counter()
    [first] = sync_addresses([site.url("/bench.rss")])
    first_seconds = time.perf_counter() - started
    site.edit("/bench.rss", "Mon, 30 Nov 2026</lastBuildDate>", "Tue, 1 Dec 2026</lastBuildDate>")
    site.requests.clear()

    started = time.perf_counter()
    [second] = sync_addresses([site.url("/bench.rss")])
    second_seconds = time.perf_counter() - started

    assert first.created + first.duplicates == ITEMS, first.as_json()
    assert second.unchanged == ITEMS
    with capsys.disabled():
        print(
            f"\nfirst run: {ITEMS} drafts in {first_seconds:.1f} s; "
            f"second run, {ITEMS} unchanged items: {second_seconds:.2f} s, "
            f"{len(site.requests)} requests (goal: under 10 s)"
        )
