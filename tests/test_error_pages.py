import pytest
from django.test import Client
from django.urls import path

from offers.views import server_error


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken_view)]
# As config.urls sets it (the project has one error template, no 500.html of Django's default).
handler500 = "offers.views.server_error"


@pytest.mark.urls("tests.test_error_pages")
def test_a_crash_gives_the_friendly_500_page_without_traceback(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Une erreur est survenue" in text
    assert "Traceback" not in text and "RuntimeError" not in text


def test_500_handler_renders_without_a_database(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Une erreur est survenue" in response.content


def test_too_many_parameters_is_a_400_page(db):
    query = "&".join(f"p{i}=1" for i in range(1500))
    response = Client(raise_request_exception=False).get(f"/?{query}")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_every_error_page_is_the_one_template_with_its_words(rf):
    from config.errors import PAGES, error_page
    from config.middleware import unavailable

    for status, (title, heading, _message) in PAGES.items():
        response = error_page(rf.get("/"), status)
        text = response.content.decode()
        assert response.status_code == status
        assert f"<title>{title} · Participe</title>" in text and f"<h1>{heading}</h1>" in text
    outage = unavailable(rf.get("/"))
    assert outage.status_code == 503 and outage["Retry-After"] == "30"
    assert "Le site est momentanément indisponible" in outage.content.decode()


def test_a_forbidden_page_is_the_friendly_403(rf):
    # A PermissionDenied raised by a view (a CSRF failure is Django's own view).
    from django.core.exceptions import PermissionDenied

    from config.errors import permission_denied

    response = permission_denied(rf.get("/"), PermissionDenied())
    assert response.status_code == 403 and "Accès refusé" in response.content.decode()
