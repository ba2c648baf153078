"""Contacts and deadlines are part of the offers that show them: a
publisher's change flags every published offer it touches, and a contact that another
organisation's offers use is read-only for a publisher (a moderator edits it)."""

import pytest

from offers.models import Offer
from organisations.models import Contact
from tests.admin_forms import form_data
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    OfferFactory,
    OrganisationFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client):
    mine = OrganisationFactory(name="Kimiyo")
    other = OrganisationFactory(name="Ville d'Arles")
    author = publisher(mine, username="publieur")
    client.force_login(author)
    return client, mine, other


def contact_url(contact, action="change") -> str:
    return f"/admin/organisations/contact/{contact.pk}/{action}/"


def flagged(offer) -> bool:
    offer.refresh_from_db()
    return offer.modified_since_approval


def test_editing_a_contact_flags_every_published_offer_showing_it(board):
    client, mine, _ = board
    contact = ContactFactory(organisation=mine)
    first, second = OfferFactory(organisation=mine), OfferFactory(organisation=mine)
    first.contacts.add(contact)
    second.contacts.add(contact)
    data = form_data(client.get(contact_url(contact)), "contact_form")
    data["email"] = "nouvelle@example.org"
    assert client.post(contact_url(contact), data).status_code == 302
    assert flagged(first) and flagged(second)


def test_deleting_a_contact_flags_the_offers_that_showed_it(board):
    client, mine, _ = board
    contact = ContactFactory(organisation=mine)
    offer = OfferFactory(organisation=mine)
    offer.contacts.add(contact)
    assert client.post(contact_url(contact, "delete"), {"post": "yes"}).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert flagged(offer)


def test_a_contact_shown_on_another_organisations_offers_is_read_only_for_its_publisher(board):
    client, mine, other = board
    contact = ContactFactory(organisation=mine, email="vraie@example.org")
    elsewhere = OfferFactory(organisation=other)
    elsewhere.contacts.add(contact)

    page = client.get(contact_url(contact))
    assert page.status_code == 200
    assert "contact_form" not in page.content.decode() or "email" not in form_data(
        page, "contact_form"
    )
    response = client.post(
        contact_url(contact),
        {"organisation": mine.pk, "name": contact.name, "email": "hameconnage@example.com"},
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.email == "vraie@example.org"
    assert client.post(contact_url(contact, "delete"), {"post": "yes"}).status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert not flagged(elsewhere)


def test_a_moderator_edits_a_shared_contact_without_flagging_anything(client):
    mine, other = OrganisationFactory(), OrganisationFactory()
    contact = ContactFactory(organisation=mine)
    offer = OfferFactory(organisation=other)
    offer.contacts.add(contact)
    client.force_login(moderator())
    data = form_data(client.get(contact_url(contact)), "contact_form")
    data["email"] = "corrigee@example.org"
    assert client.post(contact_url(contact), data).status_code == 302
    contact.refresh_from_db()
    assert contact.email == "corrigee@example.org"
    assert not flagged(offer)


def test_editing_or_deleting_a_deadline_flags_its_published_offer(board):
    client, mine, _ = board
    offer = OfferFactory(organisation=mine)
    deadline = DeadlineFactory(offer=offer)
    url = f"/admin/offers/deadline/{deadline.pk}/change/"
    data = form_data(client.get(url), "deadline_form")
    data["wording"] = "Candidatures prolongées"
    assert client.post(url, data).status_code == 302
    assert flagged(offer)

    Offer.objects.filter(pk=offer.pk).update(modified_since_approval=False)
    delete = f"/admin/offers/deadline/{deadline.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert flagged(offer)


def test_the_bulk_delete_of_deadlines_flags_their_offers(board):
    client, mine, _ = board
    offer = OfferFactory(organisation=mine)
    deadline = DeadlineFactory(offer=offer)
    response = client.post(
        "/admin/offers/deadline/",
        {"action": "delete_selected", "_selected_action": [deadline.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert flagged(offer)


def test_the_seeds_shared_contact_cannot_be_changed_by_its_publisher(client, seed):
    shared = [
        c
        for c in Contact.objects.all()
        if c.offers.exclude(organisation_id=c.organisation_id).exists()
    ]
    assert shared, "the seed has a contact used by another organisation's offers"
    contact = shared[0]
    client.force_login(publisher(contact.organisation, username="publieur-seed"))
    response = client.post(
        contact_url(contact),
        {"organisation": contact.organisation_id, "name": "x", "email": "phishing@example.com"},
    )
    assert response.status_code == 403


def offer_form_url(offer) -> str:
    return f"/admin/offers/offer/{offer.pk}/change/"


def test_a_shared_contact_cannot_be_changed_from_the_offers_form_either(board):
    client, mine, other = board
    contact = ContactFactory(organisation=mine, email="vraie@example.org")
    offer, elsewhere = OfferFactory(organisation=mine), OfferFactory(organisation=other)
    offer.contacts.add(contact)
    elsewhere.contacts.add(contact)
    data = form_data(client.get(offer_form_url(offer)), "offer_form")
    data["Offer_contacts-0-email"] = "hameconnage@example.com"
    response = client.post(offer_form_url(offer), data)
    assert response.status_code == 200
    assert "seule la modération" in response.content.decode()
    contact.refresh_from_db()
    assert contact.email == "vraie@example.org"
    assert not flagged(elsewhere)


def test_a_contact_changed_in_an_offers_form_flags_the_other_offers_showing_it(board):
    client, mine, _ = board
    contact = ContactFactory(organisation=mine, email="r@example.org")
    offer, sibling = OfferFactory(organisation=mine), OfferFactory(organisation=mine)
    offer.contacts.add(contact)
    sibling.contacts.add(contact)
    data = form_data(client.get(offer_form_url(offer)), "offer_form")
    data["Offer_contacts-0-email"] = "renaud@example.org"
    assert client.post(offer_form_url(offer), data).status_code == 302
    contact.refresh_from_db()
    assert contact.email == "renaud@example.org"
    assert flagged(sibling)
