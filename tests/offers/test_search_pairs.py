"""Two-word phrases are matched from the documents' pairs of adjacent words (migration 0009),
exactly as PostgreSQL's phrase operator matches them from the words' positions."""

import pytest
from django.db import connection

from offers.models import SearchDocument
from offers.search import SEARCH_CONFIG, matching_tsquery, parse
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DESCRIPTIONS = {
    "adjacent": "Favoriser la participation citoyenne dans les quartiers.",
    "apart": "La participation des habitants, une démarche citoyenne.",
    "reversed": "Une démarche citoyenne de participation.",
    "stop-word-between": "La participation à la vie citoyenne.",
    "democratie": "Démocratie participative et budget participatif local.",
    "twice": "Participation participative, vraiment.",
    "other": "Communication et graphisme.",
}
QUERIES = [
    "concertation",
    "participation citoyenne",
    '"participation citoyenne"',
    '"citoyenne participation"',
    '"démocratie participative" -budget',
    '"participation participative"',
    '"budget participatif local"',
    '"de la participation"',
    "democratie participative or concertation -graphisme",
    '-"participation citoyenne" stage',
    "stage structure",
]


@pytest.fixture
def corpus():
    for slug, description in DESCRIPTIONS.items():
        organisation = OrganisationFactory(name=f"Structure {slug}", slug=f"org-{slug}")
        OfferFactory(slug=slug, title="Stage", description=description, organisation=organisation)


def ids(sql: str, params: list) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT participe_matching_ids({sql})", params)
        return set(cursor.fetchone()[0])


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("exact", [False, True])
def test_matching_finds_what_the_phrase_operator_finds(corpus, text, exact):
    query = parse(text)
    by_positions = ids("to_tsquery(%s::regconfig, %s)", [SEARCH_CONFIG, query.tsquery(exact)])
    assert ids(*matching_tsquery(query, exact)) == by_positions


def test_the_adjacent_wordings_only_are_found(corpus, client):
    response = client.get("/", {"q": '"participation citoyenne"', "status": "toutes"})
    # "démocratie participative" is an equivalent wording (offers/data).
    assert [offer.slug for offer in response.context["offers"]] == ["adjacent", "democratie"]


def test_a_two_word_phrase_is_one_pair_without_positions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participe_phrase_query(%s), participe_phrase_query(%s),"
            " participe_phrase_query(%s)",
            [["participation", "citoyenne"], ["de", "paris"], ["budget", "participatif", "local"]],
        )
        assert cursor.fetchone() == (
            "'particip citoyen'",
            "'paris'",
            "'budget' <-> 'particip' <-> 'local'",
        )


def test_documents_carry_their_pairs_after_every_write(corpus):
    offer = SearchDocument.objects.get(offer__slug="adjacent").offer
    assert "'particip citoyen'" in str(SearchDocument.objects.get(pk=offer.pk).document)
    offer.description = "Une démarche citoyenne."
    offer.save()
    document = str(SearchDocument.objects.get(pk=offer.pk).document)
    assert "'particip citoyen'" not in document
    assert "'demarch citoyen'" in document
