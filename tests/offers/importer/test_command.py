"""`manage.py import_postings`: one draft per posting, idempotent, and its --dry-run JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from offers.models import Deadline, ImportedPosting, Offer
from organisations.models import Contact, Organisation
from tests.offers.importer.measure import POSTINGS_DIR
from tests.offers.importer.measure_dev import DEV_DIR

pytestmark = pytest.mark.django_db
FILE_004 = POSTINGS_DIR / "004_2e1128ab0c5aeda3.txt"
FILE_001 = POSTINGS_DIR / "001_09371f40c7ee9b64.txt"


def dry_run(*paths) -> list:
    out = StringIO()
    call_command("import_postings", *map(str, paths), "--dry-run", stdout=out)
    return json.loads(out.getvalue())


def counts():
    return tuple(
        m.objects.count() for m in (Offer, Deadline, Contact, Organisation, ImportedPosting)
    )


def test_dry_run_prints_one_object_per_posting_in_file_order_and_saves_nothing():
    found = dry_run(FILE_001, FILE_004)
    assert counts() == (0, 0, 0, 0, 0)
    assert [p["source"] for p in found] == [{"file": FILE_001.name, "index": 1}] + [
        {"file": FILE_004.name, "index": i} for i in range(1, 25)
    ]
    for posting in found:
        assert set(posting) == {
            "source",
            "organisation",
            "offer",
            "deadlines",
            "contacts",
            "evidence",
        }
        assert set(posting["organisation"]) == {"name"}
        offer_fields = {f.name for f in Offer._meta.get_fields()}
        assert set(posting["offer"]) <= offer_fields
        for deadline in posting["deadlines"]:
            assert set(deadline) == {"kind", "date", "end_date", "wording"}
            assert deadline["kind"] in Deadline.Kind.values
        for contact in posting["contacts"]:
            assert set(contact) == {"name", "role", "email", "phone"}


def test_dry_run_uses_the_models_names_and_values_and_null_for_the_unsaid():
    found = {p["source"]["index"]: p for p in dry_run(FILE_004)}
    civique = found[9]["offer"]
    assert civique["kind"] == "service_civique"
    assert civique["stipend_amount"] == "600" and civique["stipend_unit"] == "month"
    assert found[15]["offer"]["stipend_unit"] == "hour"
    # Posting 10 states no duration, no stipend, no deadline, no contact.
    silent = found[10]
    assert silent["offer"]["duration_min_months"] is None
    assert silent["offer"]["stipend_amount"] is None
    assert silent["offer"]["driving_licence"] is None
    assert silent["deadlines"] == [] and silent["contacts"] == []
    application = [d for d in found[2]["deadlines"] if d["kind"] == "application"]
    assert application == [
        {
            "kind": "application",
            "date": "2023-04-20",
            "end_date": None,
            "wording": application[0]["wording"],
        }
    ]
    assert "20 avril 2023" in application[0]["wording"]
    assert "20 avril 2023" in found[2]["evidence"]["deadlines.0"]


def test_a_year_settled_by_a_weekday_is_deduced_and_said_so():
    found = {p["source"]["index"]: p for p in dry_run(FILE_004)}
    # "le mercredi 30 novembre au plus tard", in a posting of late 2022: only 2022 fits.
    deadline = next(d for d in found[21]["deadlines"] if d["kind"] == "application")
    assert deadline["date"] == "2022-11-30"
    call_command("import_postings", str(FILE_004), stderr=StringIO())
    record = ImportedPosting.objects.get(offer__source_index=21)
    assert any("déduite du jour de la semaine" in f["message"] for f in record.flags)


def test_a_file_imported_twice_creates_nothing_new():
    call_command("import_postings", str(FILE_004), str(FILE_001), stderr=StringIO())
    first = counts()
    assert first[0] == 25 and first[4] == 25
    assert set(Offer.objects.values_list("status", flat=True)) == {"draft"}
    err = StringIO()
    call_command("import_postings", str(FILE_004), str(FILE_001), stderr=err)
    assert counts() == first
    assert "0 brouillon(s) créé(s), 25 annonce(s) déjà importée(s)." in err.getvalue()


def test_an_organisation_posting_twice_is_one_organisation():
    call_command("import_postings", str(FILE_004), stderr=StringIO())
    arles = Organisation.objects.filter(name__icontains="Pays d’Arles")
    assert arles.count() == 1 and arles.get().offers.count() == 2


def test_an_unreadable_file_is_named_the_others_imported_and_the_command_fails_at_the_end(
    tmp_path,
):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot a PDF at all")
    empty = tmp_path / "menu.txt"
    empty.write_text("Accueil\nContact\nMentions légales\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_postings", str(broken), str(FILE_001), str(empty), str(missing), stderr=err
        )
    assert Offer.objects.filter(source_file=FILE_001.name).count() == 1
    assert str(raised.value).startswith("3 fichier(s) non importé(s) :\n")
    for path in (broken, empty, missing):
        assert str(path) in str(raised.value) and str(path) in err.getvalue()
    assert "Aucune annonce n'a été reconnue" in err.getvalue()


def test_every_posting_of_both_sets_becomes_a_draft():
    dev = sorted(DEV_DIR.glob("postings/*.txt"))
    seeds = sorted(POSTINGS_DIR.glob("0*.txt"))
    call_command("import_postings", *map(str, dev + seeds), stderr=StringIO())
    # 40 pages of one posting each, and the 28 source postings.
    assert Offer.objects.count() == 68
    assert set(Offer.objects.values_list("kind", flat=True)) == {
        "",
        "stage",
        "service_civique",
        "alternance",
        "volontariat",
    }
