"""The offer page's <article> built in Python is byte for byte what its template gave.

tests/offers/templates/offer_article_reference.html is that template (with the includes it
used, countdown, save button and stipend badge, kept next to it: the cards of
offers/list_html.py share them): every branch below, in French and in English, must give the
same HTML from both.
"""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

from offers.models import DeadlineKind, Offer
from offers.offer_html import article, summary
from offers.offer_page import detail_queryset
from tests.factories import ContactFactory, DeadlineFactory, OfferFactory, OrganisationFactory
from tests.offers import reference_templates

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert('x')</script> & \"guillemets\""


def reference(offer) -> str:
    return reference_templates.render(
        "offer_article_reference.html", {"offer": offer}, strip_final_newline=True
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def everything_given():
    offer = OfferFactory(
        title=f"Chargé·e de concertation {HOSTILE}",
        organisation=OrganisationFactory(name=f"Ville {HOSTILE}", website="https://ville.fr"),
        address="2 rue de l'Hôtel de Ville",
        city="Genève",
        postal_code="1204",
        country="CH",
        place_wording=f"Genève (Suisse) {HOSTILE}",
        remote="possible",
        remote_wording="un jour par semaine",
        duration_min_months=4,
        duration_max_months=6,
        duration_wording="4 à 6 mois selon le profil",
        weekly_hours_min="28",
        weekly_hours_max="35.5",
        hours_wording="temps plein",
        stipend_amount="4.35",
        stipend_unit="hour",
        stipend_gross=True,
        stipend_wording="gratification légale",
        education_level="bac5",
        education_wording="Master 2 en sciences politiques",
        start_date=in_days(60),
        start_wording="début mars",
        driving_licence="required",
        how_to_apply=f"CV et lettre {HOSTILE}",
        application_url="https://example.org/candidater?a=1&b=2",
        description=f"## Missions\n\n- Animer\n\n<script>x()</script> {HOSTILE}",
        source_file="annonces.md",
        source_index=12,
        source_heading=f"Stage {HOSTILE}",
    )
    DeadlineFactory(offer=offer, kind=DeadlineKind.APPLICATION, date=in_days(5), wording="")
    DeadlineFactory(
        offer=offer, kind=DeadlineKind.INTERVIEWS, date=in_days(10), end_date=in_days(12)
    )
    DeadlineFactory(offer=offer, kind=DeadlineKind.HIRING, date=None, wording=f"fin {HOSTILE}")
    offer.contacts.add(
        ContactFactory(organisation=offer.organisation, name=f"Zoé {HOSTILE}", phone="01 23 <&>"),
        ContactFactory(organisation=offer.organisation, name="", role="", email="rh@ville.fr"),
        ContactFactory(name="Marc", email="", phone="+33 6 12 34 56 78", role=HOSTILE),
    )
    return offer


def nothing_given():
    return OfferFactory(
        kind="service_civique",
        city="",
        postal_code="",
        department_code="",
        duration_min_months=None,
        duration_max_months=None,
        description="",
        published_at=timezone.now() - datetime.timedelta(days=400),
    )


def deadline_in(days: int, **fields):
    def make():
        offer = OfferFactory(**fields)
        DeadlineFactory(offer=offer, date=in_days(days))
        return offer

    return make


def undated_deadline_and_unsafe_link():
    offer = OfferFactory(
        application_url="javascript:alert(1)",
        start_wording="dès que possible",
        duration_wording="6 mois",
        weekly_hours_min="35",
        stipend_amount="650",
        stipend_unit="month",
        stipend_gross=False,
        address="",
        postal_code="",
    )
    DeadlineFactory(offer=offer, date=None, wording="le 30 novembre")
    return offer


def civic_service_with_allowance():
    return OfferFactory(
        kind="service_civique", stipend_amount="619.99", stipend_unit="month", remote="none"
    )


CASES = {
    "everything given": everything_given,
    "nothing given": nothing_given,
    "last day": deadline_in(0),
    "one day left": deadline_in(1),
    "closing soon": deadline_in(3, stipend_amount="3.00", stipend_unit="hour"),
    "a month left": deadline_in(30, stipend_amount="1500", stipend_unit="month"),
    "closed": deadline_in(-2, driving_licence="preferred"),
    "undated deadline, unsafe link": undated_deadline_and_unsafe_link,
    "civic service allowance": civic_service_with_allowance,
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("case", CASES)
def test_same_html_as_the_template(case, language):
    made = CASES[case]()
    offer = detail_queryset(Offer.objects.all()).get(pk=made.pk)
    with translation.override(language):
        assert str(article(offer)) == reference(offer)


SUMMARY_REFERENCE = (
    "{% load i18n %}{% blocktranslate with kind=offer.get_kind_display "
    "organisation=offer.organisation.name %}{{ kind }} chez {{ organisation }}"
    "{% endblocktranslate %}{% if offer.city %} {% blocktranslate with city=offer.city %}"
    "à {{ city }}{% endblocktranslate %}{% endif %}."
)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("case", ["everything given", "nothing given"])
def test_same_summary_as_the_template(case, language):
    offer = CASES[case]()
    with translation.override(language):
        expected = engines["django"].from_string(SUMMARY_REFERENCE).render({"offer": offer})
        assert str(summary(offer)) == expected


def test_the_reference_is_the_page_markup(client):
    # Guards the comparison itself: the page really shows what both render.
    offer = detail_queryset(Offer.objects.all()).get(pk=everything_given().pk)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert reference(offer) in page
    assert "<script>x()</script>" not in page and "&lt;script&gt;" in page
