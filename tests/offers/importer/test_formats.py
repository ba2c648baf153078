"""PDF, DOCX and ODT versions of each source posting give the same draft as its text."""

import logging

import pytest

from offers.importer.files import read_upload
from offers.importer.posting import extract
from tests.offers.importer import documents
from tests.offers.importer.measure import postings

POSTINGS = postings()


@pytest.fixture(autouse=True)
def quiet_font_subsetting():
    # fpdf2's font subsetter (fontTools) logs every glyph at INFO.
    logging.getLogger("fontTools").setLevel(logging.WARNING)


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt"])
@pytest.mark.parametrize("key", sorted(POSTINGS), ids=lambda key: f"{key[0][:3]}-{key[1]}")
def test_a_document_reads_as_its_text(kind, key):
    text = documents.printable(POSTINGS[key])
    from_text = extract(text).as_json("annonce", 1)
    from_document = extract(read_upload(getattr(documents, kind)(text))).as_json("annonce", 1)
    # Everything: the values, the deadlines, the contacts, the description and the excerpts.
    assert from_document == from_text
