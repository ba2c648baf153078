"""The moderators' side of the admin: queue, preview, reject page, bulk actions, trail, checks."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from offers import workflow
from offers.models import OfferStatus
from tests.admin_forms import form_data
from tests.factories import (
    ContactFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
    SubmittedOfferFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db
S = OfferStatus


@pytest.fixture
def moderatrice(client):
    user = moderator(username="moderatrice")
    client.force_login(user)
    return user


def test_the_queue_shows_submitted_offers_first_oldest_first_then_modified_ones(
    client, moderatrice
):
    now = timezone.now()
    OfferFactory(title="En ligne")
    modified = OfferFactory(title="Modifiée", modified_since_approval=True)
    recent = SubmittedOfferFactory(title="Récente", submitted_at=now)
    old = SubmittedOfferFactory(title="Ancienne", submitted_at=now - datetime.timedelta(days=3))
    DraftOfferFactory(title="Brouillon")
    listed = list(client.get("/admin/offers/offer/").context["cl"].result_list)
    assert [o.pk for o in listed[:3]] == [old.pk, recent.pk, modified.pk]
    assert len(listed) == 5


def test_the_preview_shows_an_unpublished_offer_as_students_would_see_it(client, moderatrice):
    offer = SubmittedOfferFactory(title="Animatrice de débats", published_at=None)
    response = client.get(f"/admin/offers/offer/{offer.pk}/apercu/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aperçu" in page and "Animatrice de débats" in page and "soumise" in page
    # ...while the public page still does not exist.
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_the_reject_page_requires_a_reason(client, moderatrice):
    offer = SubmittedOfferFactory(published_at=None)
    first = client.post(
        "/admin/offers/offer/", {"action": "reject_selected", "_selected_action": [offer.pk]}
    )
    assert first.status_code == 200 and "Motif du refus" in first.content.decode()
    empty = client.post(
        "/admin/offers/offer/",
        {"action": "reject_selected", "_selected_action": [offer.pk], "apply": "1", "reason": " "},
    )
    assert empty.status_code == 200 and empty.context["form"].errors
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_rejecting_from_the_offer_page_returns_to_it_and_mails_the_reason(
    client, moderatrice, django_capture_on_commit_callbacks
):
    offer = SubmittedOfferFactory(published_at=None)
    offer.contacts.set([ContactFactory(organisation=offer.organisation, email="c@asso.test")])
    publisher(offer.organisation, username="membre", email="membre@asso.test")
    page = client.get(f"/admin/offers/offer/{offer.pk}/refuser/")
    data = form_data(page, "reject_form")
    data["reason"] = "Indiquez la gratification."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.context["changelist_url"], data)
    assert response["Location"] == f"/admin/offers/offer/{offer.pk}/change/"
    offer.refresh_from_db()
    assert offer.status == S.REJECTED
    [message] = mail.outbox
    # The member hears of it; the offer's contact does not.
    assert message.to == ["membre@asso.test"] and "Indiquez la gratification." in message.body


def test_publishing_many_at_once_reports_the_ones_refused(client, moderatrice):
    submitted = [SubmittedOfferFactory(published_at=None) for _ in range(2)]
    draft = DraftOfferFactory(title="Jamais soumise")
    response = client.post(
        "/admin/offers/offer/",
        {"action": "publish_selected", "_selected_action": [o.pk for o in [*submitted, draft]]},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Jamais soumise" in m and "impossible" in m for m in messages)
    assert any("2 offre(s)" in m for m in messages)
    for offer in submitted:
        offer.refresh_from_db()
        assert offer.status == S.PUBLISHED
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_trail_and_the_warnings_show_read_only_on_the_offer(client, moderatrice):
    organisation = OrganisationFactory()
    author = publisher(organisation, username="autrice")
    offer = DraftOfferFactory(organisation=organisation, duration_max_months=9)
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "reject", by=moderatrice, reason="Un stage dure 6 mois au plus.")
    response = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    soup = BeautifulSoup(response.content, "html.parser")
    trail = soup.select_one("table.audit-trail")
    rows = [[td.text for td in tr.find_all("td")][1:] for tr in trail.tbody.find_all("tr")]
    assert rows == [
        ["autrice", "Brouillon", "Soumise à modération", ""],
        ["moderatrice", "Soumise à modération", "Refusée", "Un stage dure 6 mois au plus."],
    ]
    assert "ne peut pas dépasser 6 mois" in soup.select_one(".offer-warnings").text
    assert "audit_trail" not in response.context["adminform"].form.fields


def test_the_publisher_sees_the_reason_and_can_resubmit(client):
    organisation = OrganisationFactory()
    author = publisher(organisation, username="autrice")
    offer = SubmittedOfferFactory(organisation=organisation, published_at=None)
    workflow.apply(offer, "reject", by=moderator(), reason="Ajoutez une date limite.")
    client.force_login(author)
    page = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Ajoutez une date limite." in soup.select_one(".rejection-reason").text
    buttons = [b["value"] for b in soup.select("form.workflow-action button")]
    assert buttons == ["submit"]
    client.post(f"/admin/offers/offer/{offer.pk}/statut/submit/")
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_moderators_see_only_moderation_buttons_on_a_submitted_offer(client, moderatrice):
    offer = SubmittedOfferFactory(published_at=None)
    soup = BeautifulSoup(
        client.get(f"/admin/offers/offer/{offer.pk}/change/").content, "html.parser"
    )
    buttons = [b["value"] for b in soup.select("form.workflow-action button")]
    assert buttons == ["publish"]
    assert soup.find("a", href=f"/admin/offers/offer/{offer.pk}/refuser/")


def test_publishing_an_offer_that_looks_wrong_warns_but_publishes(client, moderatrice):
    offer = SubmittedOfferFactory(published_at=None, duration_max_months=8)
    response = client.post(f"/admin/offers/offer/{offer.pk}/statut/publish/", follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("6 mois" in w for w in warnings)
    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED


def test_the_audit_trail_list_is_read_only_for_moderators_and_hidden_from_publishers(
    client, moderatrice
):
    offer = SubmittedOfferFactory(published_at=None)
    workflow.apply(offer, "reject", by=moderatrice, reason="Doublon.")
    response = client.get("/admin/offers/offertransition/")
    assert response.status_code == 200 and "Doublon." in response.content.decode()
    row = offer.transitions.get()
    client.post(f"/admin/offers/offertransition/{row.pk}/delete/", {"post": "yes"})
    assert offer.transitions.filter(pk=row.pk).exists()
    client.force_login(publisher(offer.organisation))
    assert client.get("/admin/offers/offertransition/").status_code == 403


def test_the_preview_of_another_organisations_offer_is_404(client):
    offer = DraftOfferFactory()
    client.force_login(publisher(OrganisationFactory()))
    assert client.get(f"/admin/offers/offer/{offer.pk}/apercu/").status_code == 404
    client.force_login(publisher(offer.organisation))
    assert client.get(f"/admin/offers/offer/{offer.pk}/apercu/").status_code == 200


@pytest.mark.parametrize(
    "url,method,status",
    [
        ("/admin/offers/offer/abc/statut/publish/", "post", 404),
        ("/admin/offers/offer/999999/statut/publish/", "post", 404),
        ("/admin/offers/offer/999999/refuser/", "get", 404),
        ("/admin/offers/offer/999999/apercu/", "get", 404),
        ("/admin/offers/offer/999999/change/", "get", 404),
    ],
)
def test_bad_addresses_are_404_not_500(client, moderatrice, url, method, status):
    assert getattr(client, method)(url).status_code == status


def test_an_unknown_transition_is_refused_with_a_message(client, moderatrice):
    offer = SubmittedOfferFactory(published_at=None)
    response = client.post(f"/admin/offers/offer/{offer.pk}/statut/approuver/", follow=True)
    assert any("inconnue" in str(m) for m in response.context["messages"])
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED
