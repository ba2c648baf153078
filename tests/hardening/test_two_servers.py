"""Two app servers, one database: nothing that matters lives in a server's memory or disk."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from offers.models import Offer
from tests.factories import DeadlineFactory, OfferFactory

from .servers import Browser, gunicorns, production_env

PASSWORD = "Concertation-2026!"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_log_in_on_one_server_edit_on_the_other_and_see_it_on_the_first(settings):
    # Hashed as production hashes it: the servers do not know the suite's fast hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    get_user_model().objects.create_superuser("moderatrice", "m@example.org", PASSWORD)
    offer = OfferFactory(title="Chargée de concertation")
    DeadlineFactory(offer=offer)
    # Both servers get the same environment, as two replicas of one deployment would.
    env = production_env()
    with gunicorns(env, 2) as (first, second):
        assert first != second
        browser = Browser()
        status, headers, _ = browser.submit(
            f"{first}/admin/login/?next=/admin/",
            {"username": "moderatrice", "password": PASSWORD},
        )
        assert status == 302, "login on the first server"
        assert "__Host-sessionid" in browser.cookies

        # The session opened on the first server is valid on the second.
        status, _, body = browser.request(f"{second}/admin/")
        assert status == 200 and "moderatrice" in body

        change_url = f"{second}/admin/offers/offer/{offer.pk}/change/"
        status, headers, body = browser.submit(
            change_url, {"title": "Chargée de concertation (modifiée)"}, form_id="offer_form"
        )
        assert status == 302, body[:2000]
        assert Offer.objects.get(pk=offer.pk).title == "Chargée de concertation (modifiée)"

        # The edit made through the second server shows at once on the first one.
        status, _, body = browser.request(f"{first}{offer.get_absolute_url()}")
        assert status == 200 and "Chargée de concertation (modifiée)" in body
        status, _, body = browser.request(f"{first}/?q=modifi%C3%A9e")
        # Search results highlight the matched words: compare the text, not the markup.
        text = " ".join(BeautifulSoup(body, "html.parser").get_text().split())
        assert status == 200 and "Chargée de concertation (modifiée)" in text

        # Logging out on the first server ends the session on the second too.
        status, _, _ = browser.submit(f"{first}/admin/", {}, form_id="logout-form")
        assert status == 200
        status, headers, _ = browser.request(f"{second}/admin/")
        assert status == 302 and "/admin/login/" in headers["Location"]
