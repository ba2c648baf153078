"""Open data: the results of any search as CSV and JSON."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from offers.models import Offer
from tests.factories import DraftOfferFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(db):
    return [
        OfferFactory(title="Stage concertation", stipend_amount="4.35", stipend_unit="hour"),
        OfferFactory(title='=HYPERLINK("http://evil")', department_code="13"),
        OfferFactory(title="Mission climat", kind=Offer.Kind.SERVICE_CIVIQUE),
        DraftOfferFactory(title="Brouillon"),
    ]


def test_json_export_follows_the_search(client, offers):
    response = client.get(reverse("offers:export-json"), {"kind": "stage"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 2
    slugs = {row["slug"] for row in data["offers"]}
    assert slugs == {offers[0].slug, offers[1].slug}
    first = next(row for row in data["offers"] if row["slug"] == offers[0].slug)
    assert first["gratification_mensuelle"] == "659.75"
    assert first["region"] == "Auvergne-Rhône-Alpes"


def test_csv_export_has_every_published_offer_and_no_formulas(client, offers):
    response = client.get(reverse("offers:export-csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row["slug"] for row in rows} == {offer.slug for offer in offers[:3]}
    titles = {row["titre"] for row in rows}
    assert '\'=HYPERLINK("http://evil")' in titles
    assert "Brouillon" not in titles


def test_csv_export_opens_in_a_french_spreadsheet_with_accents_and_columns(client, offers):
    OfferFactory(title="Médiatrice « eau » ; été", organisation__name="Cité des sciences")
    content = client.get(reverse("offers:export-csv")).content
    # The byte order mark tells Excel the file is UTF-8; without it "é" reads "Ã©".
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    header = text.splitlines()[0]
    # Semicolons: the separator a French spreadsheet splits on, as the README says.
    assert header.split(";")[:3] == ["slug", "url", "titre"]
    assert "`;`" in (settings.BASE_DIR / "README.md").read_text()
    assert csv.Sniffer().sniff(text[:2000], delimiters=",;").delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert all(len(row) == len(header.split(";")) for row in rows)
    accented = next(row for row in rows if row["organisation"] == "Cité des sciences")
    assert accented["titre"] == "Médiatrice « eau » ; été"
    stipend = next(row for row in rows if row["slug"] == offers[0].slug)
    assert (stipend["gratification_montant"], stipend["gratification_mensuelle"]) == (
        "4,35",
        "659,75",
    )


@pytest.mark.parametrize("params", [{"q": "x" * 10_000}, {"q": "\x00"}, {"departement": "00"}])
def test_bad_input_still_exports(client, offers, params):
    for name in ("offers:export-csv", "offers:export-json"):
        assert client.get(reverse(name), params).status_code == 200


# The CSV is read by people: its values in words, in the page's language; the JSON keeps codes.


def csv_rows(client, **params):
    content = client.get(reverse("offers:export-csv"), params).content.decode("utf-8-sig")
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(content), delimiter=";")}


def test_the_csv_says_its_values_in_words_and_the_json_keeps_the_codes(client, offers):
    offer = offers[0]
    Offer.objects.filter(pk=offer.pk).update(education_level="bac5", remote="not_mentioned")
    row = csv_rows(client)[offer.slug]
    assert row["type"] == "Stage"
    assert row["teletravail"] == "non précisé"
    assert row["gratification_unite"] == "par heure"
    assert row["niveau_etudes"] == "Bac+5 (master 2)"
    assert row["pays"] == "France"
    assert row["candidatures_ouvertes"] == "oui"
    civic = csv_rows(client)[offers[2].slug]
    assert civic["type"] == "Service civique"
    assert civic["gratification_par_rapport_au_minimum"] == "indemnité de service civique"

    data = json.loads(client.get(reverse("offers:export-json")).content)
    first = next(row for row in data["offers"] if row["slug"] == offer.slug)
    assert (first["type"], first["teletravail"], first["niveau_etudes"]) == (
        "stage",
        "not_mentioned",
        "bac5",
    )
    assert first["gratification_unite"] == "hour"


def test_the_csv_speaks_the_language_of_the_page(client, offers):
    client.cookies["django_language"] = "en"
    row = csv_rows(client)[offers[0].slug]
    assert row["type"] == "Internship"
    assert row["gratification_unite"] == "per hour"
    assert row["candidatures_ouvertes"] == "yes"


def test_publiee_le_is_the_boards_publication_else_the_date_the_posting_states(client, seed):
    data = json.loads(client.get(reverse("offers:export-json")).content)
    by_slug = {row["slug"]: row["publiee_le"] for row in data["offers"]}
    # The seed offers were loaded, not published through the board: the posting's own date
    # ("Offre publiée le 01/12/2025"), and none where the posting states none (never the day
    # the fixtures were loaded).
    assert by_slug["mediation-reusages-eau-living-labs-woc"] == "2025-12-01"
    stated = {slug for slug, value in by_slug.items() if value}
    assert len(stated) == 2
    published = OfferFactory(title="Publiée sur Participe")
    data = json.loads(client.get(reverse("offers:export-json")).content)
    row = next(row for row in data["offers"] if row["slug"] == published.slug)
    assert row["publiee_le"].startswith(published.published_at.date().isoformat()[:7])
    assert "T" in row["publiee_le"]
