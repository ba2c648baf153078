"""RSS and Atom for any search: the list's own filters, published offers only, newest first.

Each item says what a card says (organisation, place, deadline, stipend), in the language of
the request; the channel is titled after the search, and its `rel=self` link keeps the query.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from . import board, typography, words
from .calendars import with_deadlines
from .publication import publication_moment

FEED_SIZE = 50


def newest_first(search: board.Search):
    offers = board.matching(search)
    return with_deadlines(
        offers.order_by(F("published_at").desc(nulls_last=True), F("created_at").desc(), "-pk")
    )[:FEED_SIZE]


def place(offer) -> str:
    if offer.city:
        where = offer.city
        if offer.department_code:
            where += f" ({offer.department_code})"
        elif offer.is_abroad:
            where += f" ({offer.country})"
        return where
    return offer.place_wording or _("Lieu non précisé")


class OfferRssFeed(Feed):
    url_name = "offers:feed-rss"
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
        return newest_first(search)

    def item_title(self, offer):
        return f"{offer.title} – {offer.organisation.name}"

    def item_description(self, offer):
        # RSS <description> and Atom <summary type="html"> are HTML to feed readers: every
        # publisher value is escaped (format_html), so a city like "<img onerror=…>" is shown,
        # not run.
        deadline = offer.application_deadline_milestone
        if deadline is not None and deadline.date is not None:
            when = typography.long_date(deadline.date)
        elif deadline is not None and deadline.wording:
            when = f"« {deadline.wording} »"
        else:
            when = _("non précisée")
        stipend_name = _("Indemnité") if offer.kind == "service_civique" else _("Gratification")
        facts = [
            (_("Structure"), offer.organisation.name),
            (_("Lieu"), place(offer)),
            (_("Date limite de candidature"), when),
            (stipend_name, offer.stipend_label or offer.stipend_wording or _("non précisée")),
        ]
        items = format_html_join("", "<li>{}</li>", ((words.labelled(*fact),) for fact in facts))
        return format_html("<p>{}</p><ul>{}</ul>", offer.get_kind_display(), items)

    def item_pubdate(self, offer):
        # When it was published, as far as anyone knows: never the day the row was loaded.
        return publication_moment(offer)

    def item_updateddate(self, offer):
        return offer.updated_at

    def item_author_name(self, offer):
        return offer.organisation.name

    def item_categories(self, offer):
        return [offer.get_kind_display()]


class OfferAtomFeed(OfferRssFeed):
    url_name = "offers:feed-atom"
    feed_type = Atom1Feed
    subtitle = OfferRssFeed.description
