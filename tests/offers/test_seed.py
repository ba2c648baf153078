"""The seed fixtures: every source posting on the board, loadable twice, every page rendering."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.html import escape

from offers.models import Deadline, Offer
from organisations.models import Contact, Organisation
from tests.conftest import POSTINGS_DIR, SEED_FIXTURES

pytestmark = pytest.mark.django_db

# 28 postings: one in each of files 000 to 003, twenty-four in file 004.
EXPECTED_SOURCES = {
    *[
        (name, 1)
        for name in (
            "000_b321367c748197b3.txt",
            "001_09371f40c7ee9b64.txt",
            "002_6895f5579852f696.txt",
            "003_07df89d6b5fd88cc.txt",
        )
    ],
    *[("004_2e1128ab0c5aeda3.txt", index) for index in range(1, 25)],
}


def counts():
    return (
        Organisation.objects.count(),
        Contact.objects.count(),
        Offer.objects.count(),
        Deadline.objects.count(),
    )


def test_every_posting_is_on_the_board_once(seed):
    sources = set(Offer.objects.values_list("source_file", "source_index"))
    assert sources == EXPECTED_SOURCES
    assert Offer.objects.visible().count() == 28


def test_loading_twice_creates_no_duplicate(seed):
    before = counts()
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)
    assert counts() == before


def test_every_seed_object_passes_model_validation(seed):
    for model in (Organisation, Contact, Offer, Deadline):
        for obj in model.objects.all():
            obj.full_clean()


def test_an_organisation_that_posts_twice_is_one_organisation(seed):
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert Offer.objects.filter(organisation__slug="mairie-paris-11e").count() == 3
    assert Offer.objects.filter(organisation__slug="petr-pays-d-arles").count() == 2


def test_source_headings_are_the_postings_own_lines(seed):
    for offer in Offer.objects.all():
        text = (POSTINGS_DIR / offer.source_file).read_text(encoding="utf-8")
        lines = {line.strip() for line in text.splitlines()}
        assert offer.source_heading.strip() in lines, offer.slug


def test_every_contact_email_is_written_in_its_posting(seed):
    for offer in Offer.objects.prefetch_related("contacts"):
        text = (POSTINGS_DIR / offer.source_file).read_text(encoding="utf-8").lower()
        text = re.sub(r"\s+@", "@", text)  # one posting writes "s.hernandez @ville-arles.fr"
        for contact in offer.contacts.all():
            if contact.email:
                assert contact.email.lower() in text, (offer.slug, contact.email)


def test_every_seed_offer_page_renders(client, seed):
    for offer in Offer.objects.select_related("organisation"):
        response = client.get(offer.get_absolute_url())
        assert response.status_code == 200, offer.slug
        assert escape(offer.organisation.name) in response.content.decode()
    for organisation in Organisation.objects.all():
        assert client.get(organisation.get_absolute_url()).status_code == 200


def test_the_list_shows_all_28_seed_offers(client, seed, settings):
    settings.PAGE_SIZE = 50
    response = client.get("/")
    assert response.context["paginator"].count == 28
    assert response.content.decode().count("Candidatures closes") == 28


def test_no_object_is_defined_in_two_fixture_files():
    import yaml

    seen = {}
    key_fields = {
        "organisations.organisation": ("slug",),
        "organisations.contact": ("organisation", "name", "email"),
        "offers.offer": ("slug",),
        "offers.deadline": ("offer", "kind", "wording"),
    }
    for path in SEED_FIXTURES:
        for entry in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
            fields = entry["fields"]
            key = (entry["model"], *(str(fields[name]) for name in key_fields[entry["model"]]))
            assert key not in seen, f"{key} is in both {seen.get(key)} and {path}"
            seen[key] = path
