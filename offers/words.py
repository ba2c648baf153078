"""The public pages' sentences that hold a number: plain text (never HTML) for the templates.

They live in Python because makemessages reads ngettext and placeholders here; the templates
(templates/jinja2/) mark their other words with `_("…")`. Jinja2 escapes what these return.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from .openness import OPEN_WITHOUT_DEADLINE


def countdown(left: int) -> str:
    """What follows a deadline: "Candidatures ouvertes jusqu'au 12 mars (il reste 3 jours)"."""
    if left == 0:
        return gettext("(dernier jour)")
    if left == 1:
        return gettext("(il reste un jour)")
    return ngettext("(il reste %(days)s jour)", "(il reste %(days)s jours)", left) % {"days": left}


def days_after_publication() -> str:
    """How long an offer without a dated deadline stays open (offers.openness)."""
    days = OPEN_WITHOUT_DEADLINE.days
    return ngettext(
        "(%(days)s jour après la publication)", "(%(days)s jours après la publication)", days
    ) % {"days": days}


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


def number(value) -> str:
    """A number in the active language's format without useless decimals: 1 300, 4,50, 35."""
    decimals = 0 if value == int(value) else 2
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def amount(value, unit: str, gross: bool | None = None) -> str:
    """Every sum of money the pages show: "4,35 € par heure", "€4.35 an hour", "€660 a month".

    One sentence per unit and gross/net, so that each language places the € sign and the words
    where it writes them (after the number in French, before it in English).
    """
    sentences = {
        ("hour", None): gettext("%(amount)s € par heure"),
        ("hour", True): gettext("%(amount)s € brut par heure"),
        ("hour", False): gettext("%(amount)s € net par heure"),
        ("month", None): gettext("%(amount)s € par mois"),
        ("month", True): gettext("%(amount)s € brut par mois"),
        ("month", False): gettext("%(amount)s € net par mois"),
    }
    # An offer being edited may have an amount before its unit: the number alone, then.
    sentence = sentences.get((unit, gross), gettext("%(amount)s €"))
    return sentence % {"amount": number(value)}


def per_month(value) -> str:
    """A monthly sum to the euro: an hourly stipend's equivalent is an estimate anyway."""
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return amount(whole, "month")


def labelled(label, value) -> str:
    """ "Région : Bretagne" in French, "Region: Bretagne" in English."""
    return gettext("%(label)s : %(value)s") % {"label": label, "value": value}


def offer_count(count: int) -> str:
    return ngettext("%(counter)s offre", "%(counter)s offres", count) % {"counter": count}


def page_of(number: int, total: int | None) -> str:
    if total:
        return gettext("Page %(number)s sur %(total)s") % {"number": number, "total": total}
    return gettext("Page %(number)s") % {"number": number}


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
