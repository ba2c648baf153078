"""Moderators keep the sources in the admin: add one, run it now, read its last runs, split a
duplicate; the offer page credits the source."""

from pathlib import Path

import pytest
import yaml
from django.db import IntegrityError, transaction
from django.urls import reverse

from offers import workflow
from offers.models import Offer, OfferStatus
from sources.models import Source, SourceItem, SourceKind, SourceRun
from sources.services import sync_addresses
from tests.factories import (
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def moderatrice(client):
    user = moderator(username="moderatrice")
    client.force_login(user)
    return user


def test_a_moderator_adds_a_source_and_runs_it_now(client, moderatrice, site):
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "name": "Institut de la participation",
            "address": site.url("/wordpress_jobs.rss"),
            "kind": SourceKind.FEED,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content
    source = Source.objects.get()
    assert source.skip_review is False

    response = client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "run_now", "_selected_action": [source.pk]},
        follow=True,
    )

    assert "Institut de la participation : 3 créée(s)" in response.content.decode()
    assert Offer.objects.filter(status=OfferStatus.DRAFT, source_name=source.name).count() == 3
    page = client.get(reverse("admin:sources_source_change", args=[source.pk])).content.decode()
    assert 'id="source-runs"' in page and "3 créée(s)" in page
    listing = client.get(reverse("admin:sources_source_changelist")).content.decode()
    assert "3 créée(s)" in listing


def test_a_failed_run_is_said_so(client, moderatrice, site):
    source = Source.objects.create(
        name="En panne", address=site.url("/panne.xml"), kind=SourceKind.FEED
    )

    response = client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "run_now", "_selected_action": [source.pk]},
        follow=True,
    )

    assert "En panne : échec : " in response.content.decode()
    assert "404" in SourceRun.objects.get().error


@pytest.mark.parametrize("address", ["ftp://ailleurs.example/flux", "javascript:alert(1)"])
def test_only_web_addresses_are_sources(client, moderatrice, address):
    response = client.post(
        reverse("admin:sources_source_add"),
        {"name": "Mauvaise", "address": address, "kind": SourceKind.FEED, "active": "on"},
    )

    assert response.status_code == 200
    assert not Source.objects.exists()


def test_the_database_refuses_what_clean_refuses():
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="x", address="https://a.example/", kind="podcast")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="x", address="file:///etc/passwd", kind="feed")


def test_publishers_do_not_see_the_sources(client):
    client.force_login(publisher(OrganisationFactory()))

    assert client.get(reverse("admin:sources_source_changelist")).status_code == 403


def test_a_moderator_sees_a_duplicate_beside_its_offer_and_splits_it(client, moderatrice, site):
    organisation = OrganisationFactory(name="Agence Traverses")
    typed = OfferFactory(
        organisation=organisation,
        title="Stage – Chargé·e de mission concertation citoyenne",
        city="Lyon",
        postal_code="69002",
        description=(
            "L’agence Traverses accompagne depuis quinze ans les collectivités et les maîtres "
            "d’ouvrage dans leurs démarches de concertation réglementaire et volontaire. "
            "Préparer et animer des ateliers participatifs avec les habitants."
        ),
    )
    sync_addresses([site.url("/wordpress_jobs.rss")])
    item = SourceItem.objects.get(duplicate=True)
    assert item.offer == typed

    page = client.get(reverse("admin:sources_sourceitem_change", args=[item.pk])).content
    assert "Annonce lue" in page.decode() and typed.title in page.decode()

    client.post(
        reverse("admin:sources_sourceitem_changelist"),
        {"action": "split_selected", "_selected_action": [item.pk]},
    )

    item.refresh_from_db()
    assert not item.duplicate and item.offer != typed
    assert item.offer.status == OfferStatus.DRAFT
    assert item.offer.source_url == item.address
    assert Offer.objects.count() == 4


def test_the_offer_page_credits_its_source_with_a_link_to_the_original(client):
    offer = OfferFactory(
        source_name="Institut de la participation",
        source_url="https://institut.example/offres/stage-concertation/",
    )

    page = client.get(offer.get_absolute_url()).content.decode()

    assert "Institut de la participation" in page
    assert 'href="https://institut.example/offres/stage-concertation/"' in page


def test_the_schedule_runs_the_sources_and_compose_keeps_private_addresses_out():
    crontab = (ROOT / "deploy" / "crontab").read_text()
    assert "python manage.py sync_sources" in crontab
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    for name in ("scheduler", "worker"):
        service = compose["services"][name]
        assert service["environment"]["PARTICIPE_SOURCES_ALLOW_PRIVATE"] == "0"


def test_a_moderator_submits_a_draft_read_from_a_source_but_not_a_hosts_draft():
    moderatrice = moderator(username="moderatrice")
    from_source = DraftOfferFactory(source_url="https://institut.example/offres/1/")
    typed = DraftOfferFactory()

    assert "submit" in [t.name for t in workflow.allowed_transitions(from_source, moderatrice)]
    assert "submit" not in [t.name for t in workflow.allowed_transitions(typed, moderatrice)]
