"""The offer cards of the list and organisation pages, and the list's filter fields, in Python.

The card was includes/offer_card.html and four includes (place, stipend badge, countdown, save
button): about a hundred template nodes each, 9 ms of the list page's 14 ms of rendering for
its twenty cards. Built here, under a millisecond. tests/offers/test_list_html.py renders the
templates these replaced (kept under tests/offers/templates/includes/) for every branch in both
languages and requires the same bytes.

The pieces the offer page's article shows too (countdown, save button, stipend badge, dates)
come from offers/offer_html.py, so their markup exists once. What is the same on every card of
a page (the interface's words in the active language, today's date, the kinds' names, how the
offer URLs are made) is looked up once per page, in Cards and offer_html.Words: gettext and
reverse() take a few microseconds a call, and every card would otherwise repeat them.

The filter form's `{% for field in filter.form %}` loop is here too (filter_fields), compared
with its template (tests/offers/templates/filter_fields_reference.html) the same way.

Every value is escaped as the template engine escapes it; the interface's words go through
gettext with the templates' message ids, so the catalogue needs no change. Those calls stay
outside f-strings: xgettext (gettext 0.21) does not look inside them, and makemessages would
then find these ids only in the reference templates under tests/.
"""

import re

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import search
from .escaping import conditional_escape as e
from .models import OfferKind
from .offer_html import Words, countdown, save_button, stipend_badge, time_element
from .templatetags.offers import applications_open, closing_soon, days_left, region

# What the <slug:slug> converter of offers:detail accepts: such a slug goes into the URL as it is.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def cards(offers) -> SafeString:
    """Each offer's card in a list item, as the pages' `{% for %}<li>…</li>{% endfor %}` gave."""
    page = Cards()
    return mark_safe("".join(f"<li>{page.card(offer)}</li>" for offer in offers))


def card(offer) -> SafeString:
    """includes/offer_card.html"""
    return Cards().card(offer)


class Cards:
    """What every card of a page shares, looked up once per page."""

    def __init__(self):
        self.today = timezone.localdate()
        self.words = Words()
        self.kinds = {value: str(label) for value, label in OfferKind.choices}
        marker = "slug"
        self.url_prefix, self.url_suffix = reverse("offers:detail", args=[marker]).rsplit(marker, 1)

    def url(self, offer) -> str:
        """offer.get_absolute_url(), without a reverse() per card."""
        if SLUG.fullmatch(offer.slug):
            return f"{self.url_prefix}{offer.slug}{self.url_suffix}"
        return offer.get_absolute_url()

    def card(self, offer) -> SafeString:
        _ = self.words
        url = e(self.url(offer))
        is_open = applications_open(offer)
        title_highlight = getattr(offer, "title_highlight", None)
        title = search.highlighted(title_highlight) if title_highlight else e(offer.title)
        description_highlight = getattr(offer, "description_highlight", None)
        snippet = ""
        if description_highlight:
            shown = search.highlighted(description_highlight)
            snippet = f'<p class="offer-card__snippet" lang="fr">… {shown} …</p>'
        duration = e(offer.duration_label) or _("Durée non précisée")
        kind = self.kinds.get(offer.kind, offer.kind)
        return mark_safe(
            f'<article class="offer-card{"" if is_open else " offer-card--closed"}">\n'
            f'  <h3 class="offer-card__title" lang="fr"><a href="{url}">{title}</a></h3>\n'
            f'  <p class="offer-card__org" lang="fr">{e(offer.organisation.name)}</p>\n'
            '  <ul class="offer-card__facts">\n'
            f'    <li><span class="badge badge--{e(offer.kind)}">{e(kind)}</span></li>\n'
            f"    <li>{self.place(offer)}</li>\n"
            f"    <li>{duration}</li>\n"
            f"    <li>{stipend_badge(offer, _)}</li>\n"
            "  </ul>\n"
            f"  {snippet}\n"
            '  <p class="offer-card__status">\n'
            f"    {self.status_open(offer) if is_open else self.status_closed(offer)}\n"
            "  </p>\n"
            f"  {save_button(offer, url, _)}\n"
            "</article>\n"
        )

    def place(self, offer) -> str:
        """includes/place.html, then the region (or abroad)."""
        _ = self.words
        if offer.city:
            shown = e(offer.city)
            if offer.department_code:
                shown += f" ({e(offer.department_code)})"
            elif offer.is_abroad:
                shown += f" ({e(offer.country)})"
        elif offer.place_wording:
            shown = f'<span lang="fr">{e(offer.place_wording)}</span>'
        else:
            shown = _("Lieu non précisé")
        region_name = region(offer)
        if region_name:
            shown += f", {e(region_name)}"
        elif offer.is_abroad:
            shown += ", " + _("à l'étranger")
        return shown

    def status_open(self, offer) -> str:
        _ = self.words
        deadline = getattr(offer, "application_deadline", None)
        until = " " + _("jusqu'au") + f" {time_element(deadline, _)}" if deadline else ""
        left = days_left(offer, self.today)
        counting = ""
        if left is not None:
            soon = ""
            if closing_soon(offer, self.today):
                soon = _("Clôture bientôt")
                soon = f'<span class="badge badge--soon">{soon}</span>'
            counting = (
                f"\n        {soon}\n"
                f'        <span class="countdown">{countdown(left, _)}</span>\n      '
            )
        status = _("Candidatures ouvertes")
        return (
            f'\n      <strong class="status status--open">{status}</strong>'
            f"{until}\n      {counting}\n    "
        )

    def status_closed(self, offer) -> str:
        _ = self.words
        deadline = getattr(offer, "application_deadline", None)
        since = " " + _("depuis le") + f" {time_element(deadline, _)}" if deadline else ""
        status = _("Candidatures closes")
        return f'\n      <strong class="status status--closed">{status}</strong>{since}\n    '


def filter_fields(form) -> SafeString:
    """The list's `{% for field in filter.form %}` loop: each filter's label, errors and widget.

    The widgets are Python already (offers/widgets.py); the loop's own nodes cost about as much
    again, and an empty error list renders a template of its own for nothing.
    """
    parts = []
    for field in form:
        errors = field.errors
        classes = "field"
        checkbox = getattr(field.field.widget, "input_type", None) == "checkbox"
        if checkbox:
            classes += " field--checkbox"
        if errors:
            classes += " field--error"
        label = f'<label for="{e(field.id_for_label)}">{e(field.label)}</label>'
        if checkbox:
            inside = f"\n            {field} {label}\n          "
        else:
            # Next to the field too (the summary is above): aria-describedby points here.
            shown_errors = e(errors) if errors else ""
            inside = (
                f"\n            {label}\n            \n            {shown_errors}\n"
                f"            {field}\n          "
            )
        parts.append(
            f'\n        <div class="{classes}">\n          {inside}\n        </div>\n      '
        )
    return mark_safe("".join(parts))
