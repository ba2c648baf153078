"""Forged admin POSTs from a publisher change nothing and lose nothing."""

import pytest

from offers.models import Deadline, Offer, OfferStatus, OfferTransition
from tests.admin_forms import deadline_rows, form_data
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
    SubmittedOfferFactory,
    publisher,
)

pytestmark = pytest.mark.django_db
S = OfferStatus


@pytest.fixture
def setting(client):
    organisation = OrganisationFactory()
    other = OrganisationFactory()
    member = publisher(organisation, username="membre")
    client.force_login(member)
    return {
        "client": client,
        "organisation": organisation,
        "other": other,
        "contact": ContactFactory(organisation=organisation),
        "foreign_contact": ContactFactory(organisation=other),
        "foreign_offer": DraftOfferFactory(organisation=other, title="Offre d'une autre"),
    }


def snapshot(offer):
    offer.refresh_from_db()
    return (
        offer.title,
        offer.status,
        offer.organisation_id,
        offer.published_at,
        sorted(offer.contacts.values_list("pk", flat=True)),
        sorted(offer.deadlines.values_list("pk", "date", "wording")),
        list(offer.transitions.values_list("pk", flat=True)),
    )


def test_a_status_posted_with_a_new_offer_is_ignored(setting):
    client = setting["client"]
    data = form_data(client.get("/admin/offers/offer/add/"), "offer_form")
    data.update(
        organisation=str(setting["organisation"].pk),
        title="Offre forgée",
        slug="offre-forgee",
        status="published",
        published_at="2025-01-01 10:00",
        modified_since_approval="on",
    )
    response = client.post("/admin/offers/offer/add/", data)
    assert response.status_code == 302
    offer = Offer.objects.get(slug="offre-forgee")
    assert offer.status == S.DRAFT and offer.published_at is None
    assert not Offer.objects.visible().filter(pk=offer.pk).exists()


@pytest.mark.parametrize("status", ["published", "submitted", "archived"])
def test_a_status_posted_on_a_draft_is_ignored(setting, status):
    client = setting["client"]
    offer = DraftOfferFactory(organisation=setting["organisation"])
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data["status"] = status
    assert client.post(f"/admin/offers/offer/{offer.pk}/change/", data).status_code == 302
    offer.refresh_from_db()
    assert offer.status == S.DRAFT
    assert not OfferTransition.objects.exists()


def test_a_published_offer_edited_with_a_forged_status_stays_published_and_is_flagged(setting):
    client = setting["client"]
    offer = OfferFactory(organisation=setting["organisation"], title="En ligne")
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data.update(title="En ligne, corrigée", status="draft")
    assert client.post(f"/admin/offers/offer/{offer.pk}/change/", data).status_code == 302
    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED and offer.title == "En ligne, corrigée"
    assert offer.modified_since_approval
    assert Offer.objects.visible().filter(pk=offer.pk).exists()


def test_moving_an_offer_to_another_organisation_is_refused_and_loses_nothing(setting):
    client = setting["client"]
    offer = DraftOfferFactory(organisation=setting["organisation"])
    offer.contacts.set([setting["contact"]])
    DeadlineFactory(offer=offer)
    before = snapshot(offer)
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data.update(organisation=str(setting["other"].pk), title="Volée")
    response = client.post(f"/admin/offers/offer/{offer.pk}/change/", data)
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert snapshot(offer) == before


def test_another_organisations_contact_is_refused(setting):
    client = setting["client"]
    offer = DraftOfferFactory(organisation=setting["organisation"])
    offer.contacts.set([setting["contact"]])
    before = snapshot(offer)
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    # The contacts are an inline (offers.admin_forms.ContactInline): a foreign one is no choice.
    deadline_rows(data, {"contact": str(setting["foreign_contact"].pk)}, prefix="Offer_contacts")
    response = client.post(f"/admin/offers/offer/{offer.pk}/change/", data)
    assert response.status_code == 200
    formsets = response.context["inline_admin_formsets"]
    [contacts] = [fs for fs in formsets if fs.formset.prefix == "Offer_contacts"]
    assert "contact" in contacts.formset.errors[-1]
    assert snapshot(offer) == before


def test_the_old_contacts_field_is_ignored(setting):
    client = setting["client"]
    offer = DraftOfferFactory(organisation=setting["organisation"])
    offer.contacts.set([setting["contact"]])
    before = snapshot(offer)
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    data["contacts"] = [str(setting["foreign_contact"].pk)]
    client.post(f"/admin/offers/offer/{offer.pk}/change/", data)
    assert snapshot(offer) == before


def test_another_organisations_deadline_cannot_be_hijacked_through_the_inline(setting):
    client = setting["client"]
    foreign_deadline = DeadlineFactory(offer=setting["foreign_offer"], wording="Leur date")
    offer = DraftOfferFactory(organisation=setting["organisation"])
    data = form_data(client.get(f"/admin/offers/offer/{offer.pk}/change/"), "offer_form")
    deadline_rows(
        data,
        {
            "id": str(foreign_deadline.pk),
            "offer": str(offer.pk),
            "kind": "interviews",
            "date": "2031-01-01",
            "wording": "Détournée",
        },
    )
    client.post(f"/admin/offers/offer/{offer.pk}/change/", data)
    foreign_deadline.refresh_from_db()
    assert foreign_deadline.offer_id == setting["foreign_offer"].pk
    assert foreign_deadline.wording == "Leur date"


def test_an_offer_cannot_be_created_for_another_organisation(setting):
    client = setting["client"]
    data = form_data(client.get("/admin/offers/offer/add/"), "offer_form")
    data.update(organisation=str(setting["other"].pk), title="Intruse", slug="intruse")
    response = client.post("/admin/offers/offer/add/", data)
    assert response.status_code == 200
    assert not Offer.objects.filter(slug="intruse").exists()


@pytest.mark.parametrize("name", ["submit", "withdraw", "publish", "archive"])
def test_transitions_on_another_organisations_offer_are_404(setting, name):
    foreign = setting["foreign_offer"]
    response = setting["client"].post(f"/admin/offers/offer/{foreign.pk}/statut/{name}/")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == S.DRAFT


def test_another_organisations_offer_in_a_bulk_action_is_ignored(setting):
    mine = DraftOfferFactory(organisation=setting["organisation"])
    setting["client"].post(
        "/admin/offers/offer/",
        {
            "action": "submit_selected",
            "_selected_action": [str(mine.pk), str(setting["foreign_offer"].pk)],
        },
    )
    assert Offer.objects.get(pk=mine.pk).status == S.SUBMITTED
    assert Offer.objects.get(pk=setting["foreign_offer"].pk).status == S.DRAFT


def test_a_moderator_action_posted_by_a_publisher_is_refused(setting):
    offer = SubmittedOfferFactory(organisation=setting["organisation"], published_at=None)
    setting["client"].post(
        "/admin/offers/offer/",
        {"action": "publish_selected", "_selected_action": [str(offer.pk)]},
    )
    assert Offer.objects.get(pk=offer.pk).status == S.SUBMITTED


def test_transitions_are_post_only(setting):
    offer = DraftOfferFactory(organisation=setting["organisation"])
    response = setting["client"].get(f"/admin/offers/offer/{offer.pk}/statut/submit/")
    assert response.status_code == 405
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_deadlines_admin_of_another_organisation_is_404(setting):
    foreign_deadline = DeadlineFactory(offer=setting["foreign_offer"])
    client = setting["client"]
    assert client.get(f"/admin/offers/deadline/{foreign_deadline.pk}/change/").status_code == 404
    client.post(f"/admin/offers/deadline/{foreign_deadline.pk}/delete/", {"post": "yes"})
    assert Deadline.objects.filter(pk=foreign_deadline.pk).exists()


def test_a_deadline_cannot_be_added_to_another_organisations_offer(setting):
    client = setting["client"]
    data = form_data(client.get("/admin/offers/deadline/add/"), "deadline_form")
    data.update(offer=str(setting["foreign_offer"].pk), kind="interviews", wording="Ajoutée")
    response = client.post("/admin/offers/deadline/add/", data)
    assert response.status_code == 200
    assert "offer" in response.context["adminform"].form.errors
    assert not Deadline.objects.filter(wording="Ajoutée").exists()
