"""Parts of the public pages cached under what they depend on: the board's version (which
database triggers move on at every write to the offers, bulk ones included), the page cache's
generation (moved by organisation, contact and deadline changes), the language and the day.

A page of twenty cards is twenty cache reads in one get_many (the list and the organisation
pages share them); the filter form of the unfiltered list, with its 160 counts, is rendered once
per board version and language; so is each offer page's article (offers/offer_page.py).
"""

from django.core.cache import cache
from django.utils import translation
from markupsafe import Markup

from . import caches

LIFETIME = 24 * 60 * 60


def key(*parts) -> str:
    language = translation.get_language()
    return ":".join(["participe:fragment", language, str(caches.generation()), *map(str, parts)])


def cached(name: str, version, today, render, parts=()) -> Markup:
    """One fragment: `render()` gives it when it is not cached yet. `parts` name which one of
    its kind it is (an offer's id, say)."""
    if version is None:
        return Markup(render())
    fragment_key = key(name, version, today.isoformat(), *parts)
    html = cache.get(fragment_key)
    if html is None:
        html = str(render())
        cache.set(fragment_key, html, LIFETIME)
    return Markup(html)


def card_fragments(offers, version, card, today) -> dict[int, Markup]:
    """Each offer's card by id, from the cache or rendered by the `card` macro.

    Search results are never cached: their highlights belong to the search.
    """
    shown = {}
    if version is None:
        return {offer.id: card(offer, today) for offer in offers}
    keys = {}
    # One key() for the page: it reads the generation from the cache.
    prefix = key("card", version, today.isoformat())
    for offer in offers:
        if getattr(offer, "title_highlight", None) or getattr(offer, "description_highlight", None):
            shown[offer.id] = card(offer, today)
        else:
            keys[f"{prefix}:{offer.id}"] = offer
    found = cache.get_many(list(keys)) if keys else {}
    missing = {}
    for fragment_key, offer in keys.items():
        html = found.get(fragment_key)
        if html is None:
            html = missing[fragment_key] = str(card(offer, today))
        shown[offer.id] = Markup(html)
    if missing:
        cache.set_many(missing, LIFETIME)
    return shown
