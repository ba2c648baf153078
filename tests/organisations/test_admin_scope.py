"""Publishers in the organisation and contact admins, the autocompletes, and the role groups."""

import pytest
from django.contrib.auth.models import Group

from organisations.models import Contact, Membership, Organisation
from tests.admin_forms import form_data
from tests.factories import ContactFactory, OrganisationFactory, UserFactory, moderator, publisher

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    mine = OrganisationFactory(name="Kimiyo", slug="kimiyo")
    other = OrganisationFactory(name="Ville d'Arles", slug="ville-arles")
    client.force_login(publisher(mine, username="membre"))
    return client, mine, other


def test_the_groups_come_from_the_data_migration():
    publishers = Group.objects.get(name="Publishers")
    codenames = set(publishers.permissions.values_list("codename", flat=True))
    assert {"add_offer", "change_organisation", "add_contact"} <= codenames
    assert not codenames & {"moderate_offer", "add_organisation", "add_membership"}
    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(codename="moderate_offer").exists()


def test_a_publisher_edits_their_organisations_description_but_not_its_name(setting):
    client, mine, _ = setting
    page = client.get(f"/admin/organisations/organisation/{mine.pk}/change/")
    data = form_data(page, "organisation_form")
    assert "name" not in data and "slug" not in data
    data.update(description="Association de médiation scientifique.", name="Renommée")
    response = client.post(f"/admin/organisations/organisation/{mine.pk}/change/", data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.description == "Association de médiation scientifique."
    assert mine.name == "Kimiyo"


def test_a_publisher_neither_sees_another_organisation_nor_creates_one(setting):
    client, mine, other = setting
    listed = client.get("/admin/organisations/organisation/").context["cl"].result_list
    assert [o.pk for o in listed] == [mine.pk]
    assert client.get(f"/admin/organisations/organisation/{other.pk}/change/").status_code == 404
    assert client.get("/admin/organisations/organisation/add/").status_code == 403
    client.post("/admin/organisations/organisation/add/", {"name": "Nouvelle", "slug": "n"})
    assert not Organisation.objects.filter(slug="n").exists()


def test_a_publisher_cannot_touch_memberships(setting):
    client, mine, _ = setting
    intruder = UserFactory(username="intrus")
    assert client.get("/admin/organisations/membership/").status_code == 403
    client.post(
        "/admin/organisations/membership/add/", {"user": intruder.pk, "organisation": mine.pk}
    )
    assert not Membership.objects.filter(user=intruder).exists()


def test_a_publisher_manages_their_contacts_only(setting):
    client, mine, other = setting
    ContactFactory(organisation=mine, name="Renaud")
    foreign = ContactFactory(organisation=other, name="Sandra")
    listed = client.get("/admin/organisations/contact/").context["cl"].result_list
    assert [c.name for c in listed] == ["Renaud"]
    assert client.get(f"/admin/organisations/contact/{foreign.pk}/change/").status_code == 404
    client.post(f"/admin/organisations/contact/{foreign.pk}/delete/", {"post": "yes"})
    assert Contact.objects.filter(pk=foreign.pk).exists()

    data = form_data(client.get("/admin/organisations/contact/add/"), "contact_form")
    data.update(organisation=str(other.pk), name="Faux", email="faux@example.org")
    assert client.post("/admin/organisations/contact/add/", data).status_code == 200
    assert not Contact.objects.filter(name="Faux").exists()


@pytest.mark.parametrize(
    "model,field,expected",
    [("offer", "organisation", ["Kimiyo"]), ("offer", "contacts", ["Renaud"])],
)
def test_autocompletes_offer_only_the_publishers_organisations(setting, model, field, expected):
    client, mine, other = setting
    ContactFactory(organisation=mine, name="Renaud")
    ContactFactory(organisation=other, name="Sandra")
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "offers", "model_name": model, "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == expected


def test_a_moderator_sees_every_organisation_and_adds_members(client):
    organisation = OrganisationFactory()
    OrganisationFactory()
    user = UserFactory(username="nouvelle")
    client.force_login(moderator())
    assert len(client.get("/admin/organisations/organisation/").context["cl"].result_list) == 2
    response = client.post(
        "/admin/organisations/membership/add/",
        {"user": user.pk, "organisation": organisation.pk},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Publishers").exists()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()


# Issue 13, item 12: the admin's "view on site" redirect is scoped like the rest of the admin.


def view_on_site_url(offer) -> str:
    from django.contrib.contenttypes.models import ContentType

    return f"/admin/r/{ContentType.objects.get_for_model(offer).pk}/{offer.pk}/"


def test_view_on_site_does_not_give_away_another_organisations_draft(setting):
    from tests.factories import DraftOfferFactory

    client, mine, other = setting
    theirs = DraftOfferFactory(organisation=other, slug="brouillon-secret")
    response = client.get(view_on_site_url(theirs))
    assert response.status_code == 404
    assert "brouillon-secret" not in response.get("Location", "")

    own = DraftOfferFactory(organisation=mine, slug="mon-brouillon")
    response = client.get(view_on_site_url(own))
    assert response.status_code == 302
    assert response["Location"].endswith("/offres/mon-brouillon/")


def test_view_on_site_still_works_for_moderators_and_not_for_strangers(client):
    from tests.factories import DraftOfferFactory

    offer = DraftOfferFactory(slug="a-moderer")
    assert client.get(view_on_site_url(offer)).status_code == 302  # to the login page
    assert "/admin/login/" in client.get(view_on_site_url(offer))["Location"]
    client.force_login(moderator())
    response = client.get(view_on_site_url(offer))
    assert response.status_code == 302
    assert response["Location"].endswith("/offres/a-moderer/")
    assert client.get("/admin/r/999999/1/").status_code == 404
