"""RSS and Atom for any search: the list's own filters, published offers only, newest first.

Each item says what a card says (organisation, place, deadline, stipend), in the language of
the request; the channel is titled after the search, and its `rel=self` link keeps the query.

A feed is one query: its offers, with what the items say (their organisation's name, their
application deadline's wording, their stated publication day) and the board's version. Each
item's description is a fragment kept under that version (offers/caches.py), rendered once
per board version and language, not at every reader's poll.
"""

import io
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from markupsafe import Markup

from . import board, caches, typography, words
from .models import Deadline, DeadlineKind, Offer, OfferKind
from .publication import publication_moment, with_stated_publication

FEED_SIZE = 50
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("created_at").desc(), "-pk")
# What an item says: the long texts stay in the database.
ITEM_FIELDS = [
    "title",
    "slug",
    "kind",
    "city",
    "department_code",
    "country",
    "place_wording",
    "stipend_amount",
    "stipend_unit",
    "stipend_gross",
    "stipend_wording",
    "published_at",
    "created_at",
    "updated_at",
    "application_closes_on",
    "organisation__name",
]


def newest_first(search: board.Search):
    offers = board.matching(search).select_related("organisation").only(*ITEM_FIELDS)
    # The date is the offer's copy of its application deadline's (application_closes_on).
    application = Deadline.objects.filter(offer=OuterRef("pk"), kind=DeadlineKind.APPLICATION)
    offers = with_stated_publication(offers).annotate(
        application_wording=Subquery(application.values("wording")[:1])
    )
    return caches.with_board_version(offers).order_by(*NEWEST_FIRST)[:FEED_SIZE]


@dataclass(frozen=True)
class Item:
    """An offer as its feed item shows it: the offer, its description and its category."""

    offer: Offer
    description: Markup
    category: str


def items_of(search: board.Search) -> list[Item]:
    offers = {offer.pk: offer for offer in newest_first(search)}
    # The version the rows were read at (nothing to keep without rows).
    version = caches.read_with_rows(next(iter(offers.values())).board_version if offers else None)
    descriptions = caches.each_fragment("feed-item", version, offers, description)
    # Each kind's name translated once, not once per item.
    kinds = {kind: str(label) for kind, label in OfferKind.choices}
    return [
        Item(offer, descriptions[pk], kinds.get(offer.kind, offer.kind))
        for pk, offer in offers.items()
    ]


def place(offer) -> str:
    if offer.city:
        where = offer.city
        if offer.department_code:
            where += f" ({offer.department_code})"
        elif offer.is_abroad:
            where += f" ({offer.country})"
        return where
    return offer.place_wording or _("Lieu non précisé")


def description(offer) -> Markup:
    """What a card says, as HTML. RSS <description> and Atom <summary type="html"> are HTML to
    feed readers: every publisher value is escaped (the template's), so a city like
    "<img onerror=…>" is shown, not run."""
    if offer.application_closes_on is not None:
        when = typography.long_date(offer.application_closes_on)
    elif offer.application_wording:
        when = f"« {offer.application_wording} »"
    else:
        when = _("non précisée")
    stipend_name = _("Indemnité") if offer.kind == "service_civique" else _("Gratification")
    facts = [
        (_("Structure"), offer.organisation.name),
        (_("Lieu"), place(offer)),
        (_("Date limite de candidature"), when),
        (stipend_name, offer.stipend_label or offer.stipend_wording or _("non précisée")),
    ]
    html = render_to_string(
        "offers/feed_item_description.html",
        {"kind": offer.get_kind_display(), "facts": [words.labelled(*fact) for fact in facts]},
        using="django",
    )
    return Markup(html.strip())  # the file's last line break is not the item's


class WrittenOnce:
    """A feed given to the response in one piece: its XML writer writes a token at a time (1,600
    for 50 items), and each write to an HttpResponse is encoded and kept apart."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class RssWrittenOnce(WrittenOnce, Rss201rev2Feed):
    pass


class AtomWrittenOnce(WrittenOnce, Atom1Feed):
    pass


class OfferRssFeed(Feed):
    url_name = "offers:feed-rss"
    feed_type = RssWrittenOnce
    description = (
        "Les nouvelles offres de stage et de service civique en démocratie participative, "
        "concertation et médiation scientifique."
    )

    def get_object(self, request, *args, **kwargs):
        return board.read(request.GET)

    def title(self, search):
        """ "Participe – Type d'offre : Stage · Mots-clés : climat", or the board's own title."""
        chips = [words.labelled(chip.label, chip.value) for chip in board.chips(search)]
        if not chips:
            return _("Participe : offres de stage et de service civique")
        return "Participe – " + " · ".join(chips)

    def link(self, search):
        query = search.querystring
        return reverse("offers:list") + (f"?{query}" if query else "")

    def feed_url(self, search):
        # rel=self: this very feed, with its search (Django's default drops the query).
        query = search.querystring
        return reverse(self.url_name) + (f"?{query}" if query else "")

    def items(self, search):
        return items_of(search)

    def item_title(self, item):
        return f"{item.offer.title} – {item.offer.organisation.name}"

    def item_link(self, item):
        return item.offer.get_absolute_url()

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        # When it was published, as far as anyone knows: never the day the row was loaded.
        return publication_moment(item.offer)

    def item_updateddate(self, item):
        return item.offer.updated_at

    def item_author_name(self, item):
        return item.offer.organisation.name

    def item_categories(self, item):
        return [item.category]


class OfferAtomFeed(OfferRssFeed):
    url_name = "offers:feed-atom"
    feed_type = AtomWrittenOnce
    subtitle = OfferRssFeed.description
