"""The students' pages: the list's form and links, the offer's "Postuler", one start,
one calendar, the English colons and amounts (the browser side is in tests/browser/)."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from offers import words
from offers.models import DeadlineKind
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine, settings):
    settings.PAGE_CACHE_SECONDS = 0
    time_machine.move_to(NOW, tick=False)


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def empty_parameters(href: str) -> list[str]:
    return [
        name for name, value in parse_qsl(urlsplit(href).query, keep_blank_values=True) if not value
    ]


# 1. Results first: the form's parts, and links without empty parameters.


def test_the_list_shows_the_search_box_then_the_folded_filters_then_the_count_and_sort(client):
    OfferFactory.create_batch(2, kind="stage")
    soup = soup_of(client.get(LIST_URL, {"kind": "stage", "region": "84", "q": ""}))
    form = soup.select_one("form#recherche")
    order = [element.get("id") or element.name for element in form.select("#id_q, details#filtres")]
    assert order == ["id_q", "filtres"]
    details = form.select_one("details#filtres")
    # Two active filters (the empty keywords are none); folded without JavaScript.
    assert details.summary.select_one(".filters__title").get_text() == "Filtrer (2)"
    assert not details.has_attr("open")
    buttons = details.select("button[type=submit]")
    assert len(buttons) == 2 and details.find(["input", "select"]) is not None
    # The first button comes before the first filter: no scrolling down to apply.
    assert buttons[0].sourceline < details.find("fieldset").sourceline
    # The count and the sort sit in the results, above the first card; the sort is the form's.
    results = soup.select_one("section#resultats")
    bar = results.select_one(".results__bar")
    assert bar.select_one(".results__count").get_text(strip=True) == "2 offres"
    assert bar.select_one("select#id_sort")["form"] == "recherche"
    assert bar.sourceline < results.select_one(".offer-list").sourceline
    assert soup.select_one('a.skip-link[href="#resultats"]') is not None
    # The sort is not among the filters any more (one control, one name).
    assert len(soup.select("[name=sort]")) == 1
    assert len(soup.select("form#recherche [name=q]")) == 1


def test_filters_with_an_error_open_their_disclosure(client):
    soup = soup_of(client.get(LIST_URL, {"debut": "pas-un-mois"}))
    assert soup.select_one("details#filtres").has_attr("open")
    assert "Début" in soup.select_one(".form-errors").get_text()


def test_a_search_sorts_by_relevance_unless_asked_otherwise(client):
    OfferFactory()
    plain = soup_of(client.get(LIST_URL))
    assert plain.select_one("#id_sort option[selected]")["value"] == "date-limite"
    searched = soup_of(client.get(LIST_URL, {"q": "concertation"}))
    assert searched.select_one("#id_sort option[selected]")["value"] == "pertinence"
    chosen = soup_of(client.get(LIST_URL, {"q": "concertation", "sort": "recentes"}))
    assert chosen.select_one("#id_sort option[selected]")["value"] == "recentes"


@pytest.mark.parametrize("query", ["---", "!!!", " ", "l'", "concertation -", '""'])
def test_the_sort_shown_is_the_sort_applied_for_any_keywords(client, query):
    # Keywords with no searchable word are no search: the list keeps its order, and says so.
    OfferFactory()
    soup = soup_of(client.get(LIST_URL, {"q": query}))
    expected = "pertinence" if query.startswith("concertation") else "date-limite"
    assert soup.select_one("#id_sort option[selected]")["value"] == expected
    invalid = soup_of(client.get(LIST_URL, {"q": query, "sort": "pas-un-ordre"}))
    assert invalid.select_one("#id_sort option[selected]")["value"] == expected


def test_the_header_search_keeps_the_active_filters_but_not_the_keywords_or_page(client):
    OfferFactory.create_batch(3, kind="stage")
    query = "q=climat&kind=stage&kind=service_civique&region=&sort=recentes&page=1"
    soup = soup_of(client.get(f"{LIST_URL}?{query}"))
    hidden = [
        (field["name"], field["value"])
        for field in soup.select("form.site-search input[type=hidden]")
    ]
    assert sorted(hidden) == [
        ("kind", "service_civique"),
        ("kind", "stage"),
        ("sort", "recentes"),
    ]
    assert soup.select_one("#site-search-q")["value"] == "climat"
    # Elsewhere the header search starts afresh.
    offer = OfferFactory()
    page = soup_of(client.get(offer.get_absolute_url(), {"kind": "stage"}))
    assert page.select("form.site-search input[type=hidden]") == []


def test_links_built_by_the_server_carry_no_empty_parameter(client, settings):
    settings.PAGE_SIZE = 2
    OfferFactory.create_batch(5, kind="stage")
    soup = soup_of(client.get(LIST_URL, {"q": "", "kind": "stage", "region": "", "duree": ""}))
    links = [a["href"] for a in soup.select(".chip, .pagination a, .subscribe a")]
    assert any("kind=stage" in href for href in links)
    assert soup.select(".pagination a") and soup.select(".chip")
    assert [href for href in links if empty_parameters(href)] == []
    feed = soup.select_one('link[type="application/rss+xml"]')["href"]
    assert empty_parameters(feed) == []
    # Both forms say the script may drop their empty fields on submit.
    assert soup.select_one("form#recherche").has_attr("data-drop-empty")
    assert soup.select_one("form.site-search").has_attr("data-drop-empty")


# 2. Applying is one step.


def test_postuler_writes_to_the_contact_with_the_offer_title_as_subject(client):
    offer = OfferFactory(title="Chargée d'études & concertation", application_url="")
    offer.contacts.add(ContactFactory(organisation=offer.organisation, email="rh@ville.test"))
    soup = soup_of(client.get(offer.get_absolute_url()))
    apply = soup.select_one(".offer__header a.apply-button")
    assert apply.get_text(strip=True) == "Postuler"
    assert (
        apply["href"]
        == "mailto:rh@ville.test?subject=Charg%C3%A9e%20d%27%C3%A9tudes%20%26%20concertation"
    )
    # The contacts are one link away, at the "how to apply" section.
    assert soup.select_one('.offer__header a[href="#candidater"]') is not None
    section = soup.select_one("section#candidater")
    assert section.select_one('a[href="mailto:rh@ville.test"]') is not None


def test_postuler_prefers_the_postings_application_form(client):
    offer = OfferFactory(application_url="https://recrutement.example.org/offre/12")
    offer.contacts.add(ContactFactory(organisation=offer.organisation))
    soup = soup_of(client.get(offer.get_absolute_url()))
    apply = soup.select_one("a.apply-button")
    assert apply["href"] == "https://recrutement.example.org/offre/12"


def test_postuler_leads_to_the_how_to_apply_text_when_there_is_no_address(client):
    offer = OfferFactory(application_url="", how_to_apply="Se présenter à l'accueil.")
    soup = soup_of(client.get(offer.get_absolute_url()))
    assert soup.select_one("a.apply-button")["href"] == "#candidater"
    assert "Se présenter à l'accueil." in soup.select_one("section#candidater").get_text()


def test_no_postuler_once_applications_are_closed(client):
    offer = OfferFactory()
    DeadlineFactory(offer=offer, date=TODAY - datetime.timedelta(days=1))
    soup = soup_of(client.get(offer.get_absolute_url()))
    assert soup.select_one("a.apply-button") is None


def test_the_page_says_when_it_was_published_and_until_when_it_is_open_without_deadline(client):
    offer = OfferFactory(published_at=NOW - datetime.timedelta(days=10))
    published = soup_of(client.get(offer.get_absolute_url())).select_one(".offer__published")
    text = " ".join(published.get_text().split())
    assert "Publiée le 20 novembre 2026." in text
    # 60 days after the publication: 20 November + 60 days.
    assert published.select("time")[1]["datetime"] == "2027-01-19"
    assert "considérées ouvertes jusqu'au 19 janvier 2027" in text
    assert offer.applications_open_until() == datetime.date(2027, 1, 19)


def test_a_dated_deadline_needs_no_sixty_day_sentence(client):
    offer = OfferFactory(published_at=NOW - datetime.timedelta(days=10))
    DeadlineFactory(offer=offer, date=datetime.date(2026, 12, 20))
    published = soup_of(client.get(offer.get_absolute_url())).select_one(".offer__published")
    assert "considérées ouvertes" not in published.get_text()
    assert offer.applications_open_until() == datetime.date(2026, 12, 20)


# 3. One page, one truth.


def facts(soup) -> dict[str, str]:
    return {
        row.dt.get_text(strip=True): " ".join(row.dd.get_text().split())
        for row in soup.select(".key-facts dl > div")
    }


def test_the_start_row_reads_a_start_entered_among_the_deadlines(client):
    offer = OfferFactory(start_date=None, start_wording="")
    DeadlineFactory(
        offer=offer, kind=DeadlineKind.START, date=datetime.date(2027, 1, 29), wording="fin janvier"
    )
    soup = soup_of(client.get(offer.get_absolute_url()))
    assert facts(soup)["Début"] == "29 janvier 2027 « fin janvier »"


def test_the_start_row_reads_an_undated_start_milestone_too(client):
    offer = OfferFactory(start_date=None, start_wording="")
    DeadlineFactory(offer=offer, kind=DeadlineKind.START, date=None, wording="à la rentrée")
    assert facts(soup_of(client.get(offer.get_absolute_url())))["Début"] == "« à la rentrée »"


def test_the_start_fields_come_first(client):
    offer = OfferFactory(start_date=datetime.date(2027, 3, 1), start_wording="")
    DeadlineFactory(offer=offer, kind=DeadlineKind.START, date=datetime.date(2027, 1, 29))
    assert facts(soup_of(client.get(offer.get_absolute_url())))["Début"] == "1er mars 2027"


def test_the_calendar_download_only_with_a_dated_milestone(client):
    undated = OfferFactory(start_date=None)
    DeadlineFactory(offer=undated, date=None, wording="courant décembre")
    dated = OfferFactory(start_date=None)
    DeadlineFactory(offer=dated, date=datetime.date(2026, 12, 20))
    started = OfferFactory(start_date=datetime.date(2027, 2, 1))
    for offer, offered in ((undated, False), (dated, True), (started, True)):
        soup = soup_of(client.get(offer.get_absolute_url()))
        link = soup.select_one(f'a[href="{reverse("offers:detail-ics", args=[offer.slug])}"]')
        assert (link is not None) is offered, offer.slug


# 4. English pages: colons and amounts.


def test_one_helper_writes_every_amount_in_each_language():
    with translation.override("fr"):
        assert words.amount(Decimal("4.35"), "hour") == "4,35 € par heure"
        assert words.amount(Decimal("1300"), "month", True) == "1\u00a0300 € brut par mois"
        assert words.per_month(Decimal("659.76")) == "660 € par mois"
        assert words.labelled("Région", "Bretagne") == "Région : Bretagne"
    with translation.override("en"):
        assert words.amount(Decimal("4.35"), "hour") == "€4.35 an hour"
        assert words.amount(Decimal("4.35"), "hour", True) == "€4.35 gross an hour"
        assert words.amount(Decimal("1300"), "month", False) == "€1,300 net a month"
        assert words.per_month(Decimal("659.76")) == "€660 a month"
        assert words.labelled("Region", "Bretagne") == "Region: Bretagne"


def test_english_pages_write_region_colon_and_amounts_the_english_way(client):
    offer = OfferFactory(
        department_code="35",
        postal_code="35000",
        city="Rennes",
        stipend_amount=Decimal("4.35"),
        stipend_unit="hour",
        stipend_gross=None,
    )
    DeadlineFactory(offer=offer, date=datetime.date(2026, 12, 20))
    client.cookies["django_language"] = "en"
    listing = soup_of(client.get(LIST_URL, {"region": "53"}))
    chip = " ".join(listing.select_one(".chip").get_text().split())
    assert chip.startswith("Region: Bretagne"), chip
    badge = listing.select_one(".offer-card [class*=badge--stipend]")
    assert badge.get_text(strip=True).startswith("€660 a month"), badge
    page = soup_of(client.get(offer.get_absolute_url()))
    stipend = [
        value for label, value in facts(page).items() if label in {"Stipend", "Internship pay"}
    ]
    assert stipend and stipend[0].startswith("€4.35 an hour"), facts(page)
    calendar = " ".join(page.select_one(".deadlines li").get_text().split())
    assert calendar.startswith("Application deadline: "), calendar
