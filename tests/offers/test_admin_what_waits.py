"""Moderators see what waits: the admin home counts offers to review, published offers edited
since their approval and failed e-mails, each a link to its list; the queue's "Signaux" column
says what offer_warnings() and missing_for_submission() say at length."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from mail.models import OutgoingEmail
from offers.models import Offer
from tests.factories import (
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    SubmittedOfferFactory,
)

pytestmark = pytest.mark.django_db


def waiting_items(client) -> list[tuple[str, str | None]]:
    home = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return [
        (" ".join(li.text.split()), li.a["href"] if li.a else None)
        for li in home.select(".moderation-queue-count li")
    ]


def failed_email(n):
    return OutgoingEmail.objects.create(
        to=f"membre{n}@asso.test", subject="x", body="x", status="failed", attempts=6
    )


def test_the_admin_home_counts_what_waits_each_a_link_to_its_list(client, moderatrice):
    SubmittedOfferFactory.create_batch(2)
    OfferFactory(modified_since_approval=True)
    OfferFactory()
    for n in range(3):
        failed_email(n)
    OutgoingEmail.objects.create(to="a@asso.test", subject="x", body="x")
    client.force_login(moderatrice)

    assert waiting_items(client) == [
        ("2 offres attendent une modération", "/admin/offers/offer/?status__exact=submitted"),
        (
            "1 offre publiée modifiée depuis sa validation",
            "/admin/offers/offer/?modified_since_approval__exact=1&status__exact=published",
        ),
        ("3 e-mails en échec", "/admin/mail/outgoingemail/?status__exact=failed"),
    ]
    # Each link lists exactly what it counted.
    listed = [len(client.get(href).context["cl"].result_list) for _, href in waiting_items(client)]
    assert listed == [2, 1, 3]


def test_an_edited_published_offer_is_not_hidden_behind_nothing_waits(client, moderatrice):
    OfferFactory(modified_since_approval=True)
    OfferFactory(modified_since_approval=True)
    client.force_login(moderatrice)
    assert [text for text, _ in waiting_items(client)] == [
        "2 offres publiées modifiées depuis leur validation"
    ]


def test_nothing_waits(client, moderatrice):
    OfferFactory()
    client.force_login(moderatrice)
    assert waiting_items(client) == [("Aucune offre n'attend de modération.", None)]


def test_a_publisher_sees_their_own_offers_and_no_outbox(client, author, organisation):
    SubmittedOfferFactory()
    OfferFactory(modified_since_approval=True)
    OfferFactory(modified_since_approval=True, organisation=organisation)
    failed_email(1)
    client.force_login(author)
    assert [text for text, _ in waiting_items(client)] == [
        "1 offre publiée modifiée depuis sa validation"
    ]


def flags(client) -> dict[str, str]:
    soup = BeautifulSoup(client.get("/admin/offers/offer/").content, "html.parser")
    return {
        row.select_one(".field-title").text: row.select_one(".field-flags").text
        for row in soup.select("#result_list tbody tr")
    }


def test_the_queue_signals_past_deadlines_duplicates_and_missing_facts(
    client, moderatrice, organisation
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = SubmittedOfferFactory(title="Stage cartographie participative")
    DeadlineFactory(offer=late, date=yesterday)
    OfferFactory(organisation=organisation, title="Chargée de concertation (H/F)")
    SubmittedOfferFactory(organisation=organisation, title="Chargée de concertation H/F")
    DraftOfferFactory(title="Brouillon importé", description=" \n", how_to_apply="")
    edited = OfferFactory(title="Stage en ligne modifié", modified_since_approval=True)
    DeadlineFactory(
        offer=edited, date=timezone.localdate(edited.published_at) - datetime.timedelta(days=3)
    )
    SubmittedOfferFactory(title="Stage sans souci")
    client.force_login(moderatrice)

    assert flags(client) == {
        "Stage cartographie participative": "date limite passée",
        "Chargée de concertation H/F": "doublon probable",
        "Chargée de concertation (H/F)": "–",  # online and untouched: nothing to review
        "Brouillon importé": "2 informations manquantes",
        "Stage en ligne modifié": "modifiée depuis sa validation, date limite passée",
        "Stage sans souci": "–",
    }
    # The same checks as the offer's page, at length (offers.checks, offers.review).
    page = client.get(f"/admin/offers/offer/{late.pk}/change/").content.decode()
    assert "précède aujourd" in page
    assert Offer.objects.count() == 6
