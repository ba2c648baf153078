import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import DrivingLicence, EducationLevel, Offer, RemoteWork
from organisations.models import Organisation
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("offers:list")
NOW = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def listed_slugs(response) -> list[str]:
    return [offer.slug for offer in response.context["offers"]]


def offer_with_deadline(days_from_today: int | None, **fields) -> Offer:
    fields.setdefault("published_at", None)
    offer = OfferFactory(**fields)
    if days_from_today is not None:
        DeadlineFactory(
            offer=offer, date=timezone.localdate() + datetime.timedelta(days=days_from_today)
        )
    return offer


class TestOrdering:
    def test_open_offers_first_soonest_deadline_first_then_closed_most_recent(self, client):
        closed_long_ago = offer_with_deadline(-400)
        open_later = offer_with_deadline(20)
        closed_recently = offer_with_deadline(-3)
        open_soon = offer_with_deadline(2)
        no_deadline = offer_with_deadline(None)
        response = client.get(LIST_URL)
        assert listed_slugs(response) == [
            open_soon.slug,
            open_later.slug,
            closed_recently.slug,
            closed_long_ago.slug,
            no_deadline.slug,
        ]

    def test_newest_sort_keeps_open_offers_first(self, client):
        old_open = OfferFactory(published_at=timezone.now() - datetime.timedelta(days=30))
        new_open = OfferFactory(published_at=timezone.now() - datetime.timedelta(days=1))
        closed = offer_with_deadline(-1, published_at=timezone.now())
        response = client.get(LIST_URL, {"sort": "recentes"})
        assert listed_slugs(response) == [new_open.slug, old_open.slug, closed.slug]

    def test_every_closed_offer_says_so(self, client):
        offer_with_deadline(-3)
        offer_with_deadline(5)
        content = client.get(LIST_URL).content.decode()
        assert content.count("Candidatures closes") == 1
        assert content.count("Candidatures ouvertes") == 1

    def test_when_nothing_is_open_the_page_explains_and_still_lists(self, client):
        closed = offer_with_deadline(-3)
        response = client.get(LIST_URL)
        assert listed_slugs(response) == [closed.slug]
        assert "Aucune offre n'est ouverte aux candidatures en ce moment" in (
            response.content.decode()
        )


class TestFilters:
    def test_keyword_searches_title_organisation_and_description(self, client):
        by_title = OfferFactory(title="Stage concertation énergie")
        by_org = OfferFactory(organisation=OrganisationFactory(name="Coopérative Énergie"))
        by_text = OfferFactory(description="Projets d'énergie citoyenne")
        OfferFactory(title="Médiation scientifique", description="Planétarium")
        response = client.get(LIST_URL, {"q": "énergie"})
        assert set(listed_slugs(response)) == {by_title.slug, by_org.slug, by_text.slug}

    def test_kind_departement_and_organisation_kind(self, client):
        civic = OfferFactory(
            kind=Offer.Kind.SERVICE_CIVIQUE,
            department_code="75",
            organisation=OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY),
        )
        OfferFactory(kind=Offer.Kind.STAGE, department_code="75")
        OfferFactory(kind=Offer.Kind.SERVICE_CIVIQUE, department_code="13")
        response = client.get(
            LIST_URL,
            {"kind": "service_civique", "departement": "75", "org_kind": "local_authority"},
        )
        assert listed_slugs(response) == [civic.slug]

    @pytest.mark.parametrize(
        ("bucket", "expected"),
        [
            ("court", {"two"}),
            ("moyen", {"four", "range"}),
            ("long", {"six", "range", "nine"}),
            ("tres-long", {"nine"}),
        ],
    )
    def test_an_offer_is_in_every_duration_bucket_its_range_overlaps(
        self, client, bucket, expected
    ):
        OfferFactory(slug="two", duration_min_months=2, duration_max_months=2)
        OfferFactory(slug="four", duration_min_months=4, duration_max_months=4)
        OfferFactory(slug="six", duration_min_months=6, duration_max_months=6)
        OfferFactory(slug="range", duration_min_months=4, duration_max_months=6)
        OfferFactory(slug="nine", duration_min_months=6, duration_max_months=9)
        OfferFactory(slug="unknown", duration_min_months=None, duration_max_months=None)
        assert set(listed_slugs(client.get(LIST_URL, {"duration": bucket}))) == expected

    def test_level_remote_and_licence(self, client):
        match = OfferFactory(
            education_level=EducationLevel.BAC3,
            remote=RemoteWork.POSSIBLE,
            driving_licence=DrivingLicence.PREFERRED,
        )
        OfferFactory(education_level=EducationLevel.BAC3, remote=RemoteWork.NOT_MENTIONED)
        OfferFactory(
            education_level=EducationLevel.BAC3,
            remote=RemoteWork.POSSIBLE,
            driving_licence=DrivingLicence.REQUIRED,
        )
        # "Open to my level": Bac+3 does not find an offer asking for Bac+5.
        OfferFactory(education_level=EducationLevel.BAC5, remote=RemoteWork.POSSIBLE)
        response = client.get(LIST_URL, {"level": "bac3", "remote": "on", "no_licence": "on"})
        assert listed_slugs(response) == [match.slug]

    def test_application_status(self, client):
        open_offer = offer_with_deadline(3)
        closed_offer = offer_with_deadline(-3)
        assert listed_slugs(client.get(LIST_URL, {"status": "ouvertes"})) == [open_offer.slug]
        assert listed_slugs(client.get(LIST_URL, {"status": "closes"})) == [closed_offer.slug]
        assert len(listed_slugs(client.get(LIST_URL, {"status": "toutes"}))) == 2

    def test_unpublished_offers_never_listed(self, client):
        DraftOfferFactory(title="Brouillon secret")
        response = client.get(LIST_URL, {"q": "secret"})
        assert listed_slugs(response) == []
        assert "Brouillon secret" not in response.content.decode()

    def test_active_filters_are_shown_and_each_can_be_removed(self, client):
        OfferFactory(kind=Offer.Kind.STAGE, department_code="69")
        response = client.get(LIST_URL, {"kind": "stage", "departement": "69", "q": "concertation"})
        chips = {chip.label: chip for chip in response.context["active_filters"]}
        assert set(chips) == {"Type d'offre", "Département", "Mots-clés"}
        assert chips["Type d'offre"].value == "Stage"
        removal = chips["Département"].remove_url
        assert (
            "departement" not in removal and "kind=stage" in removal and "q=concertation" in removal
        )
        assert removal in response.content.decode().replace("&amp;", "&")


class TestBadInput:
    @pytest.mark.parametrize(
        "params",
        [
            {"kind": "cdi"},
            {"departement": "999"},
            {"org_kind": "<script>"},
            {"duration": "forever"},
            {"level": "bac+12"},
            {"status": "perhaps"},
            {"sort": "price"},
            {"q": "x" * 10_000},
            {"q": "démocratie\x00"},
        ],
    )
    def test_bad_value_shows_the_form_error_and_still_lists(self, client, params):
        offer = OfferFactory()
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        assert response.context["filter"].form.errors
        assert "Certains filtres n'ont pas pu être appliqués" in response.content.decode()
        assert listed_slugs(response) == [offer.slug]

    def test_unknown_parameters_are_ignored(self, client):
        offer = OfferFactory()
        response = client.get(LIST_URL, {"colour": "blue"})
        assert response.status_code == 200
        assert listed_slugs(response) == [offer.slug]

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "9" * 50])
    def test_page_out_of_range_or_not_a_number_is_a_404_page(self, client, page):
        OfferFactory()
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()

    def test_last_page_keyword(self, client, settings):
        settings.PAGE_SIZE = 2
        OfferFactory.create_batch(3)
        response = client.get(LIST_URL, {"page": "last"})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 2


class TestPagination:
    def test_pages_keep_the_filters(self, client, settings):
        settings.PAGE_SIZE = 2
        OfferFactory.create_batch(5, kind=Offer.Kind.STAGE)
        OfferFactory(kind=Offer.Kind.SERVICE_CIVIQUE)
        response = client.get(LIST_URL, {"kind": "stage"})
        assert response.context["paginator"].count == 5
        content = response.content.decode().replace("&amp;", "&")
        assert "?kind=stage&page=2" in content
        second = client.get(LIST_URL, {"kind": "stage", "page": 3})
        assert len(listed_slugs(second)) == 1
        assert "5 offres" in content

    def test_paging_and_sorting_show_the_unfiltered_form(self, client, settings):
        # The unfiltered list's form, rendered once per board version (offers/fragments.py),
        # serves its other pages and orders: nothing in it depends on them.
        settings.PAGE_SIZE = 2
        OfferFactory.create_batch(3, kind=Offer.Kind.STAGE)
        OfferFactory(kind=Offer.Kind.SERVICE_CIVIQUE, remote=RemoteWork.POSSIBLE)
        first = client.get(LIST_URL).context["form_html"]
        for params in ({"page": 2}, {"sort": "recentes"}, {"page": 2, "sort": "recentes"}):
            assert client.get(LIST_URL, params).context["form_html"] == first
        assert "Stage (3)" in first
        assert client.get(LIST_URL, {"kind": "stage"}).context["form_html"] != first

    @pytest.mark.parametrize("page_size", [1, 5, 50])
    def test_query_count_does_not_grow_with_page_size(
        self, client, settings, django_assert_max_num_queries, page_size
    ):
        settings.PAGE_SIZE = page_size
        for _ in range(12):
            DeadlineFactory(offer=OfferFactory(organisation=OrganisationFactory()))
        with django_assert_max_num_queries(5):
            response = client.get(LIST_URL, {"kind": "stage", "sort": "date-limite"})
        assert len(listed_slugs(response)) == min(page_size, 12)

    def test_query_count_is_pinned(self, client, django_assert_num_queries):
        for _ in range(5):
            DeadlineFactory()
        # The facet counts (whose total the paginator reuses), the counts by place, and the
        # page of offers with their organisation.
        with django_assert_num_queries(3):
            client.get(LIST_URL)
