"""Every French page and e-mail holds its punctuation with non-breaking spaces: no text node has
an ordinary space before `: ; ! ?`, after « or before »; English has no space before a colon."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup, Comment
from django.urls import reverse
from django.utils import timezone

from alerts import emails, tokens
from mail.models import OutgoingEmail
from offers import workflow
from offers.models import Offer
from tests.alerts.factories import SubscriptionFactory, UnconfirmedSubscriptionFactory
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    OrganisationFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db

# An ordinary space (or tab) before the punctuation French spaces, or inside its guillemets.
ORDINARY_SPACE = re.compile(r"[ \t][:;!?](?=\s|$|\W)|« | »")
ENGLISH_SPACE = re.compile(r"\w[ \u00a0\u202f]:(?=\s)")
# Text read as code or data, not as French: scripts, styles, code samples.
NOT_TEXT = ("script", "style", "code", "pre", "textarea")


def offending(html: str, pattern=ORDINARY_SPACE) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    found = []
    for node in page.find_all(string=True):
        if isinstance(node, Comment) or node.find_parent(NOT_TEXT):
            continue
        for match in pattern.finditer(str(node)):
            start = max(match.start() - 30, 0)
            found.append(str(node)[start : match.end() + 10].replace("\n", " "))
    return found


@pytest.fixture
def board(seed):
    """The seed offers (their postings' own words: "Début : juillet …") and an open offer."""
    organisation = OrganisationFactory(name="Mairie de Lyon", slug="mairie-de-lyon")
    offer = OfferFactory(
        organisation=organisation,
        title="Stage : concertation ; climat !",
        slug="concertation-climat",
        kind=Offer.Kind.SERVICE_CIVIQUE,
        description="## Missions\n\nAnimer des ateliers : le mardi ; le jeudi ! Pourquoi ?",
        place_wording="Lyon ou « à distance »",
        stipend_amount=Decimal("600"),
        stipend_unit="month",
    )
    offer.contacts.add(ContactFactory(organisation=organisation, email="stages@lyon.test"))
    DeadlineFactory(offer=offer, date=timezone.localdate() + datetime.timedelta(days=10))
    return offer


def french_pages(board) -> dict[str, tuple]:
    subscription = SubscriptionFactory(email="lea@example.org", querystring="q=eau&kind=stage")
    pending = UnconfirmedSubscriptionFactory(email="lea@example.org", querystring="")
    seed_offer = Offer.objects.exclude(pk=board.pk).order_by("pk").first()
    return {
        "list": ("get", "/", {}),
        "list filtered": ("get", "/?kind=stage&region=84&status=toutes&q=concertation", {}),
        "list with errors": ("get", "/?departement=999&debut=abc", {}),
        "list empty": ("get", "/?q=zzzzzzzz", {}),
        "list page 2": ("get", "/?page=2", {}),
        "offer": ("get", board.get_absolute_url(), {}),
        "seed offer": ("get", seed_offer.get_absolute_url(), {}),
        "organisation": ("get", board.organisation.get_absolute_url(), {}),
        "saved": ("get", reverse("offers:saved"), {}),
        "publish": ("get", reverse("publish"), {}),
        "publish refused": (
            "post",
            reverse("publish"),
            urlencode({"email": "nope", "title": "", "description": ""}),
        ),
        "publish sent": ("get", reverse("publishing:sent"), {}),
        "publish bad link": ("get", reverse("publishing:verify", args=["abc"]), {}),
        "sign in": ("get", reverse("publishing:signin"), {}),
        "sign in sent": ("get", reverse("publishing:signin-sent"), {}),
        "sign in bad link": ("get", reverse("publishing:signin-link", args=["abc"]), {}),
        "accessibility": ("get", reverse("accessibility"), {}),
        "privacy": ("get", reverse("privacy"), {}),
        "404": ("get", "/offres/nulle-part/", {}),
        "400": ("get", "/?" + "&".join(f"p{n}=1" for n in range(2000)), {}),
        "alert subscribed": ("get", reverse("alerts:subscribed"), {}),
        "alert confirm": (
            "get",
            reverse("alerts:confirm", args=[tokens.confirm_token(pending)]),
            {},
        ),
        "alert bad link": ("get", reverse("alerts:confirm", args=["abc"]), {}),
        "alert unsubscribe": (
            "get",
            reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)]),
            {},
        ),
        "alert manage": (
            "get",
            reverse("alerts:manage", args=[tokens.manage_token(subscription.email)]),
            {},
        ),
        "alert refused": (
            "post",
            reverse("alerts:subscribe"),
            urlencode({"email": "nope", "frequency": "daily", "search": "q=eau"}),
        ),
        "alert forged": (
            "post",
            reverse("alerts:subscribe"),
            urlencode({"email": "a@b.test", "frequency": "daily", "search": ""}),
        ),
        "reminders bad link": ("get", reverse("alerts:reminders", args=["nope"]), {}),
    }


def fetch(client, method, url, data, name):
    headers = {} if name == "alert forged" else {"HTTP_ORIGIN": "http://testserver"}
    if method == "post":
        headers["content_type"] = "application/x-www-form-urlencoded"
    response = getattr(client, method)(url, data, **headers)
    assert response.status_code < 500, (name, response.status_code)
    return response.content.decode()


def test_no_french_page_breaks_before_its_punctuation(client, board):
    found = {}
    for name, (method, url, data) in french_pages(board).items():
        html = fetch(client, method, url, data, name)
        assert 'lang="fr"' in html[:200], name
        if problems := offending(html):
            found[name] = problems
    assert found == {}


def test_the_pages_own_punctuation_is_held_where_it_was_missing(client, board):
    text = BeautifulSoup(client.get(board.get_absolute_url()).content, "html.parser").get_text()
    # A posting's own words too, and the guillemets the page puts around them.
    assert "Animer des ateliers\u00a0: le mardi\u202f; le jeudi\u202f! Pourquoi\u202f?" in text
    assert "«\u00a0à distance\u00a0»" in text
    assert "Téléphone" not in text or "Téléphone\u00a0:" in text


def test_english_pages_put_no_space_before_a_colon(client, board):
    client.cookies["django_language"] = "en"
    found = {}
    pages = french_pages(board)
    for name in ("list filtered", "offer", "organisation", "saved", "alert manage", "404"):
        method, url, data = pages[name]
        html = fetch(client, method, url, data, name)
        assert 'lang="en"' in html[:200], name
        # The postings' own words stay French (lang="fr"): only the interface is checked.
        page = BeautifulSoup(html, "html.parser")
        for node in page.find_all(string=True):
            if node.find_parent(NOT_TEXT) or node.find_parent(attrs={"lang": "fr"}):
                continue
            # The posting's title is French wherever it appears (the <title>, a button's name).
            if ENGLISH_SPACE.search(str(node).replace(board.title, "")):
                found.setdefault(name, []).append(str(node).strip()[:80])
    assert found == {}
    offer = client.get(board.get_absolute_url()).content.decode()
    assert "Civic service allowance: " in offer
    assert "Save: " in BeautifulSoup(offer, "html.parser").select_one(".save-button").get_text()


def test_the_first_of_the_month_is_1er_on_the_pages(client, seed):
    offer = OfferFactory(title="Stage daté", slug="stage-date")
    DeadlineFactory(offer=offer, date=datetime.date(2031, 3, 1))
    text = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser").get_text()
    assert "1er mars 2031" in text
    assert "1 mars 2031" not in text


def test_alert_emails_are_typeset_in_french_and_not_in_english(board):
    french = SubscriptionFactory(email="lea@example.org", querystring="kind=stage", language="fr")
    english = SubscriptionFactory(email="sam@example.org", querystring="kind=stage", language="en")
    board.deadlines.update(date=datetime.date(2031, 3, 1))
    board.refresh_from_db()
    for build in (
        lambda s: emails.confirmation(s),
        lambda s: emails.already_subscribed(s),
        lambda s: emails.digest(s, [board], 2),
    ):
        message = build(french)
        assert not ORDINARY_SPACE.search(message.subject), message.subject
        assert not ORDINARY_SPACE.search(message.text), message.text
        assert offending(message.html) == []
        message = build(english)
        assert not ENGLISH_SPACE.search(message.subject), message.subject
    digest = emails.digest(french, [board], 0)
    assert "1er mars 2031" in digest.text and "1er mars 2031" in digest.html


def test_the_publishers_emails_are_typeset(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    author = publisher(organisation, username="autrice", email="autrice@asso.test")
    moderator(username="moderatrice", email="moderation@participe.test")
    offer = DraftOfferFactory(organisation=organisation, title="Stage : concertation")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "submit", by=author, reason="")
    messages = list(OutgoingEmail.objects.all())
    assert messages
    for message in messages:
        assert not ORDINARY_SPACE.search(message.subject), message.subject
        assert not ORDINARY_SPACE.search(message.body), message.body
        # The outbox keeps the subject's non-breaking spaces (it makes the subject one line).
        assert "\u00a0:" in message.subject or ":" not in message.subject


@pytest.mark.parametrize("status", [400, 500, 503])
def test_django_rendered_error_pages_are_typeset(status, rf):
    from config.errors import error_page
    from config.middleware import unavailable

    request = rf.get("/")
    if status == 503:
        response = unavailable(request)
    else:
        response = error_page(request, status, request_id="abc")
    html = response.content.decode()
    assert "\u00a0:" in html
    assert offending(html) == []
