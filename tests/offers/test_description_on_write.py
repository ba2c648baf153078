"""Publishers' Markdown is rendered and sanitised when the offer is saved, not at each read."""

import pytest
from django.core.management import call_command

from offers.models import Offer
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_saving_stores_the_sanitised_rendering(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    offer = OfferFactory(description="## Missions\n\n<script>alert(1)</script> **Animer**")
    stored = Offer.objects.values_list("description_html", flat=True).get(pk=offer.pk)
    assert "<h3>Missions</h3>" in stored and "<strong>Animer</strong>" in stored
    assert "<script>" not in stored
    offer.description = "Nouvelle *description*"
    offer.save(update_fields=["description"])
    offer.refresh_from_db()
    assert offer.description_html == "<p>Nouvelle <em>description</em></p>"
    assert "<em>description</em>" in client.get(offer.get_absolute_url()).content.decode()


def test_rows_written_without_save_are_rendered_on_read(seed):
    # loaddata writes rows as they are (no save()): the page still shows the rendering.
    offer = Offer.objects.exclude(description="").first()
    assert offer.description_html is None
    assert "<p>" in str(offer.description_rendered)


def test_the_synthetic_board_stores_its_renderings():
    call_command("seed_synthetic", "--offers", "20", verbosity=0)
    assert not Offer.objects.filter(description_html__isnull=True).exists()
