"""The Jinja2 environment of the public pages (templates/jinja2/).

Django's engine renders every node through a Python object tree; Jinja2 compiles a template to
Python once: the list's twenty cards render in a few milliseconds instead of twelve. The admin
and the e-mails keep Django's templates.

Words are marked `{{ _("…") }}`, which Django's makemessages extracts from these files as
from its own templates (see the Makefile's `messages` target); sentences that need a number or
a plural come from Python helpers (offers/words.py), where makemessages reads ngettext.
"""

import datetime

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from jinja2 import Environment
from markupsafe import Markup

from alerts.choices import Frequency
from offers import fragments, templating, words
from offers.highlights import highlight_parts
from offers.params import filled
from offers.rendering import cached_markdown


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def querystring(request, **changes) -> str:
    """The current query string with these parameters replaced ({% querystring %}).

    Empty values (a form sent without JavaScript) are left out: "?q=&page=2" says no more.
    """
    params = filled(request.GET)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return f"?{params.urlencode()}"


def date(value, format_name: str = "DATE_FORMAT") -> str:
    """A date in the active language's format ("15 décembre 2025", "Dec. 15, 2025")."""
    return formats.date_format(value, format_name) if value else ""


def localdate(value: datetime.datetime | None) -> datetime.date | None:
    """The day of a stored moment in the board's time zone (published_at is kept in UTC)."""
    return timezone.localdate(value) if value else None


def iso(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if value else ""


def alert_frequencies() -> list[tuple[str, str, bool]]:
    """The alert form's frequency options (value, label, checked), from the model's choices."""
    return [(value, label, value == Frequency.WEEKLY) for value, label in Frequency.choices]


def trusted_gettext(message: str) -> Markup:
    return Markup(translation.gettext(message))


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_translations(translation, newstyle=False)
    # The catalogue's words are ours, not visitors': shown as written ("n'est", not "n&#39;est").
    env.globals.update(_=trusted_gettext, gettext=trusted_gettext)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        get_language=translation.get_language,
        debug=settings.DEBUG,
        words=words,
        card_fragments=fragments.card_fragments,
        alert_frequencies=alert_frequencies,
    )
    env.filters.update(
        date=date,
        iso=iso,
        localdate=localdate,
        floatformat=floatformat,
        days_left=templating.days_left,
        closing_soon=templating.closing_soon,
        region=templating.region,
        stipend_level=templating.stipend_level,
        monthly_stipend=templating.monthly_stipend,
        highlight_parts=highlight_parts,
        safe_url=templating.safe_url,
        phone_href=templating.phone_href,
        markdown=cached_markdown,
    )
    return env
