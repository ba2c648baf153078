"""The cards and the filter form built in Python are byte for byte what their templates gave.

tests/offers/templates/includes/offer_card.html (with its includes place, stipend badge,
countdown and save button) and tests/offers/templates/filter_fields_reference.html are those
templates: every branch below, in French and in English, must give the same HTML from them and
from offers/list_html.py.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from offers import paging
from offers.filters import SortOrder
from offers.list_html import card, cards, filter_fields
from offers.models import Offer
from offers.search import MARK_START, MARK_STOP
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory
from tests.offers import reference_templates

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert('x')</script> & \"guillemets\""
LANGUAGES = ["fr", "en"]


def reference_card(offer) -> str:
    return reference_templates.render("includes/offer_card.html", {"offer": offer})


def reference_fields(filterset) -> str:
    return reference_templates.render(
        "filter_fields_reference.html", {"filter": filterset}, strip_final_newline=True
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def as_on_the_pages(offer: Offer) -> Offer:
    """The offer as the list and organisation pages load it (paging.CARD_FIELDS, openness)."""
    page = paging.paginate(Offer.objects.visible().filter(pk=offer.pk), SortOrder.DEADLINE, 20, 1)
    (loaded,) = page.object_list
    return loaded


def deadline_in(days: int | None, **fields):
    def make():
        offer = OfferFactory(**fields)
        if days is not None:
            DeadlineFactory(offer=offer, date=in_days(days))
        return offer

    return make


def highlighted(days: int = 20):
    def make():
        offer = as_on_the_pages(deadline_in(days)())
        offer.title_highlight = f"Chargé·e de {MARK_START}concertation{MARK_STOP} {HOSTILE}"
        offer.description_highlight = (
            f"## Missions\n\n- **Animer** la {MARK_START}concertation{MARK_STOP} {HOSTILE} `x` >"
        )
        return offer

    return make


CASES = {
    # Status: open or closed, with or without a deadline; the countdown's every wording.
    "open, a month left": deadline_in(30),
    "open, last day": deadline_in(0),
    "open, one day left": deadline_in(1),
    "open, closing soon": deadline_in(10),
    "open, fourteen days left": deadline_in(14),
    "open, fifteen days left": deadline_in(15),
    "open, no deadline": deadline_in(None),
    "closed, deadline passed": deadline_in(-2),
    "closed, no deadline": deadline_in(
        None, published_at=timezone.now() - datetime.timedelta(days=400)
    ),
    # Stipend badges: every level, hourly and monthly, civic service with and without amount.
    "stipend above the minimum": deadline_in(
        20,
        stipend_amount=Decimal("4.50"),
        stipend_unit="hour",
        start_date=datetime.date(2025, 3, 1),
    ),
    "stipend at the minimum": deadline_in(
        20,
        stipend_amount=Decimal("4.35"),
        stipend_unit="hour",
        start_date=datetime.date(2025, 3, 1),
    ),
    "stipend below the minimum": deadline_in(
        20,
        stipend_amount=Decimal("500"),
        stipend_unit="month",
        start_date=datetime.date(2025, 3, 1),
    ),
    "stipend of unknown level": deadline_in(
        None, stipend_amount=Decimal("4.00"), stipend_unit="hour", published_at=None
    ),
    "stipend over a thousand a month": deadline_in(
        20, stipend_amount=Decimal("1500"), stipend_unit="month", weekly_hours_min=Decimal("35")
    ),
    "civic service with an allowance": deadline_in(
        20, kind="service_civique", stipend_amount=Decimal("619.99"), stipend_unit="month"
    ),
    "civic service without an amount": deadline_in(20, kind="service_civique"),
    # Places: département and region (one with an apostrophe), abroad, wording only, nothing.
    "city in a region with an apostrophe": deadline_in(
        20, city="Marseille", postal_code="13001", department_code="13"
    ),
    "city without a département": deadline_in(20, city="Paris", postal_code="", department_code=""),
    "city abroad": deadline_in(
        20, city="Genève", postal_code="1204", department_code="", country="CH"
    ),
    "place wording only": deadline_in(
        20, city="", postal_code="", department_code="", place_wording=f"Partout {HOSTILE}"
    ),
    "place wording abroad": deadline_in(
        20, city="", postal_code="", department_code="", country="DE", place_wording="Berlin"
    ),
    "no place": deadline_in(20, city="", postal_code="", department_code="", place_wording=""),
    # Durations, and publisher text that must stay escaped.
    "duration range": deadline_in(20, duration_min_months=4, duration_max_months=6),
    "no duration": deadline_in(20, duration_min_months=None, duration_max_months=None),
    "hostile texts": lambda: deadline_in(
        3,
        title=f"Stage {HOSTILE}",
        organisation=OrganisationFactory(name=f"Ville {HOSTILE}"),
        city=f"Saint-{HOSTILE}",
    )(),
    # Full-text search results: highlighted title and snippet.
    "search highlights": highlighted(),
    "search highlights, closed": highlighted(-5),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_same_card_as_the_template(case, language):
    made = CASES[case]()
    offer = made if hasattr(made, "title_highlight") else as_on_the_pages(made)
    with translation.override(language):
        assert str(card(offer)) == reference_card(offer)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_of_cards_as_the_template_loop(language):
    offers = [as_on_the_pages(CASES[case]()) for case in CASES if "highlights" not in case]
    offers.append(highlighted()())
    with translation.override(language):
        expected = "".join(f"<li>{reference_card(offer)}</li>" for offer in offers)
        assert str(cards(offers)) == expected


def test_card_urls_are_the_offers_urls():
    offer = as_on_the_pages(deadline_in(20, slug="Stage_LYON-2")())
    assert f'href="{offer.get_absolute_url()}"' in str(card(offer))
    assert str(card(offer)) == reference_card(offer)
    # A slug the URL pattern refuses fails as get_absolute_url() fails, in both.
    offer.slug = "stage-à-lyon"
    with pytest.raises(NoReverseMatch):
        reference_card(offer)
    with pytest.raises(NoReverseMatch):
        card(offer)


LIST_QUERIES = {
    "unbound": {},
    "filtered": {"kind": "stage", "departement": "69", "remote": "on", "sort": "recentes"},
    "searched": {"q": HOSTILE, "bientot": "on", "status": "closes", "region": "84"},
    "invalid": {"kind": "nope", "departement": "999", "q": "x" * 300, "stipend": "12"},
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", LIST_QUERIES)
def test_same_filter_fields_as_the_template(client, query, language):
    deadline_in(20)()
    deadline_in(-3, kind="service_civique", remote="possible")()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("offers:list"), LIST_QUERIES[query])
    filterset = response.context["filter"]
    with translation.override(language):
        html = str(filter_fields(filterset.form))
        assert html == reference_fields(filterset)
    assert html in response.content.decode()
    if query == "invalid":
        assert html.count("field--error") == 4 and 'class="errorlist"' in html
    else:
        assert "field--error" not in html


def test_the_references_are_the_pages_markup(client):
    # Guards the comparison itself: the pages really show what both render.
    for case in ("open, last day", "closed, deadline passed", "civic service with an allowance"):
        CASES[case]()
    organisation = OrganisationFactory(name=f"Ville {HOSTILE}")
    Offer.objects.update(organisation=organisation)
    listed = client.get(reverse("offers:list")).content.decode()
    shown = client.get(organisation.get_absolute_url()).content.decode()
    offers = paging.paginate(Offer.objects.visible(), SortOrder.DEADLINE, 20, 1).object_list
    assert len(offers) == 3
    for offer in offers:
        assert f"<li>{reference_card(offer)}</li>" in listed
        assert f"<li>{reference_card(offer)}</li>" in shown
    assert "<script>alert" not in listed and "&lt;script&gt;" in listed


def test_search_results_show_their_highlights(client):
    deadline_in(20, title=f"Concertation {HOSTILE}", description=f"La concertation {HOSTILE}")()
    response = client.get(reverse("offers:list"), {"q": "concertation"})
    (offer,) = response.context["offers"]
    if not getattr(offer, "title_highlight", None):
        pytest.skip("full-text search (and its highlights) is PostgreSQL's")
    page = response.content.decode()
    assert f"<li>{reference_card(offer)}</li>" in page
    assert "<mark>" in page and "<script>alert" not in page
