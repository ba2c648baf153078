"""Proposing an offer from /publier/ with a real SMTP server: the verification, the draft and
its warnings, the submission's acknowledgement, the decisions (never to a posting's contacts)."""

import pytest
from django.contrib.auth import get_user_model

from offers import workflow
from offers.models import Offer, OfferStatus
from organisations.models import Organisation
from publishing.models import PublishRequest
from tests.alerts.conftest import committed, link_path, text_part
from tests.factories import OrganisationFactory, publisher

from .conftest import form_data, post_form

pytestmark = pytest.mark.django_db
User = get_user_model()
# As the review's form sends it: the kind the importer guessed is asked, preselected.
SUBMIT = {"action": "submit", "kind": "stage"}


def propose(client, **overrides):
    with committed():
        return client.post("/publier/", form_data(**overrides))


def recipients(smtp) -> list[str]:
    return [message["To"] for message in smtp.messages]


def test_it_keeps_only_a_request_and_sends_one_verification_email(client, smtp, site_url):
    response = propose(client)
    assert response.status_code == 302 and response["Location"] == "/publier/envoye/"
    assert PublishRequest.objects.count() == 1
    assert not User.objects.exists()
    assert not Organisation.objects.exists() and not Offer.objects.exists()
    assert recipients(smtp) == ["camille@atelier.example"]
    body = text_part(smtp.messages[0])
    assert "valable 48 heures" in body
    assert link_path(body, "/publier/verifier/")


def test_the_link_makes_the_draft_shows_every_warning_and_submits_in_one_click(
    client, smtp, site_url, moderatrice
):
    propose(client)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    # The past deadline, before submitting, and each fact beside its excerpt.
    assert "précède aujourd" in text
    assert "Candidatures avant le 15 janvier 2020" in text
    assert "nouvelle, vérifiée par l'équipe" in text.replace("&#39;", "'")
    organisation = Organisation.objects.get()
    assert organisation.verified is False and organisation.city == "Nantes"
    person = User.objects.get(email="camille@atelier.example")
    assert not person.has_usable_password() and not person.is_staff
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.DRAFT and offer.organisation == organisation

    # Opened again (a mail scanner, a second tab): the same draft.
    assert client.get(link).status_code == 200
    assert Offer.objects.count() == 1

    with committed():
        response = post_form(client, link, SUBMIT)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    # The acknowledgement to the person, the notice to the moderators; nobody else.
    assert sorted(recipients(smtp)[1:]) == [
        "camille@atelier.example",
        "moderation@participe.example",
    ]
    acknowledgement = next(m for m in smtp.messages[1:] if m["To"] == "camille@atelier.example")
    assert "Offre reçue" in acknowledgement["Subject"]
    assert "lea.martin@atelier.example" not in recipients(smtp)

    # The link used again after the submission: it says so, and changes nothing.
    again = client.get(link)
    assert "Offre soumise" in again.content.decode()
    assert post_form(client, link, SUBMIT).status_code == 400
    assert Offer.objects.count() == 1


def test_approving_the_offer_approves_the_organisation_and_makes_a_publisher(
    client, smtp, site_url, moderatrice
):
    propose(client)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    client.get(link)
    with committed():
        post_form(client, link, SUBMIT)
    offer = Offer.objects.get()
    sent = len(smtp.messages)
    with committed():
        workflow.apply(offer, "publish", by=moderatrice)
    organisation = Organisation.objects.get()
    person = User.objects.get(email="camille@atelier.example")
    assert organisation.verified and person.is_staff
    assert person.groups.filter(name="Publishers").exists()
    # The decision to the person who submitted it; never to the posting's contact.
    assert recipients(smtp)[sent:] == ["camille@atelier.example"]
    assert "publiée" in smtp.messages[-1]["Subject"]


def test_a_rejection_goes_to_the_submitter_never_to_the_contacts(
    client, smtp, site_url, moderatrice
):
    propose(client)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    client.get(link)
    with committed():
        post_form(client, link, SUBMIT)
    sent = len(smtp.messages)
    with committed():
        workflow.apply(Offer.objects.get(), "reject", by=moderatrice, reason="Date passée.")
    assert recipients(smtp)[sent:] == ["camille@atelier.example"]
    # The link, while valid, shows why, and the offer can be submitted again.
    page = client.get(link).content.decode()
    assert "a refusé cette offre\u00a0: Date passée." in page.replace("&#39;", "'")
    assert "Soumettre à modération" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_number": "123 456 789 00013"}, "ni un SIRET"),
        ({"email": "pas-une-adresse"}, "adresse"),
        ({"text": ""}, "Collez le texte de l"),
        ({"text": "bonjour"}, "Aucune annonce"),
        ({"title": "Stage", "description": "Missions"}, "une seule des trois"),
    ],
)
def test_bad_input_says_what_is_wrong_and_creates_nothing(client, smtp, overrides, message):
    response = propose(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PublishRequest.objects.exists() and smtp.messages == []


def test_a_valid_siret_and_an_rna_number_are_kept(client, smtp):
    propose(client, registration_number="732 829 320 00074")
    propose(client, registration_number="w751234567", email="autre@atelier.example")
    numbers = sorted(PublishRequest.objects.values_list("registration_number", flat=True))
    assert numbers == ["73282932000074", "W751234567"]


def test_the_fields_make_a_posting_the_importer_reads(client, smtp, site_url):
    response = propose(
        client,
        text="",
        title="Chargé.e de concertation",
        place="Rennes",
        deadline="15 janvier 2031",
        description="Missions : animer des réunions publiques.\n\nCandidatures : rh@asso.example",
    )
    assert response.status_code == 302
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    client.get(link)
    offer = Offer.objects.get()
    assert offer.title == "Chargé.e de concertation"
    assert offer.application_deadline_milestone.date.isoformat() == "2031-01-15"


def test_what_the_posting_lacks_is_asked_on_the_review_and_saved_with_the_submission(
    client, smtp, site_url, moderatrice
):
    posting = (
        "Stage : chargé.e de concertation\n\n"
        "Missions : animer des ateliers de concertation avec les habitants du quartier.\n"
    )
    propose(client, text=posting)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    page = client.get(link).content.decode()
    assert 'id="publish-completion"' in page
    assert 'name="city"' in page and 'name="how_to_apply"' in page

    refused = post_form(client, link, {"action": "submit"})
    assert refused.status_code == 400
    assert "Complétez ce qui manque" in refused.content.decode()
    assert Offer.objects.get().status == OfferStatus.DRAFT

    with committed():
        response = post_form(
            client,
            link,
            {
                "action": "submit",
                "city": "Nantes",
                "how_to_apply": "CV et lettre à rh@atelier.example",
                "kind": "stage",
            },
        )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.status == OfferStatus.SUBMITTED
    assert (offer.city, offer.how_to_apply) == ("Nantes", "CV et lettre à rh@atelier.example")


def test_a_new_organisation_has_no_public_page_until_its_offer_is_approved(
    client, smtp, site_url, moderatrice
):
    propose(client)
    link = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    client.get(link)
    with committed():
        post_form(client, link, SUBMIT)
    organisation = Organisation.objects.get()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    with committed():
        workflow.apply(Offer.objects.get(), "publish", by=moderatrice)
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_the_same_posting_proposed_twice_is_one_draft(client, smtp, site_url):
    member = publisher(
        OrganisationFactory(name="Atelier Citoyen Nouveau", slug="atelier"),
        username="camille",
        email="camille@atelier.example",
    )
    propose(client)
    propose(client)
    first, second = (link_path(text_part(m), "/publier/verifier/") for m in smtp.messages)
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200
    offer = Offer.objects.get()
    assert offer.organisation == member.memberships.get().organisation
    assert offer.publish_requests.count() == 2
