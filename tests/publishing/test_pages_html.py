"""The pages of proposing an offer are valid HTML for the Nu HTML Checker."""

import pytest

from organisations.models import JoinRequest
from publishing import tokens
from tests.alerts.conftest import committed, link_path, text_part
from tests.factories import OrganisationFactory, UserFactory, publisher
from tests.html_checker import nu_errors

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_every_page_of_the_way_is_valid_html(client, smtp, site_url, tmp_path):
    with committed():
        client.post("/publier/", form_data())
    review = link_path(text_part(smtp.messages[0]), "/publier/verifier/")
    organisation = OrganisationFactory(name="Maison des Sciences", slug="maison")
    member = publisher(organisation, username="membre", email="membre@maison.example")
    asking = UserFactory(username="autre", email="autre@example.org")
    join_request = JoinRequest.objects.create(user=asking, organisation=organisation)
    with committed():
        client.post("/publier/", form_data(organisation_name="Maison des Sciences"))
    outsider = link_path(text_part(smtp.messages[-1]), "/publier/verifier/")
    pages = {
        "form": ("/publier/", 200),
        "form-errors": ("/publier/", 400),
        "sent": ("/publier/envoye/", 200),
        "review": (review, 200),
        "not-member": (outsider, 403),
        "join": ("/publier/rejoindre/" + tokens.join_token(join_request) + "/", 200),
        "signin": ("/connexion/", 200),
        "signin-sent": ("/connexion/envoye/", 200),
        "signin-link": ("/connexion/lien/" + tokens.signin_token(member) + "/", 200),
        "bad-link": ("/connexion/lien/forged/", 400),
    }
    files = []
    for name, (url, status) in pages.items():
        if name == "form-errors":
            response = client.post(url, form_data(email="x", registration_number="12"))
        else:
            response = client.get(url)
        assert response.status_code == status, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    errors = nu_errors(files)
    assert errors == [], "\n".join(errors)
