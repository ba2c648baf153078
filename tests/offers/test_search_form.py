"""A search by its keywords alone draws its filters' form once per board version, language and
day (offers.board.Results.form_html): the same for every visitor, with the search's counts."""

import pytest
from django.core.cache import cache

from offers.filters import SearchForm
from offers.models import OfferKind
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0  # each page built, not served whole
    cache.clear()
    forms = []
    render = SearchForm.render

    def counted_render(self, *args, **kwargs):
        forms.append(self.data.urlencode())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(SearchForm, "render", counted_render)
    return forms


@pytest.fixture
def offers():
    OfferFactory(title="Budget participatif", kind=OfferKind.STAGE)
    OfferFactory(title="Médiation scientifique", kind=OfferKind.SERVICE_CIVIQUE)


def form_of(client, **params) -> str:
    response = client.get("/", params)
    assert response.status_code == 200
    return response.context["form_html"]


def test_a_search_by_its_keywords_draws_its_form_once(client, drawn, offers):
    first = form_of(client, q="budget")
    # Paging and order leave the filters as they are.
    assert form_of(client, q="budget", page="1", sort="recentes") == first
    assert drawn == ["q=budget"]
    assert "Stage (1)" in first and "Service civique (0)" in first


def test_each_search_has_its_own_form(client, drawn, offers):
    budget = form_of(client, q="budget")
    mediation = form_of(client, q="médiation")
    assert "Stage (1)" in budget and "Stage (0)" in mediation
    assert "Service civique (1)" in mediation
    assert form_of(client, q="budget") == budget
    assert len(drawn) == 2


def test_a_search_with_another_filter_draws_its_form_each_time(client, drawn, offers):
    first = form_of(client, q="budget", kind="stage")
    assert form_of(client, q="budget", kind="stage") == first
    assert len(drawn) == 2


def test_a_new_offer_gives_the_search_a_new_form(client, drawn, offers):
    assert "Stage (1)" in form_of(client, q="budget")
    OfferFactory(title="Budget participatif des jeunes", kind=OfferKind.STAGE)
    assert "Stage (2)" in form_of(client, q="budget")
