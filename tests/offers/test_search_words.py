"""Search that finds what students type, and searches that cannot pin the database,
on a real PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.models import SearchEquivalence
from offers.search import MAX_TERMS, parse
from tests.factories import DraftOfferFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")


def found(client, query: str, **params) -> list[str]:
    response = client.get(LIST_URL, {"q": query, "status": "toutes", **params})
    assert response.status_code == 200
    return [offer.slug for offer in response.context["offers"]]


def offer(slug: str, title: str, description: str = "Missions variées.", **fields):
    organisation = OrganisationFactory(name=f"Structure {slug}", slug=f"org-{slug}")
    return OfferFactory(
        slug=slug, title=title, description=description, organisation=organisation, **fields
    )


# Words as students mean them.


def test_budget_participatif_finds_the_50_50_budget_offer(client):
    offer("fifty", "Chargé·e de mission", "Animer un dispositif de type 50-50/budget participatif.")
    offer("other", "Chargé·e de mission", "Animer un dispositif de type 50-50 sans budget.")
    assert found(client, "budget participatif") == ["fifty"]
    assert found(client, "budget/participatif") == ["fifty"]


def test_hyphens_between_words_split_them_in_documents_and_queries(client):
    offer("unis", "Volontaire", "Avec Unis-Cité en service civique.")
    offer("cite", "Stage", "La cité des sciences.")
    assert found(client, "unis") == ["unis"]
    assert found(client, "Unis-Cité") == ["unis"]


# Typos and prefixes.


def test_a_typo_offers_the_boards_own_spelling_with_a_link(client):
    offer("concertation", "Chargé·e de concertation")
    response = client.get(LIST_URL, {"q": "concertaiton", "kind": "stage"})
    assert response.context["offers"] == [] or len(response.context["offers"]) == 0
    suggestion = response.context["search_suggestion"]
    assert suggestion.text == "concertation"
    html = response.content.decode()
    assert "Vouliez-vous dire" in html
    assert 'href="?q=concertation&amp;kind=stage"' in html
    assert found(client, suggestion.text) == ["concertation"]


def test_typos_in_several_words_are_all_corrected(client):
    offer("mediation", "Médiation scientifique", "Ateliers de démocratie locale.")
    response = client.get(LIST_URL, {"q": "mediation scientifque democracie"})
    assert response.context["search_suggestion"].text == "mediation scientifique démocratie"


def test_no_suggestion_when_the_search_finds_enough(client):
    for number in range(3):
        offer(f"c{number}", f"Concertation {number}")
    response = client.get(LIST_URL, {"q": "concertation"})
    assert response.context["search_suggestion"] is None


def test_suggestions_never_come_from_unpublished_offers(client):
    DraftOfferFactory(title="Xylophoniste en résidence", slug="draft")
    response = client.get(LIST_URL, {"q": "xylophonist"})
    assert response.context["search_suggestion"] is None


def test_the_last_word_is_also_a_prefix(client):
    offer("concertation", "Chargé·e de concertation")
    offer("democratie", "Stage", "Démocratie locale et participative.")
    offer("musique", "Stage", "Organiser des concerts.")
    assert set(found(client, "concert")) == {"concertation", "musique"}
    assert found(client, "démoc") == ["democratie"]
    # Only the last word: the others are whole words.
    assert found(client, "democ locale") == []


# The field's vocabulary.


def test_an_equivalence_finds_the_other_wording_ranked_after_exact_matches(client):
    offer("exact", "Chargé·e de mission", "Favoriser la participation citoyenne.")
    offer("concertation", "Chargé·e de concertation")
    offer("democratie", "Stage démocratie participative")
    offer("other", "Stage communication")
    results = found(client, "participation citoyenne")
    assert set(results) == {"exact", "concertation", "democratie"}
    # The exact match first, although the others use their wording in the title.
    assert results[0] == "exact"


def test_a_moderator_extends_the_vocabulary_without_a_deployment(client):
    offer("vulgarisation", "Vulgarisation scientifique")
    offer("tiers", "Animation en tiers-lieu", "Un tiers-lieu culturel.")
    assert found(client, "vulgarisation") == ["vulgarisation"]
    assert found(client, "tiers-lieu") == ["tiers"]
    SearchEquivalence.objects.create(wordings="tiers-lieu\nfab lab\nvulgarisation")
    results = found(client, "tiers-lieu")
    assert set(results) == {"tiers", "vulgarisation"}
    assert results[0] == "tiers"


def test_the_data_file_seeded_the_equivalences():
    wordings = {str(group) for group in SearchEquivalence.objects.all()}
    assert "concertation ~ participation citoyenne ~ démocratie participative" in wordings
    assert "service civique ~ volontariat" in wordings


# Hard to break.

ODD_QUERIES = ["-" * 33 + "stage", "-" * 33 + " stage", "(" * 40 + "stage", "!" * 50 + "a"]


@pytest.mark.parametrize("query", ODD_QUERIES)
@pytest.mark.parametrize(
    "name",
    [
        "offers:list",
        "offers:feed-rss",
        "offers:feed-atom",
        "offers:search-ics",
        "offers:export-csv",
        "offers:export-json",
    ],
)
def test_dashes_and_brackets_never_fail(client, name, query):
    offer("stage", "Stage concertation")
    response = client.get(reverse(name), {"q": query})
    assert response.status_code == 200


def tsquery_terms(queries: list[dict]) -> list[int]:
    """How many distinct words the tsqueries of each statement sent to PostgreSQL hold
    (matching builds its tsquery from one to_tsquery() per term: search.matching_tsquery)."""
    counts = []
    for query in queries:
        literals = re.findall(
            r"to_tsquery\('participe_french'[^,]*, '((?:[^']|'')*)'\)", query["sql"]
        )
        if literals:
            counts.append(
                len({word for tsquery in literals for word in re.findall(r"''\w+''", tsquery)})
            )
    return counts


@pytest.mark.parametrize(
    "name",
    ["offers:list", "offers:feed-rss", "offers:search-ics", "offers:export-csv"],
)
def test_every_database_gets_at_most_max_terms_words(client, name):
    offer("stage", "Stage concertation")
    # 49 words: as many as the form's 200 characters allow.
    long_query = " ".join(f"m{number}" for number in range(49))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name), {"q": long_query}).status_code == 200
    terms = tsquery_terms(queries.captured_queries)
    assert terms and max(terms) == MAX_TERMS


def test_99_times_a_is_no_search_at_all(client):
    offer("stage", "Stage concertation")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": " ".join(["a"] * 99)})
    assert response.status_code == 200
    assert len(response.context["offers"]) == 1
    assert not any("tsquery" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    "name", ["offers:feed-rss", "offers:search-ics", "offers:export-csv", "offers:export-json"]
)
def test_feeds_calendars_and_exports_compute_no_highlights(client, name):
    offer("stage", "Stage concertation")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name), {"q": "concertation"}).status_code == 200
    assert not any("ts_headline" in query["sql"] for query in queries.captured_queries)


def test_highlights_are_computed_for_the_page_shown_only(client, settings):
    settings.PAGE_SIZE = 20
    organisation = OrganisationFactory()
    for number in range(70):
        OfferFactory(
            organisation=organisation,
            title=f"Concertation {number}",
            description="Concertation " * 400,
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"q": "concertation"})
    assert response.status_code == 200
    highlighted = [
        query["sql"] for query in queries.captured_queries if "ts_headline" in query["sql"]
    ]
    assert len(highlighted) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + highlighted[0])
        plan = cursor.fetchone()[0][0]["Plan"]
    # Twenty offers, cut from their stored excerpts (not the 5,000-character descriptions).
    assert plan["Actual Rows"] == 20
    assert "search__excerpt" not in highlighted[0]
    assert '"offers_searchdocument"."excerpt"' in highlighted[0]
    assert "<mark>Concertation</mark>" in response.content.decode()


def test_the_query_syntax_as_a_tsquery():
    query = parse('"chef de projet" -stage l\'eau 50-50/budget or concert', equivalences=())
    assert query.text() == '"chef de projet" -stage eau 50 50 budget or concert'
    assert query.tsquery() == (
        "(('chef' <-> 'de' <-> 'projet') & !('stage') & ('eau') & ('50') & ('50') & ('budget'))"
        " | (('concert':*))"
    )


def test_a_moderator_adds_an_equivalence_in_the_admin(client):
    from django.contrib.auth.models import User

    from organisations.roles import make_moderator

    moderator = User.objects.create_user("moderatrice", is_staff=True)
    make_moderator(moderator)
    client.force_login(moderator)
    add = reverse("admin:offers_searchequivalence_add")
    refused = client.post(add, {"wordings": "tiers-lieu"})
    assert refused.status_code == 200
    assert "Indiquez au moins deux formulations" in refused.content.decode()
    assert client.post(add, {"wordings": "tiers-lieu\nfab lab"}).status_code == 302
    client.logout()
    offer("fablab", "Animation d'un fab lab")
    assert found(client, "tiers-lieu") == ["fablab"]


# Issue 27, item 10: one oversized equivalence cannot make a search run into the timeout.

HUGE_GROUP = "\n".join(["stage", *(f"stage mission{n}" for n in range(400))])


def lexemes(tsquery: str) -> int:
    return len(re.findall(r"'\w+'", tsquery))


def test_an_equivalence_of_401_wordings_is_refused_with_a_clear_message():
    from django.core.exceptions import ValidationError

    from offers.vocabulary import MAX_WORDINGS

    with pytest.raises(ValidationError) as refused:
        SearchEquivalence(wordings=HUGE_GROUP).full_clean()
    assert f"Au plus {MAX_WORDINGS} formulations par équivalence (il y en a 401)" in str(
        refused.value
    )
    with pytest.raises(ValidationError, match="Au plus 6 mots par formulation"):
        SearchEquivalence(wordings="stage\n" + " ".join(["mot"] * 7)).full_clean()
    SearchEquivalence(wordings="\n".join(f"stage mission{n}" for n in range(12))).full_clean()


def test_a_stored_oversized_equivalence_expands_a_search_within_bounds(client):
    from offers.vocabulary import MAX_WORDINGS

    # Stored without the admin's check (a script, an older version): read up to the bounds.
    SearchEquivalence.objects.create(wordings=HUGE_GROUP)
    query = parse("stage")
    (term,) = query.clauses[0]
    assert len(term.alternatives) == MAX_WORDINGS - 1
    assert lexemes(query.tsquery()) == 1 + 2 * (MAX_WORDINGS - 1)
    offer("mission", "Stage mission7 en concertation")
    with CaptureQueriesContext(connection) as queries:
        assert found(client, "stage") == ["mission"]
    # The queries that carry the expanded words (the board index's read carries none: its
    # length grows with the facets, not with the search).
    searched = [q["sql"] for q in queries.captured_queries if "tsquery" in q["sql"]]
    assert searched
    assert max(len(sql) for sql in searched) < 6000


def test_one_search_adds_a_bounded_number_of_equivalent_words():
    from offers.search import MAX_ALTERNATIVE_WORDS

    # Ten words, each with its own full group of six-word wordings.
    groups = [
        [f"mot{n}", *(" ".join([f"mot{n}"] + [f"autre{m}"] * 5) for m in range(11))]
        for n in range(MAX_TERMS)
    ]
    query = parse(" ".join(f"mot{n}" for n in range(MAX_TERMS)), equivalences=groups)
    added = sum(len(w) for c in query.clauses for t in c for w in t.alternatives)
    assert 0 < added <= MAX_ALTERNATIVE_WORDS
    assert lexemes(query.tsquery()) <= MAX_TERMS + MAX_ALTERNATIVE_WORDS
