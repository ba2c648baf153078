"""Generated bad input on every public URL: never a 500, always a bounded answer."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offers.filters import OfferFilter
from offers.models import Offer
from tests.factories import DeadlineFactory, OfferFactory

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PUBLIC_PATHS = ["/", "/offres/{offer}/", "/organisations/{organisation}/", "/healthz"]
FILTER_NAMES = [*OfferFilter.base_filters, "page", "utm_source"]

# Text as hostile as a query string can carry: control characters, NUL, emoji, lone surrogates
# excluded (they cannot be percent-encoded as UTF-8 at all).
hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300
) | st.sampled_from(
    ["", "0", "-1", "99999999999999999999", "1e308", "NaN", "true", "on", "\x00", "' OR 1=1 --"]
)
raw_bytes = st.binary(max_size=200).map(lambda data: quote(data, safe=""))


@st.composite
def query_strings(draw) -> str:
    if draw(st.booleans()):
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(FILTER_NAMES) | hostile_text, hostile_text), max_size=8
            )
        )
        return urlencode(pairs)
    # Arbitrary bytes, not even valid UTF-8, and odd separators.
    return draw(raw_bytes) + draw(st.sampled_from(["", "&", "&&==", ";", "%", "%zz"]))


@pytest.fixture
def fuzz_client(db):
    offer = OfferFactory()
    DeadlineFactory(offer=offer)
    OfferFactory(organisation=offer.organisation)
    client = Client(raise_request_exception=True)
    return client, {"offer": offer.slug, "organisation": offer.organisation.slug}


def assert_answered(response):
    assert response.status_code < 500, response.status_code
    assert response.status_code in {200, 301, 302, 400, 404}, response.status_code


@settings(FUZZ, max_examples=600)
@given(path=st.sampled_from(PUBLIC_PATHS), query=query_strings())
def test_generated_query_strings_never_break_a_public_page(fuzz_client, path, query):
    client, slugs = fuzz_client
    response = client.get(f"{path.format(**slugs)}?{query}")
    assert_answered(response)


path_segments = st.lists(hostile_text | raw_bytes, min_size=1, max_size=4)


@settings(FUZZ, max_examples=400)
@given(
    prefix=st.sampled_from(["/", "/offres/", "/organisations/", "/static/", "/admin/"]),
    segments=path_segments,
)
def test_generated_paths_never_break_the_site(fuzz_client, prefix, segments):
    client, _ = fuzz_client
    path = prefix + "/".join(quote(segment, safe="%") for segment in segments)
    response = client.get(path)
    assert_answered(response)


@pytest.mark.django_db
def test_an_oversized_search_is_refused_with_a_message(client):
    response = client.get("/", {"q": "concertation " * 2000})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Certains filtres n'ont pas pu être appliqués" in text
    assert "au plus 200 caractères" in text


@pytest.mark.django_db
def test_binary_and_nul_in_the_search_are_refused_with_a_message(client):
    response = client.get("/?q=%00%FF%FEabc&departement=%C0%AF")
    assert response.status_code == 200
    assert "Certains filtres n'ont pas pu être appliqués" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_body_is_the_400_page():
    client = Client(raise_request_exception=False)
    response = client.post(
        "/admin/login/",
        data=b"username=" + b"a" * 2_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


@pytest.mark.django_db
def test_too_many_form_fields_is_the_400_page():
    client = Client(raise_request_exception=False)
    response = client.post("/admin/login/", {f"f{i}": "x" for i in range(1500)})
    assert response.status_code == 400


GENERATED_SLUG = "chargee-de-concertation"


def offer_form(organisation_pk, **overrides):
    data = {
        "organisation": organisation_pk,
        "title": "Chargé·e de concertation",
        "kind": "stage",
        "status": "draft",
        "description": "",
        "country": "FR",
        "remote": "not_mentioned",
        "driving_licence": "not_mentioned",
        "deadlines-TOTAL_FORMS": "1",
        "deadlines-INITIAL_FORMS": "0",
        "deadlines-MIN_NUM_FORMS": "0",
        "deadlines-MAX_NUM_FORMS": "1000",
        # The application deadline is a field of the form; the rows are the other milestones.
        "application_deadline": "2026-12-15",
        "application_deadline_wording": "avant le 15 décembre",
        "deadlines-0-kind": "interviews",
        "deadlines-0-date": "2026-12-15",
        "deadlines-0-wording": "entretiens mi-décembre",
        # The contacts inline (offers.admin_forms.ContactInline), empty.
        "Offer_contacts-TOTAL_FORMS": "0",
        "Offer_contacts-INITIAL_FORMS": "0",
        "Offer_contacts-MIN_NUM_FORMS": "0",
        "Offer_contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {"duration_min_months": "8", "duration_max_months": "2"},
        {"stipend_amount": "450", "stipend_unit": "hour"},
        {"country": "XX"},
        {"Offer_contacts-TOTAL_FORMS": "1", "Offer_contacts-0-name": "Sans courriel"},
        {"kind": "cdi"},
        {"title": "x" * 301},
        {"application_url": "javascript:alert(1)"},
        {"title": "\x00"},
        {"deadlines-0-date": "2026-13-45"},
        {"application_deadline": "2026-13-45"},
        {"deadlines-0-kind": "application"},
        {"deadlines-0-date": "2026-12-15", "deadlines-0-end_date": "2026-12-01"},
        {"deadlines-TOTAL_FORMS": "abc"},
    ],
)
def test_an_invalid_admin_form_saves_nothing(admin_client, overrides):
    organisation = OfferFactory().organisation
    before = Offer.objects.count()
    response = admin_client.post(
        "/admin/offers/offer/add/", offer_form(organisation.pk, **overrides)
    )
    assert response.status_code in {200, 400}
    assert Offer.objects.count() == before
    assert not Offer.objects.filter(slug=GENERATED_SLUG).exists()
    if response.status_code == 200:
        assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()


def test_the_valid_admin_form_does_save(admin_client):
    # The control for the test above: the same form, valid, creates the offer.
    organisation = OfferFactory().organisation
    response = admin_client.post("/admin/offers/offer/add/", offer_form(organisation.pk))
    assert response.status_code == 302
    # The address comes from the title (offers.slugs.free_slug).
    offer = Offer.objects.get(slug=GENERATED_SLUG)
    assert offer.deadlines.count() == 2
    assert offer.application_deadline_milestone.wording == "avant le 15 décembre"
