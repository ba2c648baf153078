"""From the list's form to the digest and the one-click unsubscribe, through a real SMTP server."""

import datetime
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Subscription
from mail.models import OutgoingEmail
from tests.factories import OfferFactory

from .conftest import committed, html_part, link_path, text_part

pytestmark = pytest.mark.django_db

ADDRESS = "camille.etudiante@example.org"


def rennes_offer(title, **fields):
    return OfferFactory(
        title=title, city="Rennes", postal_code="35000", department_code="35", **fields
    )


def test_subscribe_confirm_digest_then_one_click_unsubscribe(smtp, site_url):
    before = rennes_offer(
        "Stage publié avant l'abonnement",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    browser = Client(enforce_csrf_checks=True)

    # The list, searched and filtered: its form subscribes to that search.
    page = browser.get("/", {"departement": "35", "q": "concertation", "page": "1"})
    form = BeautifulSoup(page.content, "html.parser").select_one(
        "form[action='/alertes/abonnement/']"
    )
    assert form["method"] == "post"
    assert form.select_one("input[type=email][name=email]") is not None
    search = form.select_one("input[name=search]")["value"]
    # Each request's transaction commits: the outbox hands its e-mails to the task backend,
    # which sends them at once here (production's worker sends them the same way).
    with committed():
        response = browser.post(
            form["action"],
            urlencode({"email": ADDRESS, "frequency": "daily", "search": search}),
            "application/x-www-form-urlencoded",
            HTTP_ORIGIN="http://testserver",
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.querystring == "departement=35&q=concertation"
    assert not subscription.is_confirmed

    # Only the confirmation e-mail; its link opens a page whose button confirms.
    assert len(smtp.messages) == 1
    confirmation = smtp.messages[0]
    assert confirmation["To"] == ADDRESS
    confirm_path = link_path(text_part(confirmation), "/alertes/confirmer/")
    page = browser.get(confirm_path)
    assert page.status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_confirmed, "following the link alone confirms nothing"
    token = BeautifulSoup(page.content, "html.parser").select_one(
        "form input[name=csrfmiddlewaretoken]"
    )["value"]
    assert browser.post(confirm_path, {"csrfmiddlewaretoken": token}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    # Two new offers match, one does not.
    matching = [rennes_offer("Stage concertation à Rennes"), rennes_offer("Concertation Rennes 2")]
    other = OfferFactory(title="Stage concertation à Lyon")
    with committed():
        call_command("send_alerts", "--frequency", "daily")

    assert len(smtp.messages) == 2
    digest = smtp.messages[1]
    assert digest["To"] == ADDRESS
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Long headers are folded: the value starts after the fold.
    unsubscribe_header = str(digest["List-Unsubscribe"]).strip()
    assert unsubscribe_header.startswith("<https://participe.example/alertes/desabonnement/")
    text, html = text_part(digest), html_part(digest)
    for part in (text, html):
        linked = {offer.slug for offer in [*matching, other, before] if offer.slug + "/" in part}
        assert linked == {offer.slug for offer in matching}
    assert "Stage concertation à Lyon" not in text
    assert "https://participe.example/?departement=35&q=concertation" in text

    # What a mail client does for its "unsubscribe" button: no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        link_path(unsubscribe_header, "/alertes/desabonnement/"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()

    rennes_offer("Concertation Rennes 3")
    with committed():
        call_command("send_alerts", "--frequency", "daily")
        call_command("send_queued_emails")
    assert len(smtp.messages) == 2
    # Both e-mails went through the outbox, and were each sent once.
    assert list(OutgoingEmail.objects.values_list("status", "attempts")) == [
        (OutgoingEmail.Status.SENT, 1),
        (OutgoingEmail.Status.SENT, 1),
    ]
