"""French full-text search on PostgreSQL: the search-quality table, ranking, snippets, bad input."""

import pytest
from django.urls import reverse

from offers.models import Offer
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")

CORPUS = {
    "democratie": dict(
        title="Stage démocratie participative",
        organisation="Ville de Grenoble",
        city="Grenoble",
        description="Animer des concertations citoyennes autour du budget participatif.",
    ),
    "eau": dict(
        title="Médiation autour des réusages de l’eau",
        organisation="Kimiyo",
        city="Frontignan",
        description="Des living labs sur la ressource, avec les habitants du littoral.",
    ),
    "chef": dict(
        title="Chef de projet concertation",
        organisation="Cabinet Res publica",
        city="Paris",
        description="Accompagner les maîtres d'ouvrage dans les débats publics.",
    ),
    "planetarium": dict(
        title="Médiation scientifique au planétarium",
        organisation="Science Animation",
        city="Toulouse",
        description="Ateliers d'astronomie pour les scolaires pendant la fête de la science.",
    ),
    "climat": dict(
        title="Ambassadeur du climat",
        organisation="Unis-Cité",
        city="Lille",
        description="Sensibiliser les habitants à la transition énergétique.",
        kind=Offer.Kind.SERVICE_CIVIQUE,
    ),
    "energie": dict(
        title="Assistant·e énergie citoyenne",
        organisation="Coopérative Énergie Partagée",
        city="Lyon",
        description="Développer des projets d'énergies renouvelables portés par les habitants.",
    ),
    "numerique": dict(
        title="Stage chef de projet numérique",
        organisation="Open Source Politics",
        city="Paris",
        description="Plateformes de participation en ligne et civic tech.",
    ),
    "evaluation": dict(
        title="Évaluation des politiques publiques",
        organisation="Institut de la concertation",
        city="Nantes",
        description="Enquêtes qualitatives et quantitatives auprès des usagers.",
    ),
}

# query, offers it must return, offers it must not return.
QUALITY_TABLE = [
    ("democratie", {"democratie"}, {"planetarium", "chef"}),
    ("Démocratie", {"democratie"}, {"planetarium"}),
    ("DÉMOCRATIE PARTICIPATIVE", {"democratie"}, {"numerique"}),
    ("concertations", {"democratie", "chef", "evaluation"}, {"planetarium", "eau"}),
    ("concertation", {"democratie", "chef", "evaluation"}, {"numerique"}),
    ("l'eau", {"eau"}, {"democratie", "chef"}),
    ("l’eau", {"eau"}, {"democratie"}),
    ("EAU", {"eau"}, {"energie"}),
    ('"chef de projet" -stage', {"chef"}, {"numerique", "democratie"}),
    ('"chef de projet"', {"chef", "numerique"}, {"evaluation"}),
    ("chef de projet", {"chef", "numerique"}, {"planetarium"}),
    ("médiation scientifique", {"planetarium"}, {"eau"}),
    ("mediation", {"planetarium", "eau"}, {"chef"}),
    ("planetarium", {"planetarium"}, {"eau"}),
    ("énergies", {"energie"}, {"planetarium"}),
    ("energie citoyenne", {"energie"}, {"democratie"}),
    ("grenoble", {"democratie"}, {"chef"}),
    ("Toulouse", {"planetarium"}, {"numerique"}),
    ("kimiyo", {"eau"}, {"energie"}),
    ("Unis-Cité", {"climat"}, {"democratie"}),
    ("civic tech", {"numerique"}, {"chef"}),
    ("évaluation or astronomie", {"evaluation", "planetarium"}, {"chef"}),
    ("budgets participatifs", {"democratie"}, {"evaluation"}),
    ("astronomie -planétarium", set(), {"planetarium"}),
    ("débats publics", {"chef"}, {"democratie"}),
    ("transition energetique", {"climat"}, {"energie"}),
    ("scolaire", {"planetarium"}, {"evaluation"}),
    ("enquete", {"evaluation"}, {"chef"}),
]


@pytest.fixture
def corpus(db):
    offers = {}
    for key, fields in CORPUS.items():
        fields = dict(fields)
        organisation = OrganisationFactory(name=fields.pop("organisation"), slug=f"org-{key}")
        offers[key] = OfferFactory(slug=key, organisation=organisation, **fields)
    return offers


def found(client, query: str, **params) -> list[str]:
    response = client.get(LIST_URL, {"q": query, "status": "toutes", **params})
    assert response.status_code == 200
    return [offer.slug for offer in response.context["offers"]]


@pytest.mark.parametrize(("query", "must", "must_not"), QUALITY_TABLE)
def test_search_quality(client, corpus, query, must, must_not):
    results = set(found(client, query))
    assert must <= results, f"{query!r} misses {must - results}"
    assert not (must_not & results), f"{query!r} wrongly finds {must_not & results}"


def test_the_table_is_big_enough():
    assert len(QUALITY_TABLE) >= 20


def test_title_ranks_before_organisation_before_description(client, corpus):
    results = found(client, "concertation")
    assert results.index("chef") < results.index("evaluation") < results.index("democratie")


def test_an_explicit_sort_overrides_relevance(client, corpus):
    assert found(client, "concertation", sort="recentes")[0] == "evaluation"


def test_results_show_highlighted_snippets(client, corpus):
    content = client.get(LIST_URL, {"q": "democratie"}).content.decode()
    assert "<mark>démocratie</mark>" in content
    assert "<mark>concertations</mark>" not in content
    content = client.get(LIST_URL, {"q": "budget"}).content.decode()
    assert "<mark>budget</mark> participatif" in content


def test_snippets_never_let_publisher_html_through(client):
    OfferFactory(description='<script>alert("x")</script> concertation <b>gras</b>')
    content = client.get(LIST_URL, {"q": "concertation"}).content.decode()
    assert "<script>alert" not in content
    assert "&lt;b&gt;gras" in content or "gras" in content.replace("<b>", "")


def test_a_renamed_organisation_is_found_under_its_new_name(client, corpus):
    organisation = corpus["eau"].organisation
    organisation.name = "Association Hydropolis"
    organisation.save()
    assert found(client, "hydropolis") == ["eau"]
    assert found(client, "kimiyo") == []


def test_an_edited_offer_is_found_by_its_new_words(client, corpus):
    offer = corpus["climat"]
    offer.description = "Biodiversité urbaine"
    offer.save()
    assert found(client, "biodiversite") == ["climat"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""""',
        "-",
        "--stage",
        "!!! & | :* <-> ()",
        "or or or",
        "'; DROP TABLE offers_offer; --",
        "le la les",
        "\\",
        "é" * 199,
        "concertation " * 16,
    ],
)
def test_odd_search_syntax_never_fails(client, corpus, query):
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    assert Offer.objects.count() == len(CORPUS)


@pytest.mark.parametrize("query", ["x" * 10_000, "concertation\x00", "\x00"])
def test_refused_searches_say_so_and_still_list(client, corpus, query):
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    assert "Certains filtres n'ont pas pu être appliqués" in response.content.decode()
    assert response.context["paginator"].count == len(CORPUS)


SEED_TABLE = [
    ("l'eau", ["réusages de l'eau", "(SAGE)"]),
    ("democratie locale", ["Stage démocratie locale", "Stage en Démocratie Locale"]),
    ("energies renouvelables", ["Projets participatifs d’énergies renouvelables"]),
    ("budgets participatifs", ["budget participatif"]),
]


@pytest.mark.parametrize(("query", "title_parts"), SEED_TABLE)
def test_seed_postings_are_found(client, seed, query, title_parts):
    response = client.get(LIST_URL, {"q": query})
    titles = [offer.title for offer in response.context["offers"]]
    for part in title_parts:
        assert any(part in title for title in titles), (query, part, titles)


def test_seed_title_matches_rank_first(client, seed):
    response = client.get(LIST_URL, {"q": "démocratie participative"})
    assert "démocratie participative" in response.context["offers"][0].title.lower()
