"""The permission matrix, through the admin's real URLs and forms.

Actors: a publisher of the offer's organisation ("member"), a publisher of another
organisation ("outsider"), a moderator, and an anonymous visitor.
"""

import pytest

from offers.models import Offer, OfferStatus, OfferTransition
from tests.admin_forms import deadline_rows, form_data
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
ACTORS = ["member", "outsider", "moderator", "anonymous"]


@pytest.fixture
def world():
    organisation = OrganisationFactory(name="Kimiyo", slug="kimiyo")
    other = OrganisationFactory(name="Ville d'Arles", slug="ville-arles")
    return {
        "organisation": organisation,
        "other": other,
        "contact": ContactFactory(organisation=organisation, email="contact@kimiyo.test"),
        "member": publisher(organisation, username="membre"),
        "outsider": publisher(other, username="exterieur"),
        "moderator": moderator(username="moderatrice"),
    }


def act_as(client, world, actor):
    if actor != "anonymous":
        client.force_login(world[actor])
    return client


def is_login_redirect(response):
    return response.status_code == 302 and "/admin/login/" in response["Location"]


def offer_url(offer, suffix="change"):
    return f"/admin/offers/offer/{offer.pk}/{suffix}/"


@pytest.mark.parametrize("actor", ACTORS)
def test_list(client, world, actor):
    mine = DraftOfferFactory(organisation=world["organisation"], title="Offre de Kimiyo")
    theirs = DraftOfferFactory(organisation=world["other"], title="Offre d'Arles")
    response = act_as(client, world, actor).get("/admin/offers/offer/")
    if actor == "anonymous":
        assert is_login_redirect(response)
        return
    assert response.status_code == 200
    listed = {o.pk for o in response.context["cl"].result_list}
    expected = {
        "member": {mine.pk},
        "outsider": {theirs.pk},
        "moderator": {mine.pk, theirs.pk},
    }[actor]
    assert listed == expected


@pytest.mark.parametrize("actor", ACTORS)
def test_view(client, world, actor):
    offer = DraftOfferFactory(organisation=world["organisation"])
    response = act_as(client, world, actor).get(offer_url(offer))
    expected = {"member": 200, "outsider": 404, "moderator": 200, "anonymous": 302}[actor]
    assert response.status_code == expected
    if actor == "anonymous":
        assert is_login_redirect(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_add_with_two_contacts_and_a_deadline(client, world, actor):
    second = ContactFactory(organisation=world["organisation"])
    client = act_as(client, world, actor)
    page = client.get("/admin/offers/offer/add/")
    if actor == "anonymous":
        assert is_login_redirect(page)
        data = {"title": "x"}
    else:
        assert page.status_code == 200
        data = form_data(page, "offer_form")
    data.update(
        organisation=str(world["organisation"].pk),
        title="Médiation scientifique en bibliothèque",
    )
    if actor != "anonymous":
        data["application_deadline"] = "2031-05-01"
        deadline_rows(
            data,
            {"contact": str(world["contact"].pk)},
            {"contact": str(second.pk)},
            prefix="Offer_contacts",
        )
    response = client.post("/admin/offers/offer/add/", data)

    # The address comes from the title: nobody types a slug.
    created = Offer.objects.filter(slug="mediation-scientifique-en-bibliotheque").first()
    if actor in {"member", "moderator"}:
        assert response.status_code == 302, response.context and response.context["errors"]
        assert created.status == S.DRAFT and created.organisation == world["organisation"]
        assert created.contacts.count() == 2
        assert created.deadlines.get().date.isoformat() == "2031-05-01"
    elif actor == "outsider":
        # Kimiyo is not among the outsider's choices: the form refuses it.
        assert (
            response.status_code == 200
            and "organisation" in response.context["adminform"].form.errors
        )
        assert created is None
    else:
        assert is_login_redirect(response) and created is None


@pytest.mark.parametrize("actor", ACTORS)
def test_change(client, world, actor):
    offer = DraftOfferFactory(organisation=world["organisation"], title="Ancien intitulé")
    client = act_as(client, world, actor)
    if actor in {"member", "moderator"}:
        data = form_data(client.get(offer_url(offer)), "offer_form")
    else:
        data = {"title": "Nouvel intitulé", "organisation": str(world["organisation"].pk)}
    data["title"] = "Nouvel intitulé"
    response = client.post(offer_url(offer), data)
    offer.refresh_from_db()
    if actor in {"member", "moderator"}:
        assert response.status_code == 302 and offer.title == "Nouvel intitulé"
    else:
        assert response.status_code == (404 if actor == "outsider" else 302)
        assert offer.title == "Ancien intitulé"


@pytest.mark.parametrize("actor", ACTORS)
def test_delete(client, world, actor):
    offer = DraftOfferFactory(organisation=world["organisation"])
    response = act_as(client, world, actor).post(offer_url(offer, "delete"), {"post": "yes"})
    gone = not Offer.objects.filter(pk=offer.pk).exists()
    expected = {"member": True, "outsider": False, "moderator": True, "anonymous": False}[actor]
    assert gone is expected
    if actor == "outsider":
        assert response.status_code == 404


def transition(client, offer, name):
    return client.post(offer_url(offer, f"statut/{name}"), follow=True)


def action(client, offer, name, **extra):
    return client.post(
        "/admin/offers/offer/",
        {"action": name, "_selected_action": [str(offer.pk)], **extra},
        follow=True,
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_submit(client, world, actor):
    offer = DraftOfferFactory(organisation=world["organisation"])
    response = transition(act_as(client, world, actor), offer, "submit")
    offer.refresh_from_db()
    # Submitting is the publisher's act; a moderator does not submit on their behalf.
    expected = {"member": S.SUBMITTED, "outsider": S.DRAFT, "moderator": S.DRAFT}
    assert offer.status == expected.get(actor, S.DRAFT)
    if actor == "moderator":
        assert "membres" in response.content.decode()
    if actor == "outsider":
        assert response.status_code == 404


@pytest.mark.parametrize("via", ["button", "action"])
@pytest.mark.parametrize("actor", ACTORS)
def test_publish(client, world, actor, via):
    offer = SubmittedOfferFactory(organisation=world["organisation"], published_at=None)
    client = act_as(client, world, actor)
    if via == "button":
        response = transition(client, offer, "publish")
    else:
        response = action(client, offer, "publish_selected")
    offer.refresh_from_db()
    if actor == "moderator":
        assert offer.status == S.PUBLISHED and offer.published_at is not None
    else:
        assert offer.status == S.SUBMITTED and offer.published_at is None
        assert not OfferTransition.objects.exists()
    if actor == "member" and via == "button":
        assert "modération" in response.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
def test_reject(client, world, actor):
    offer = SubmittedOfferFactory(organisation=world["organisation"], published_at=None)
    client = act_as(client, world, actor)
    page = client.get(offer_url(offer, "refuser"))
    response = action(client, offer, "reject_selected", apply="1", reason="Incomplète.")
    offer.refresh_from_db()
    if actor == "moderator":
        assert page.status_code == 200 and "Motif du refus" in page.content.decode()
        assert offer.status == S.REJECTED
        assert offer.transitions.get().reason == "Incomplète."
    else:
        assert offer.status == S.SUBMITTED
        assert page.status_code in {302, 404}
        assert response.status_code in {200, 404}


@pytest.mark.parametrize("actor", ACTORS)
def test_archive(client, world, actor):
    offer = OfferFactory(organisation=world["organisation"])
    action(act_as(client, world, actor), offer, "archive_selected")
    transition(client, offer, "archive")
    offer.refresh_from_db()
    assert offer.status == (S.ARCHIVED if actor == "moderator" else S.PUBLISHED)


@pytest.mark.parametrize("actor", ACTORS)
def test_withdraw(client, world, actor):
    offer = SubmittedOfferFactory(organisation=world["organisation"], published_at=None)
    transition(act_as(client, world, actor), offer, "withdraw")
    offer.refresh_from_db()
    assert offer.status == (S.DRAFT if actor == "member" else S.SUBMITTED)


def test_the_status_field_is_never_in_the_form(client, world):
    offer = DraftOfferFactory(organisation=world["organisation"])
    for actor in ["member", "moderator"]:
        client.force_login(world[actor])
        form = client.get(offer_url(offer)).context["adminform"].form
        assert "status" not in form.fields and "published_at" not in form.fields
