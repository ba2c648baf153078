"""Sign-in by link, joining an organisation, and the red team's lessons: forged, expired,
reused links, a link in someone else's session, floods from one mailbox or one network."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model

from offers.models import Offer, OfferStatus
from organisations.models import JoinRequest, Organisation
from publishing import tokens
from publishing.models import PublishRequest
from tests.alerts.conftest import committed, link_path, text_part
from tests.factories import OrganisationFactory, publisher

from .conftest import form_data, post_form

pytestmark = pytest.mark.django_db
User = get_user_model()


def propose(client, **overrides):
    with committed():
        return client.post("/publier/", form_data(**overrides), **overrides.pop("extra", {}))


@pytest.fixture
def member(db):
    organisation = OrganisationFactory(name="Atelier Citoyen Nouveau", slug="atelier")
    return publisher(organisation, username="membre", email="membre@atelier.example")


def ask_link(client, smtp, email="membre@atelier.example"):
    with committed():
        post_form(client, "/connexion/", {"email": email})
    return link_path(text_part(smtp.messages[-1]), "/connexion/lien/")


def test_a_member_signs_in_by_link_once(client, smtp, site_url, member):
    link = ask_link(client, smtp)
    page = client.get(link)
    assert page.status_code == 200 and "Me connecter" in page.content.decode()
    assert "_auth_user_id" not in client.session  # a mail scanner's GET signs nobody in
    response = post_form(client, link, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Spent: signing in changed the account's last login.
    client.logout()
    again = client.get(link)
    assert again.status_code == 400 and "déjà servi" in again.content.decode()


def test_the_sign_in_page_says_the_same_for_an_unknown_address(client, smtp, member):
    with committed():
        known = post_form(client, "/connexion/", {"email": "membre@atelier.example"})
        unknown = post_form(client, "/connexion/", {"email": "personne@ailleurs.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/connexion/envoye/"
    assert [m["To"] for m in smtp.messages] == ["membre@atelier.example"]


def test_a_sign_in_link_in_someone_elses_session_is_refused_and_kept(
    client, smtp, site_url, member
):
    link = ask_link(client, smtp)
    other = publisher(OrganisationFactory(), username="autre", email="autre@example.org")
    client.force_login(other)
    response = post_form(client, link, {"confirm": "1"})
    assert response.status_code == 409 and "autre compte" in response.content.decode()
    assert int(client.session["_auth_user_id"]) == other.pk
    client.logout()
    assert post_form(client, link, {"confirm": "1"}).status_code == 302


@pytest.mark.parametrize("path", ["/connexion/lien/", "/publier/verifier/", "/publier/rejoindre/"])
def test_a_forged_link_changes_nothing(client, path):
    response = client.get(path + "MQ:1xaOBG:forged-signature/")
    assert response.status_code == 400
    assert "pas valide" in response.content.decode()


def test_an_expired_verification_link_says_so_and_creates_nothing(client, smtp, site_url):
    propose(client)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        seconds=tokens.VERIFY_LIFETIME + 60
    )
    with time_machine.travel(later):
        response = client.get(link)
    assert response.status_code == 400 and "expiré" in response.content.decode()
    assert not User.objects.exists() and not Offer.objects.exists()


def test_a_verified_address_outside_the_organisation_creates_nothing_then_asks_to_join(
    client, smtp, site_url, member
):
    propose(client)
    link = link_path(text_part(smtp.messages[-1]), "/publier/verifier/")
    page = client.get(link)
    assert page.status_code == 403
    assert "ne fait pas partie des membres" in page.content.decode()
    assert not Offer.objects.exists() and User.objects.count() == 1  # the member alone

    with committed():
        post_form(client, link, {"action": "join"})
    join_request = JoinRequest.objects.get()
    assert join_request.organisation.name == "Atelier Citoyen Nouveau"
    asked = smtp.messages[-1]
    assert asked["To"] == "membre@atelier.example"
    accept = link_path(text_part(asked), "/publier/rejoindre/")
    # Asking twice sends nothing more.
    with committed():
        post_form(client, link, {"action": "join"})
    assert len(smtp.messages) == 2

    member_browser = type(client)()
    assert "Accepter la demande" in member_browser.get(accept).content.decode()
    with committed():
        post_form(member_browser, accept, {"confirm": "1"})
    person = User.objects.get(email="camille@atelier.example")
    assert person.is_staff and person.memberships.get().organisation == join_request.organisation
    assert "déjà acceptée" in member_browser.get(accept).content.decode()

    # The posting was kept: the e-mail to the person leads back to it, now in their name.
    accepted = smtp.messages[-1]
    assert accepted["To"] == "camille@atelier.example"
    resume = link_path(text_part(accepted), "/publier/verifier/")
    assert client.get(resume).status_code == 200
    offer = Offer.objects.get()
    assert offer.organisation == join_request.organisation and offer.status == OfferStatus.DRAFT
    assert Organisation.objects.count() == 1


def test_a_flood_from_one_mailbox_is_refused_and_keeps_what_was_typed(client, smtp):
    for _ in range(3):
        assert propose(client).status_code == 302
    refused = propose(client)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Trop de demandes" in text and "Chargé.e de mission participation" in text
    assert PublishRequest.objects.count() == 3 and len(smtp.messages) == 3


def test_a_flood_from_one_ipv6_network_is_refused(client, smtp):
    for n in range(10):
        response = client.post(
            "/publier/",
            form_data(email=f"p{n}@example.org"),
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
        )
        assert response.status_code == 302
    refused = client.post(
        "/publier/", form_data(email="p99@example.org"), REMOTE_ADDR="2001:db8:1:2::ff"
    )
    assert refused.status_code == 429
    neighbour = client.post(
        "/publier/", form_data(email="v@example.org"), REMOTE_ADDR="2001:db8:1:3::1"
    )
    assert neighbour.status_code == 302
    assert PublishRequest.objects.count() == 11


def test_a_body_larger_than_any_posting_is_refused_unread(client):
    response = client.post(
        "/publier/", b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=10**8
    )
    assert response.status_code == 413
    assert not PublishRequest.objects.exists()


def test_a_publisher_without_a_password_can_still_set_one(client, smtp, site_url, member):
    member.set_unusable_password()
    member.save()
    assert "password_reset" in client.get("/admin/login/").content.decode()
    with committed():
        response = post_form(client, "/admin/password_reset/", {"email": "membre@atelier.example"})
        post_form(client, "/admin/password_reset/", {"email": "personne@ailleurs.example"})
    assert response.status_code == 302
    assert [m["To"] for m in smtp.messages] == ["membre@atelier.example"]
    link = link_path(text_part(smtp.messages[0]), "/admin/reset/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = post_form(
        client,
        form_page.redirect_chain[-1][0],
        {"new_password1": "Un long mot de passe 42", "new_password2": "Un long mot de passe 42"},
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Un long mot de passe 42")


def test_requests_never_verified_are_deleted_once_their_link_expired(client, smtp, site_url):
    from django.core.management import call_command

    propose(client)
    propose(client, email="verifiee@atelier.example")
    link = link_path(text_part(smtp.messages[-1]), "/publier/verifier/")
    client.get(link)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        seconds=tokens.VERIFY_LIFETIME + 60
    )
    with time_machine.travel(later):
        call_command("purge_publish_requests", stdout=io.StringIO())
        call_command("purge_publish_requests", stdout=io.StringIO())
    assert list(PublishRequest.objects.values_list("email", flat=True)) == [
        "verifiee@atelier.example"
    ]


def test_a_moderator_accepts_a_join_request_in_the_admin(client, smtp, site_url, member):
    from tests.factories import moderator

    person = User.objects.create_user("camille", "camille@atelier.example")
    organisation = member.memberships.get().organisation
    join_request = JoinRequest.objects.create(user=person, organisation=organisation)
    client.force_login(moderator(username="moderatrice"))
    changelist = "/admin/organisations/joinrequest/"
    assert client.get(changelist).status_code == 200
    with committed():
        response = client.post(
            changelist,
            {"action": "accept_selected", "_selected_action": [join_request.pk]},
            follow=True,
        )
    assert "1 demande(s) acceptée(s)." in response.content.decode()
    person.refresh_from_db()
    assert person.is_staff and person.memberships.get().organisation == organisation
    assert smtp.messages[-1]["To"] == "camille@atelier.example"


def test_a_kept_posting_the_importer_no_longer_reads_is_a_clear_message(client, smtp, site_url):
    propose(client)
    PublishRequest.objects.update(text="")
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    response = client.get(link)
    assert response.status_code == 400 and "ne peut plus être lue" in response.content.decode()
    assert not User.objects.exists() and not Organisation.objects.exists()
