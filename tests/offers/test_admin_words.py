"""Django's generic words ("Ajout de offre", "Modification de offre", "les offres
sélectionnés"), replaced where a publisher reads them."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import OfferFactory, OrganisationFactory, publisher

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
