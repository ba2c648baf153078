"""The readers on their own: what a source's answer holds, and nothing it should not."""

import pytest

from sources import readers
from sources.models import SourceKind

from .conftest import RECORDINGS


def test_an_xml_entity_is_not_resolved_nor_fetched():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b"<missions><mission><title>&secret;</title><url>https://a.example/m/1</url>"
        b"<description>x</description></mission></missions>"
    )

    [item] = readers.read_missions(body)

    assert "root:" not in item.text


def test_markup_is_sanitised_with_the_publishers_allow_list():
    text = readers.html_to_text(
        '<p onclick="steal()">Bonjour <script>alert(1)</script><style>p{}</style>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">lien</a></p>'
        "<ul><li>un</li><li>deux</li></ul>"
    )

    assert text == "Bonjour lien\n\n- un\n- deux"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("wordpress_jobs.rss", SourceKind.FEED),
        ("reseau/atom.xml", SourceKind.FEED),
        ("missions/flux.xml", SourceKind.MISSIONS),
        ("portail/offres-participation.html", SourceKind.JOBPOSTING),
        ("universite/offres.html", SourceKind.LISTING),
    ],
)
def test_an_address_given_without_its_kind_is_recognised(path, kind):
    assert readers.sniff((RECORDINGS / path).read_bytes()) == kind


def test_a_job_posting_inside_a_graph_is_found():
    body = (RECORDINGS / "offres/stage-assistant-etudes-budget-participatif.html").read_bytes()

    reading = readers.read_page(body, "https://institut.example/offres/x/")

    assert reading.markup
    assert reading.facts["organisation"] == "Ville de Grenoble"
    assert "Date limite de candidature : 1 février 2027" in reading.text


def test_a_listing_keeps_its_contents_links_on_its_own_site():
    body = (
        (RECORDINGS / "universite/offres.html")
        .read_bytes()
        .replace(b"{{BASE}}", b"https://univ.example")
    )

    items = readers.read_listing(body, "https://univ.example/universite/offres")

    assert [item.address for item in items] == [
        "https://univ.example/universite/offres/stage-fete-de-la-science",
        "https://univ.example/universite/offres/stage-boutique-des-sciences",
    ]


def test_a_feed_that_is_not_one_is_unreadable():
    with pytest.raises(readers.Unreadable):
        readers.read_feed(b"<html><body>Maintenance</body></html>", "https://a.example/feed")
