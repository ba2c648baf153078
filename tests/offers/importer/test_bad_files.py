"""Files the importer cannot read get a message saying why, and nothing is created."""

import html
import io
import os
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from offers.importer.files import MAX_BYTES, UnreadableFile, kind_of, read_upload
from offers.models import ImportedPosting, Offer
from organisations.models import Contact, Organisation
from tests.factories import OrganisationFactory, publisher
from tests.offers.importer import bombs, documents

URL = reverse("admin:offers_offer_import")
A_POSTING = (
    "Ville de Rivière (31000 Toulouse) – Stage concertation\n\n"
    "Durée : 6 mois. Candidatures avant le 1er mars 2031 à stage@riviere.example\n"
)


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", os.urandom(2000))
        archive.writestr("notes.txt", "rien")
    return buffer.getvalue()


def a_damaged_docx() -> bytes:
    data = bytearray(documents.docx(A_POSTING * 10))
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    data[start + 10 : start + 60] = b"\xff" * 50
    return bytes(data)


BAD_FILES = {
    "empty": (b"", "est vide."),
    "binary junk": (os.urandom(4096) + b"\x00", "n'est pas un texte ni un document reconnu"),
    "over-size": (b"a" * (MAX_BYTES + 1), "Le fichier dépasse 5 Mo."),
    "zip renamed .docx": (a_zip(), "archive ZIP, pas un document Word"),
    "damaged deflate stream": (a_damaged_docx(), "Cette archive ZIP est endommagée."),
    "encrypted pdf": (
        documents.pdf(A_POSTING, password="secret"),
        "Ce PDF est protégé par un mot de passe",
    ),
    "no posting": (
        "Bonjour à tous,\n\nVoici le compte rendu de la réunion de mardi.\n".encode(),
        "Aucune annonce n'a été reconnue",
    ),
    "truncated pdf": (documents.pdf(A_POSTING)[:300], "Ce PDF est illisible ou endommagé."),
}


def counts():
    return (
        Offer.objects.count(),
        ImportedPosting.objects.count(),
        Contact.objects.count(),
        Organisation.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_the_admin_says_why_and_creates_nothing(client, name):
    data, message = BAD_FILES[name]
    client.force_login(publisher(OrganisationFactory()))
    before = counts()
    upload = SimpleUploadedFile("annonce.docx", data, content_type="application/octet-stream")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_the_command_says_why_and_creates_nothing(tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / "annonce.docx"
    path.write_bytes(data)
    before = counts()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        call_command("import_postings", str(path))
    assert counts() == before


@pytest.mark.django_db
def test_a_pasted_text_with_no_posting_is_refused(client):
    client.force_login(publisher(OrganisationFactory()))
    response = client.post(URL, {"text": "Merci pour votre message, à bientôt."})
    assert "Aucune annonce n'a été reconnue" in html.unescape(response.content.decode())
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_nothing_at_all_is_refused(client):
    client.force_login(publisher(OrganisationFactory()))
    response = client.post(URL, {"text": "  "})
    page = html.unescape(response.content.decode())
    assert "Collez le texte de l'annonce ou choisissez un fichier." in page


def test_the_type_comes_from_the_content_not_the_name():
    assert kind_of(documents.docx(A_POSTING)) == "docx"
    assert kind_of(documents.odt(A_POSTING)) == "odt"
    assert kind_of(documents.pdf(A_POSTING)) == "pdf"
    assert kind_of(A_POSTING.encode()) == "text"
    # A text that happens to start like a PDF is read as a PDF, and refused as a broken one.
    with pytest.raises(UnreadableFile, match="PDF"):
        read_upload(b"%PDF-1.7 " + A_POSTING.encode())


def test_a_latin_1_text_is_read():
    assert "Durée : 6 mois" in read_upload(A_POSTING.encode("cp1252"))


# Archives made to inflate: each is refused with its reason, and reading it never holds more than
# a few megabytes (64 MB once inflated, so a reader that inflates it shows).
BOMBS = {
    "docx body of 64 MB": (lambda: bombs.docx(64), "dépasse 4 Mo une fois décompressé"),
    "odt mimetype of 64 MB": (lambda: bombs.odt(64), "dépasse 4 Mo une fois décompressé"),
    # Its directory declares 1000 bytes: the members are cut there, and the body is no document.
    "directory that lies": (lambda: bombs.lying_docx(64), "Ce document Word est illisible"),
    "2 MB inflated 1000 times": (lambda: bombs.docx(2), "plus de 100 fois sa taille"),
    "20 members of 1 MB": (lambda: bombs.many_members(20, 1), "dépasse 16 Mo une fois"),
    "1001 members": (lambda: bombs.many_members(1001), "plus de 1000 fichiers"),
    # No bomb, but XML the readers would hold at 30 to 45 times its size: 4 MB is 180 MB.
    "4 MB of XML, stored": (lambda: bombs.xml_heavy(4), "dépasse 3 Mo une fois décompressé"),
    "bzip2, inflated whole": (bombs.bzip2_docx, "compressé d'une façon que l'import ne lit pas"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_an_archive_that_inflates_is_refused_without_being_inflated(name):
    make, message = BOMBS[name]
    data = make()
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match=re.escape(message)):
            read_upload(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_a_word_document_of_many_paragraphs_looks_each_style_up_once(monkeypatch):
    # python-docx's paragraph.style scans every style for each paragraph: 16,000 short
    # paragraphs took 26 s. The styles are looked up once for the document.
    from docx.styles.styles import Styles

    calls = []
    default = Styles.default
    monkeypatch.setattr(
        Styles, "default", lambda self, kind: calls.append(kind) or default(self, kind)
    )
    text = A_POSTING + "\n".join(f"Ligne {n}" for n in range(5000))
    assert "Ligne 4999" in read_upload(documents.docx(text))
    assert len(calls) == 1
