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
from django.utils import timezone, translation
from django.utils.functional import Promise
from jinja2 import Environment
from markupsafe import Markup

from alerts.choices import Frequency
from offers import caches, templating, typography, words
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
    """A date in the active language's format ("1er décembre 2025", "Dec. 1, 2025")."""
    return typography.long_date(value, format_name) if value else ""


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
    text = translation.gettext(message)
    if typography.needs_work(text) and typography.is_french():
        text = typography.french(text)
    return Markup(text)


def typeset(value):
    """Every value a template outputs, in French with its non-breaking spaces ("Région :" never
    breaks before the colon): the catalogue's words, the postings' and the helpers' alike.

    Markup is already typeset: the catalogue's (trusted_gettext) when it is made, a macro's
    or a cached fragment's by the values inside it; typesetting it again would cost a pass
    over the whole list on every request. The templates' own text between the tags writes its
    non-breaking spaces itself (&nbsp;)."""
    if value.__class__ is str:
        # The language is looked up last (it costs µs): most values hold no punctuation.
        if typography.needs_work(value) and typography.is_french():
            return typography.french(value)
        return value
    if value is None or value.__class__ in (int, bool) or isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):  # Django's safe strings (a rendered description), errors
        html = value.__html__()
        if typography.needs_work(html) and typography.is_french():
            return Markup(typography.french_html(html))
        return value
    if isinstance(value, str | Promise):  # Promise: a lazy translation (a field's label)
        text = str(value)
        if typography.needs_work(text) and typography.is_french():
            return typography.french(text)
        return text
    return value


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], finalize=typeset, **options)
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
        card_fragments=caches.card_fragments,
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
