"""A search's matches and ranks are shared between workers through the shared cache
(offers.search.matches): a worker meeting a search that another one answered reads neither
again, and a change to the board leaves what was shared behind."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offers import caches, search
from offers.search import Matches
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings):
    settings.PAGE_CACHE_SECONDS = 0  # each page built, not served whole
    for number in range(5):
        OfferFactory(title=f"Concertation {'citoyenne ' * number}{number}")
    OfferFactory(title="Médiation scientifique")
    # An equivalent wording (offers.vocabulary): ranked after the words typed.
    OfferFactory(title="Démocratie participative et médiation")


@pytest.fixture
def fresh_worker(monkeypatch):
    """What another worker has: its own board index and searches, none yet."""

    def start():
        monkeypatch.setattr(caches, "board_index", caches.Kept())
        search.forget_searches()

    return start


def slugs(response) -> list[str]:
    assert response.status_code == 200
    return [offer.slug for offer in response.context["offers"]]


def searching(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "participe_matching_ids" in query["sql"] or "ts_rank" in query["sql"]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "concertation citoyenne",
        "concertation",  # with its equivalents, ranked after the words typed
        "concertation -citoyenne",
        '"concertation citoyenne" or médiation',
    ],
)
def test_a_fresh_worker_reads_no_match_and_no_rank(client, built, fresh_worker, text):
    first = slugs(client.get("/", {"q": text}))
    fresh_worker()
    with CaptureQueriesContext(connection) as queries:
        again = slugs(client.get("/", {"q": text}))
    assert again == first and first
    assert searching(queries) == []
    # The board's version, its index (this worker's own), the page's offers.
    assert len(queries) == 3


def test_a_change_to_the_board_leaves_what_was_shared_behind(client, built, fresh_worker):
    before = slugs(client.get("/", {"q": "concertation"}))
    newest = OfferFactory(title="Concertation sur le tramway")
    fresh_worker()
    with CaptureQueriesContext(connection) as queries:
        after = slugs(client.get("/", {"q": "concertation"}))
    assert newest.slug in after and set(before) < set(after)
    assert len(searching(queries)) == 2  # matched and ranked again


def test_ranks_beyond_the_bound_are_ranked_again(client, built, fresh_worker, monkeypatch):
    monkeypatch.setattr(search, "MAX_SHARED_RANKS", 2)
    first = slugs(client.get("/", {"q": "concertation"}))
    fresh_worker()
    with CaptureQueriesContext(connection) as queries:
        assert slugs(client.get("/", {"q": "concertation"})) == first
    assert ["ts_rank" in sql for sql in searching(queries)] == [True]


def test_a_search_works_without_the_shared_cache(client, built, fresh_worker, settings):
    first = slugs(client.get("/", {"q": "concertation"}))
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    fresh_worker()
    assert slugs(client.get("/", {"q": "concertation"})) == first


@pytest.mark.parametrize(
    "ids, exact",
    [([], None), ([0], [0]), ([3, 8, 9, 70_000], [8]), (list(range(0, 1000, 7)), [])],
)
def test_matches_read_back_as_shared(ids, exact):
    found = Matches(np.array(ids, np.int64), None if exact is None else np.array(exact, np.int64))
    again = Matches.from_shared(found.shared())
    assert again.ids.tolist() == sorted(ids)
    assert (None if again.exact is None else again.exact.tolist()) == exact
