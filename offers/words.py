"""The public pages' sentences that hold a number: plain text (never HTML) for the templates.

They live in Python because makemessages reads ngettext and placeholders here; the templates
(templates/jinja2/) mark their other words with `_("…")`. Jinja2 escapes what these return.
"""

import datetime

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext, ngettext


def countdown(left: int) -> str:
    if left == 0:
        return gettext("dernier jour")
    if left == 1:
        return gettext("plus qu'un jour")
    return ngettext("plus que %(days)s jour", "plus que %(days)s jours", left) % {"days": left}


def published_ago(published_at: datetime.datetime | None, today: datetime.date | None = None):
    """ "publiée il y a 3 jours", from the day of publication in the board's time zone."""
    if published_at is None:
        return ""
    today = today or timezone.localdate()
    days = (today - timezone.localtime(published_at).date()).days
    if days <= 0:
        return gettext("publiée aujourd'hui")
    if days == 1:
        return gettext("publiée hier")
    return ngettext("publiée il y a %(days)s jour", "publiée il y a %(days)s jours", days) % {
        "days": days
    }


def per_month(amount) -> str:
    return gettext("%(amount)s € par mois") % {"amount": floatformat(amount, "0g")}


def offer_count(count: int) -> str:
    return ngettext("%(counter)s offre", "%(counter)s offres", count) % {"counter": count}


def organisation_offer_count(count: int, exact: bool) -> str:
    if not exact:
        return gettext("Plus de %(counter)s offres de cette structure") % {"counter": count}
    return ngettext(
        "%(counter)s offre de cette structure", "%(counter)s offres de cette structure", count
    ) % {"counter": count}


def page_of(number: int, total: int | None) -> str:
    if total:
        return gettext("Page %(number)s sur %(total)s") % {"number": number, "total": total}
    return gettext("Page %(number)s") % {"number": number}


def source(index) -> str:
    return gettext("Source : annonce n° %(index)s du fichier") % {"index": index}


def organisation_description(name: str) -> str:
    return gettext("Les offres de stage et de service civique de %(name)s.") % {"name": name}


def offer_summary(offer) -> str:
    """The page's meta and Open Graph description: "Stage chez Kimiyo à Lyon."."""
    kind = gettext("%(kind)s chez %(organisation)s") % {
        "kind": offer.get_kind_display(),
        "organisation": offer.organisation.name,
    }
    place = " " + gettext("à %(city)s") % {"city": offer.city} if offer.city else ""
    return f"{kind}{place}."
