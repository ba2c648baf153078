import pytest
from django.test import Client
from django.urls import path

from offers.views import server_error


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken_view)]


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
