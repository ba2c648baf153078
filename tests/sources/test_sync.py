"""sync_sources over the recordings, served by a local site: first run, second run, an item
changed, an item gone, a source down."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from offers.models import Offer, OfferStatus
from organisations.models import Organisation
from sources import fetching, services
from sources.models import Source, SourceItem, SourceKind, SourceRun
from sources.services import sync_addresses

from .conftest import RECORDINGS

pytestmark = pytest.mark.django_db

FEED = "/wordpress_jobs.rss"
TRAVERSES = "/offres/stage-charge-de-mission-concertation-citoyenne/"
CENTRE_SOCIAL = "/offres/service-civique-ambassadeur-participation/"
GRENOBLE = "/offres/stage-assistant-etudes-budget-participatif/"
KEYS = ["source", "created", "updated", "unchanged", "duplicates", "archived", "rejected"]


def run(site, path=FEED, **options):
    return sync_addresses([site.url(path)], **options)[0].as_json()


def command(*args) -> list[dict]:
    out = StringIO()
    call_command("sync_sources", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def offer_from(site, path) -> Offer:
    return Offer.objects.get(source_url=site.url(path))


def test_it_makes_a_draft_of_every_item_of_a_wordpress_feed(site):
    [report] = command(site.url(FEED))

    assert list(report) == KEYS
    assert report == {
        "source": site.url(FEED),
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "archived": 0,
        "rejected": [],
    }
    traverses = offer_from(site, TRAVERSES)
    assert traverses.status == OfferStatus.DRAFT
    assert traverses.organisation.name == "Agence Traverses"
    assert (traverses.city, traverses.postal_code) == ("Lyon", "69002")
    assert traverses.kind == "stage"
    assert traverses.duration_min_months == 6
    assert str(traverses.application_deadline_milestone.date) == "2027-01-15"
    # The source's markup was sanitised as any publisher's: its script is not kept.
    assert "alert" not in traverses.description and "<script" not in traverses.description_html
    assert "Préparer et animer des ateliers participatifs" in traverses.description
    # The draft keeps the item's address and the source's name (the address's host, for an
    # address given to the command without being saved as a source).
    source = Source.objects.get(address=site.url(FEED))
    assert source.kind == SourceKind.FEED
    assert traverses.source_name == source.name
    assert traverses.imported_from.text.startswith("Stage – Chargé·e de mission")
    # A page without markup is read for its main text; the feed names the host.
    centre = offer_from(site, CENTRE_SOCIAL)
    assert centre.kind == "service_civique"
    assert centre.organisation.name == "Centre social des Trois Cités"
    assert "Aller à la rencontre des habitants" in centre.description
    assert "Mentions légales" not in centre.description
    run_record = SourceRun.objects.get(source=source)
    assert (run_record.created, run_record.error, run_record.rejected) == (3, "", [])
    assert run_record.finished_at >= run_record.started_at
    assert SourceItem.objects.filter(source=source, offer__isnull=False).count() == 3


def test_a_second_run_creates_nothing_and_asks_only_whether_the_feed_changed(site):
    run(site)
    site.requests.clear()

    report = run(site)

    assert (report["created"], report["unchanged"], report["updated"]) == (0, 3, 0)
    assert Offer.objects.count() == 3
    # The feed was asked with its ETag and answered 304: no item page was fetched again.
    assert site.paths() == ["/robots.txt", FEED]
    assert site.requests[1][1].get("If-None-Match")


def test_items_the_feed_says_did_not_change_are_not_fetched_or_imported_again(site, monkeypatch):
    run(site)
    site.requests.clear()
    # The feed changes (a new build date) but none of its items does.
    site.edit(
        FEED, "Mon, 30 Nov 2026 09:12:44 +0000</lastBuildDate>", "Tue, 1 Dec 2026</lastBuildDate>"
    )
    monkeypatch.setattr(services, "extract", lambda text: pytest.fail("re-imported"))

    report = run(site)

    assert (report["created"], report["unchanged"], report["updated"]) == (0, 3, 0)
    assert site.paths() == ["/robots.txt", FEED]


def test_an_item_whose_text_changed_updates_its_draft(site):
    run(site)
    draft = offer_from(site, TRAVERSES)
    site.edit(FEED, "recherche un·e stagiaire de 6 mois", "recherche un·e stagiaire de 5 mois")
    site.edit(
        TRAVERSES, "Stage de 6 mois à partir de mars 2027", "Stage de 5 mois à partir de mars 2027"
    )

    report = run(site)

    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 2)
    draft.refresh_from_db()
    assert draft.status == OfferStatus.DRAFT
    assert draft.duration_min_months == 5
    assert "Stage de 5 mois" in draft.imported_from.text
    assert Offer.objects.count() == 3


def test_a_changed_item_flags_its_published_offer_for_review_with_what_changed(site):
    run(site)
    offer = offer_from(site, TRAVERSES)
    Offer.objects.filter(pk=offer.pk).update(
        status=OfferStatus.PUBLISHED, published_at=timezone.now()
    )
    site.edit(FEED, "recherche un·e stagiaire de 6 mois", "recherche un·e stagiaire de 4 mois")
    site.edit(
        TRAVERSES, "Stage de 6 mois à partir de mars 2027", "Stage de 4 mois à partir de mars 2027"
    )

    report = run(site)

    assert report["updated"] == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.modified_since_approval is True
    item = SourceItem.objects.get(offer=offer)
    assert item.changes["duration_min_months"] == ["6", "4"]


def test_an_item_gone_from_its_feed_whose_page_answers_404_is_archived(site):
    run(site)
    gone = offer_from(site, GRENOBLE)
    kept = offer_from(site, CENTRE_SOCIAL)
    feed = (RECORDINGS / FEED.lstrip("/")).read_text()
    items = re.findall(r"\s*<item>.*?</item>", feed, flags=re.S)
    site.edit(FEED, items[2], "")
    site.edit(FEED, items[1], "")
    site.answer(GRENOBLE, 404)  # the other removed item's page still answers: it stays

    report = run(site)

    assert report["archived"] == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.status == OfferStatus.ARCHIVED
    assert gone.transitions.get().actor_name == "Participe"
    assert kept.status == OfferStatus.DRAFT
    assert SourceItem.objects.get(offer=gone).gone_at is not None


@pytest.mark.parametrize(
    "outage",
    ["500", "timeout", "bad xml", "unreachable"],
)
def test_a_source_that_fails_is_reported_and_changes_nothing(site, monkeypatch, outage):
    run(site)
    before = list(Offer.objects.values_list("pk", "title", "status", "version"))
    site.edit(
        FEED, "Mon, 30 Nov 2026 09:12:44 +0000</lastBuildDate>", "Tue, 1 Dec 2026</lastBuildDate>"
    )
    address = site.url(FEED)
    if outage == "500":
        site.answer(FEED, 500, b"Internal Server Error")
    elif outage == "timeout":
        monkeypatch.setattr(fetching, "READ_TIMEOUT", 0.2)
        site.delays[FEED] = 1.0
    elif outage == "bad xml":
        site.answer(FEED, 200, b"<rss><channel><item><title>cut", {"Content-Type": "text/xml"})
    else:
        Source.objects.filter(address=address).update(address="http://127.0.0.1:9/feed")
        address = "http://127.0.0.1:9/feed"

    [report] = command(address)

    assert (report["created"], report["updated"], report["archived"]) == (0, 0, 0)
    assert [r["url"] for r in report["rejected"]] == [address]
    assert report["rejected"][0]["reason"]
    assert list(Offer.objects.values_list("pk", "title", "status", "version")) == before
    failed = SourceRun.objects.filter(source__address=address).first()
    assert failed.error == report["rejected"][0]["reason"]


def test_a_dry_run_reports_and_saves_nothing(site):
    [report] = command(site.url(FEED), "--dry-run")

    assert report["created"] == 3
    assert not Offer.objects.exists()
    assert not Organisation.objects.exists()
    assert not Source.objects.exists() and not SourceRun.objects.exists()


def test_every_active_source_is_run_and_reported_in_order(site):
    Source.objects.create(name="Réseau", address=site.url("/reseau/atom.xml"), kind=SourceKind.FEED)
    Source.objects.create(
        name="Éteinte", address=site.url("/universite/offres"), kind="listing", active=False
    )
    Source.objects.create(name="Missions", address=site.url("/missions/flux.xml"), kind="missions")

    reports = command()

    assert [r["source"] for r in reports] == [
        site.url("/reseau/atom.xml"),
        site.url("/missions/flux.xml"),
    ]


def test_an_atom_feed(site):
    report = run(site, "/reseau/atom.xml")

    assert (report["created"], report["rejected"]) == (2, [])
    casemate = offer_from(site, "/reseau/offres/stage-mediation-exposition-eau")
    # Microdata on the page: its fields, not a guess from the text.
    assert casemate.organisation.name == "La Casemate"
    assert (casemate.city, casemate.postal_code) == ("Grenoble", "38000")
    assert str(casemate.application_deadline_milestone.date) == "2027-01-31"
    debrouillards = offer_from(site, "/reseau/offres/stage-science-participative")
    assert "biodiversité" in debrouillards.description


def test_a_listing_page_and_its_links_to_offer_pages(site):
    report = run(site, "/universite/offres")

    assert (report["created"], report["rejected"]) == (2, [])
    fetched = set(site.paths())
    # The menus' and footer's links are not offers, and another site's link is not followed.
    assert "/universite/contact" not in fetched
    assert "/universite/mentions-legales" not in fetched
    assert Source.objects.get().kind == SourceKind.LISTING
    fete = offer_from(site, "/universite/offres/stage-fete-de-la-science")
    assert fete.duration_min_months == 4
    assert str(fete.application_deadline_milestone.date) == "2027-02-15"


def test_a_sitemap_of_offer_pages(site):
    site.extra["/sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>{{BASE}}/universite/offres/stage-boutique-des-sciences</loc>"
        "<lastmod>2026-11-30</lastmod></url></urlset>"
    )

    report = run(site, "/sitemap.xml")

    assert report["created"] == 1
    assert run(site, "/sitemap.xml")["unchanged"] == 1


def test_a_page_of_job_postings(site):
    report = run(site, "/portail/offres-participation")

    assert (report["created"], report["rejected"]) == (2, [])
    assert Source.objects.get().kind == SourceKind.JOBPOSTING
    dunkerque = offer_from(site, "/portail/offre/ET-2026-55012")
    assert dunkerque.organisation.name == "Communauté urbaine de Dunkerque"
    assert (dunkerque.city, dunkerque.postal_code) == ("Dunkerque", "59140")
    assert str(dunkerque.application_deadline_milestone.date) == "2027-01-20"
    # The portal's pages carry the whole offer: none is fetched.
    assert "/portail/offre/ET-2026-55012" not in site.paths()


def test_a_missions_feed(site):
    report = run(site, "/missions/flux.xml")

    assert report["created"] == 2
    assert report["rejected"] == [
        {
            "url": site.url("/missions/mission/BEN-2026-99120"),
            "reason": services._VOLUNTEERING,
        }
    ]
    reze = offer_from(site, "/missions/mission/SC-2026-118204")
    assert reze.kind == "service_civique"
    assert reze.organisation.name == "Mairie de Rezé"
    assert (reze.city, reze.postal_code) == ("Rezé", "44400")
    assert reze.duration_min_months == 8
    assert str(reze.application_deadline_milestone.date) == "2027-01-15"
    assert Source.objects.get().kind == SourceKind.MISSIONS


def test_a_source_that_skips_review_publishes_its_complete_offers(site):
    Source.objects.create(
        name="Portail",
        address=site.url("/portail/offres-participation"),
        kind="jobposting",
        skip_review=True,
    )

    command()

    offers = Offer.objects.order_by("pk")
    assert [o.status for o in offers] == [OfferStatus.PUBLISHED] * 2
    assert offers[0].transitions.get().actor_name == "Participe"


def test_many_unchanged_items_are_neither_fetched_nor_imported_again(site, monkeypatch):
    """The 500-item measure (tests/sources/bench_sync.py) at a smaller scale: a run over
    unchanged items costs one request and no import."""
    missions = "".join(
        f"<mission><clientId>M{n}</clientId><type>volontariat-service-civique</type>"
        f"<title>Mission de participation citoyenne n° {n}</title>"
        f"<organizationName>Mairie de Rezé</organizationName>"
        # One place each: one host's offers, told apart.
        f"<postalCode>{44000 + n}</postalCode><city>Quartier {n}</city>"
        f"<url>{{{{BASE}}}}/missions/mission/M{n}</url>"
        f"<description>Animer la concertation n° {n} avec les habitants du quartier "
        f"{n}.</description></mission>"
        for n in range(40)
    )
    site.extra["/many.xml"] = f"<missions>{missions}</missions>"
    assert run(site, "/many.xml")["created"] == 40
    site.edit("/many.xml", "<missions>", '<missions generatedAt="later">')
    monkeypatch.setattr(services, "extract", lambda text: pytest.fail("re-imported"))
    site.requests.clear()

    report = run(site, "/many.xml")

    assert (report["unchanged"], report["created"], report["updated"]) == (40, 0, 0)
    assert site.paths() == ["/robots.txt", "/many.xml"]


def test_an_address_whose_run_fails_after_reading_it_is_not_kept(site, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services._Run, "_item", broken)

    [report] = command(site.url("/missions/flux.xml"))

    assert report["rejected"] == [
        {"url": site.url("/missions/flux.xml"), "reason": "Erreur interne : RuntimeError"}
    ]
    assert not Source.objects.exists() and not Offer.objects.exists()
