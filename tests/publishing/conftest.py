import pytest

from tests.alerts.conftest import site_url  # noqa: F401  (a fixture)
from tests.factories import moderator

PAST_DEADLINE_POSTING = """Atelier Citoyen Nouveau – Chargé.e de mission participation

L'Atelier est une association nantaise d'éducation populaire.

Missions
• Préparer et animer des ateliers de concertation
• Rédiger les comptes rendus

Lieu : Nantes (44000)
Durée : 5 à 6 mois.
Gratification : 4,50 € brut par heure.

Candidatures avant le 15 janvier 2020 à Léa MARTIN, chargée de projets : lea.martin@atelier.example
"""


def form_data(**overrides) -> dict:
    data = {
        "text": PAST_DEADLINE_POSTING,
        "name": "Camille Durand",
        "email": "camille@atelier.example",
        "organisation_name": "Atelier Citoyen Nouveau",
        "organisation_city": "Nantes",
        "organisation_website": "https://atelier.example",
        "registration_number": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def moderatrice(db):
    return moderator(username="moderatrice", email="moderation@participe.example")


def post_form(client, path: str, data: dict, **extra):
    """A POST as the page's small form sends it (urlencoded), not the test client's multipart."""
    from urllib.parse import urlencode

    return client.post(
        path, urlencode(data), content_type="application/x-www-form-urlencoded", **extra
    )
