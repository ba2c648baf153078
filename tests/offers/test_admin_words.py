"""Django's generic words ("Ajout de offre", "Modification de offre", "les offres
sélectionnés"), replaced where a publisher reads them."""

import pytest
from bs4 import BeautifulSoup

from tests.admin_forms import form_data
from tests.factories import DraftOfferFactory, OfferFactory, OrganisationFactory, publisher

pytestmark = pytest.mark.django_db
ADD = "/admin/offers/offer/add/"


@pytest.fixture
def author(client):
    user = publisher(OrganisationFactory(), username="publieur")
    client.force_login(user)
    return user


def test_the_admin_speaks_of_offers_in_a_publishers_words(client, author):
    offer = OfferFactory(organisation=author.memberships.get().organisation)
    changelist = BeautifulSoup(client.get("/admin/offers/offer/").content, "html.parser")
    assert changelist.h1.text == "Offres"
    assert [a.text for a in changelist.select(".object-tools a")] == [
        "Importer une annonce",
        "Ajouter une offre",
    ]
    actions = [o.text for o in changelist.select("select[name=action] option")]
    assert "Supprimer les offres sélectionnées" in actions
    assert not any("objet" in text or "sélectionnés" in text for text in actions)
    add_page = BeautifulSoup(client.get(ADD).content, "html.parser")
    assert add_page.h1.text == "Ajouter une offre"
    change = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    assert BeautifulSoup(change.content, "html.parser").h1.text == "Modifier l'offre"


def page_text(response) -> str:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.get_text(" ").split())


def test_no_object_anywhere_a_moderator_reads(admin_client):
    """Django's French says "l'objet offre", "Supprimer plusieurs objets", "Ajout de échéance":
    the project's catalogue (locale/fr) says it in the board's words."""
    offer = DraftOfferFactory(title="Stage concertation")
    pages = {
        "delete": f"/admin/offers/offer/{offer.pk}/delete/",
        "history": f"/admin/offers/offer/{offer.pk}/history/",
        "app": "/admin/offers/",
        "deadline add": "/admin/offers/deadline/add/",
        "deadlines": "/admin/offers/deadline/",
        "home": "/admin/",
    }
    texts = {name: page_text(admin_client.get(url)) for name, url in pages.items()}
    bulk = admin_client.post(
        "/admin/offers/offer/", {"action": "delete_selected", "_selected_action": [offer.pk]}
    )
    texts["bulk delete"] = page_text(bulk)
    for name, text in texts.items():
        assert "objet" not in text.lower(), name
        assert "Django" not in text, name
    assert "Voulez-vous vraiment supprimer « Stage concertation » (offre) ?" in texts["delete"]
    assert "Ajouter : échéance" in texts["deadline add"]
    assert "Choisir pour modifier : échéance" in texts["deadlines"]
    assert "Administration de Participe" in texts["home"]
    assert "Voulez-vous vraiment supprimer la sélection (offre) ?" in texts["bulk delete"]


def test_a_saved_offer_is_confirmed_without_object(client, author):
    offer = OfferFactory(organisation=author.memberships.get().organisation, title="Stage")
    url = f"/admin/offers/offer/{offer.pk}/change/"
    response = client.post(url, form_data(client.get(url), "offer_form"), follow=True)
    messages = [
        " ".join(BeautifulSoup(str(m), "html.parser").get_text().split())
        for m in response.context["messages"]
    ]
    assert messages == ["Modifications enregistrées : « Stage » (offre)."]
