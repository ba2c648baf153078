"""RSS and Atom for any search: the list's own filters, published offers only, newest first."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import board

FEED_SIZE = 50


def newest_first(search: board.Search):
    offers = board.matching(search)
    return offers.order_by(F("published_at").desc(nulls_last=True), F("created_at").desc(), "-pk")[
        :FEED_SIZE
    ]


class OfferRssFeed(Feed):
    title = "Participe : offres de stage et de service civique"
    description = (
        "Les nouvelles offres de stage et de service civique en démocratie participative, "
        "concertation et médiation scientifique."
    )

    def get_object(self, request, *args, **kwargs):
        return board.read(request.GET)

    def link(self, search):
        query = search.querystring
        return reverse("offers:list") + (f"?{query}" if query else "")

    def items(self, search):
        return newest_first(search)

    def item_title(self, offer):
        return f"{offer.title} – {offer.organisation.name}"

    def item_description(self, offer):
        # RSS <description> and Atom <summary type="html"> are HTML to feed readers: every
        # publisher value is escaped, so a city like "<img onerror=…>" is shown, not run.
        facts = [offer.get_kind_display(), offer.city or offer.place_wording]
        if offer.application_deadline:
            facts.append(f"candidatures jusqu'au {offer.application_deadline:%d/%m/%Y}")
        if offer.stipend_label:
            facts.append(offer.stipend_label)
        return escape(" · ".join(str(fact) for fact in facts if fact))

    def item_pubdate(self, offer):
        return offer.published_at or offer.created_at

    def item_updateddate(self, offer):
        return offer.updated_at

    def item_author_name(self, offer):
        return offer.organisation.name

    def item_categories(self, offer):
        return [offer.get_kind_display()]


class OfferAtomFeed(OfferRssFeed):
    feed_type = Atom1Feed
    subtitle = OfferRssFeed.description
