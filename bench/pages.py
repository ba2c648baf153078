"""The pages `make bench` measures, in one place.

Each page is a name, a function that finds its URL in the seeded database (None if the page
does not exist there, a deep page of a small board say: it is then skipped with a message),
and who asks for it: anonymous, or a member of the Moderators group for the admin. To add a
page, add a line here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from offers.models import Offer
from organisations.models import Organisation


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str | None]
    moderator: bool = False
    # Served from the anonymous page cache: measured only for throughput.
    cached: bool = False
    # Measured as the first time a worker meets the search (offers/search.py keeps a search's
    # matches and ranks per board version, and shares them with the other workers through the
    # shared cache): server time only, over fewer requests.
    cold: bool = False
    # With `cold`: the first time any worker meets it on this version of the board (the shared
    # cache empty too: no match, rank, card or form kept), as after a change to the board.
    new_board: bool = False
    # Asked as browsers ask, accepting gzip (the page cache then answers with its stored bytes).
    gzip: bool = False


def named(name: str, **kwargs) -> Callable[[], str | None]:
    def resolve() -> str | None:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            return None

    return resolve


def with_query(name: str, query: str) -> Callable[[], str | None]:
    def resolve() -> str | None:
        url = named(name)()
        return f"{url}?{query}" if url else None

    return resolve


def list_page(number: int) -> Callable[[], str | None]:
    """Page `number` of the list, or None (skipped) on a board too small to have it."""

    def resolve() -> str | None:
        pages = -(-Offer.objects.visible().count() // settings.PAGE_SIZE)
        return f"{reverse('offers:list')}?page={number}" if pages >= number else None

    return resolve


def an_offer() -> str:
    return Offer.objects.visible().order_by("-published_at").first().get_absolute_url()


def big_organisation() -> str:
    organisation = (
        Organisation.objects.annotate(n=Count("offers")).filter(n__gte=500).order_by("-n").first()
    )
    return organisation.get_absolute_url()


def admin_change() -> str:
    return reverse("admin:offers_offer_change", args=[Offer.objects.order_by("-pk").first().pk])


PAGES = [
    Page("list", named("offers:list")),
    Page("list, 3 filters", with_query("offers:list", "kind=stage&level=bac5&departement=75")),
    Page(
        "list, several values",
        with_query("offers:list", "region=53&region=76&duration=court&duration=moyen"),
    ),
    # Near a town: the distances over the board index, two groups, the list's cached cards.
    Page("near Lyon, 30 km", with_query("offers:list", "lieu=Lyon&rayon=30")),
    Page("search", with_query("offers:list", "q=concertation")),
    Page("search, two words", with_query("offers:list", "q=budget+participatif")),
    Page("search, page 50", with_query("offers:list", "q=concertation&page=50")),
    Page("search, last page", with_query("offers:list", "q=concertation&page=last")),
    Page("search, first time", with_query("offers:list", "q=concertation"), cold=True),
    Page(
        "search, first time on the board",
        with_query("offers:list", "q=concertation"),
        cold=True,
        new_board=True,
    ),
    Page(
        "search, last page, first time",
        with_query("offers:list", "q=concertation&page=last"),
        cold=True,
    ),
    Page("list, page 1000", list_page(1000)),
    Page("offer", an_offer),
    Page("organisation, 500 offers", big_organisation),
    Page("feed", named("offers:feed-rss")),
    Page("admin offer list", named("admin:offers_offer_changelist"), moderator=True),
    Page("admin offer change", admin_change, moderator=True),
    Page("list, cached", named("offers:list"), cached=True, gzip=True),
    Page("list, cached, no gzip", named("offers:list"), cached=True),
]
