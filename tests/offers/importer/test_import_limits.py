"""What one person may make the importer read: a pasted text as long
as a file's text at most, so many imports an hour, and no body larger than an import, refused
before it is read."""

import html

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test.client import BOUNDARY
from django.urls import reverse

from offers.importer.files import MAX_CHARS
from offers.importer.limits import IMPORTS_PER_HOUR, MAX_BODY_BYTES
from offers.models import Offer
from tests.factories import OrganisationFactory, publisher
from tests.offers.importer.test_admin_import import POSTING

pytestmark = pytest.mark.django_db
URL = reverse("admin:offers_offer_import")


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_pasted_text_longer_than_a_posting_is_refused_before_it_is_read(client):
    client.force_login(publisher(OrganisationFactory(name="Atelier Citoyen")))
    padded = POSTING + "\n\n" + "Une phrase de plus. " * (MAX_CHARS // 20)
    response = client.post(URL, {"text": padded})
    assert response.status_code == 200
    assert "Ce texte est trop long pour une annonce (200\N{NO-BREAK SPACE}000 caractères" in page(
        response
    )
    assert not Offer.objects.exists()


def test_a_pasted_text_beyond_what_django_reads_gets_the_same_message(client):
    client.force_login(publisher(OrganisationFactory(name="Atelier Citoyen")))
    padded = POSTING + "\n\n" + "Une phrase de plus. " * (5 * MAX_CHARS // 20)
    response = client.post(URL, {"text": padded})
    assert response.status_code == 413
    assert "Ce texte est trop long pour une annonce" in page(response)
    assert not Offer.objects.exists()


def test_imports_past_the_hourly_limit_are_refused_for_that_user_only(client):
    organisation = OrganisationFactory()
    client.force_login(publisher(organisation))
    for _ in range(IMPORTS_PER_HOUR):
        response = client.post(URL, {"text": "  "})
        assert "Collez le texte de l'annonce" in page(response)
    response = client.post(URL, {"text": POSTING})
    assert response.status_code == 429
    assert f"Vous avez lancé plus de {IMPORTS_PER_HOUR} imports en une heure" in page(response)
    assert not Offer.objects.exists()
    # Someone else of the same organisation is not held back.
    client.force_login(publisher(organisation))
    assert client.post(URL, {"text": POSTING}).status_code == 302


class RecordingHandler(TemporaryFileUploadHandler):
    """Django's handler for large uploads, keeping count of what reached the temporary folder."""

    received = 0

    def receive_data_chunk(self, raw_data, start):
        RecordingHandler.received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def recorded_uploads(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.RecordingHandler"]
    RecordingHandler.received = 0
    return tmp_path


def big_body() -> bytes:
    # One byte more than any import: a file of the largest size and its form's fields fit.
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head + b"x" * (MAX_BODY_BYTES + 1 - len(head) - len(tail)) + tail


def test_a_body_larger_than_an_import_is_refused_before_it_is_read(client, recorded_uploads):
    client.force_login(publisher(OrganisationFactory()))
    response = client.post(
        URL, big_body(), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 413
    assert "Le fichier dépasse 5 Mo." in page(response)
    assert RecordingHandler.received == 0 and list(recorded_uploads.iterdir()) == []
    assert not Offer.objects.exists()


def test_an_anonymous_big_body_is_refused_before_it_is_read(client, recorded_uploads):
    response = client.post(
        URL, big_body(), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 413
    assert response.content.decode() == "Le fichier dépasse 5 Mo."
    assert RecordingHandler.received == 0


def test_the_csrf_check_still_applies_to_the_import_page(client):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(publisher(OrganisationFactory()))
    assert client.post(URL, {"text": POSTING}).status_code == 403
    assert not Offer.objects.exists()
