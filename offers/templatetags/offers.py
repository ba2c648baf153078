import hashlib
import re

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe

from offers import geography, search, stipends
from offers.facets import CLOSING_SOON_DAYS
from offers.rendering import render_markdown

register = template.Library()

# Offers store their description rendered (Offer.description_html, on save); this filter is for
# the rows written without save() (fixtures, bulk updates): cached under a hash of the text, so
# an edit is never served stale.
RENDERED_SECONDS = 24 * 60 * 60


@register.filter
def markdown(text: str) -> str:
    key = "participe:markdown:" + hashlib.sha256((text or "").encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = render_markdown(text)
        cache.set(key, cached, timeout=RENDERED_SECONDS)
    return mark_safe(cached)


WEB_SCHEMES = {"http", "https"}


@register.filter
def safe_url(url: str) -> str:
    """The URL if it is a web address, else "": a `javascript:` link must never reach an href.

    Forms validate URLs, but fixtures, the shell and future imports do not go through forms.
    """
    url = (url or "").strip()
    # Browsers ignore tabs and newlines inside a scheme ("java\tscript:"): so does this check.
    scheme = re.sub(r"[\x00-\x20]", "", url).split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in WEB_SCHEMES or not re.match(r"^https?://[^/\s]", url, re.IGNORECASE):
        return ""
    return url


@register.filter
def applications_open(offer) -> bool:
    annotated = getattr(offer, "applications_open", None)
    if isinstance(annotated, bool):
        return annotated
    return offer.applications_open_on()


@register.filter
def phone_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return digits


@register.filter
def highlight_parts(text) -> list[tuple[str, bool]]:
    return search.highlight_parts(text)


@register.filter
def stipend_level(offer) -> str:
    return stipends.stipend_level(offer)


@register.filter
def monthly_stipend(offer):
    return stipends.monthly_equivalent(offer)


@register.filter
def days_left(offer, today=None) -> int | None:
    """Days until the application deadline of an open offer, or None.

    today: timezone.localdate(), when the caller has it already (a page of cards).
    """
    deadline = getattr(offer, "application_deadline", None)
    if "application_deadline" not in offer.__dict__:
        milestone = offer.application_deadline_milestone
        deadline = milestone.date if milestone is not None else None
    if deadline is None or not applications_open(offer):
        return None
    return (deadline - (today or timezone.localdate())).days


@register.filter
def closing_soon(offer, today=None) -> bool:
    left = days_left(offer, today)
    return left is not None and 0 <= left <= CLOSING_SOON_DAYS


@register.filter
def region(offer) -> str:
    code = geography.region_of_department(offer.department_code) if offer.department_code else None
    return geography.region_name(code) if code else ""


@register.filter
def long_date(value, format_string: str = "DATE_FORMAT") -> str:
    """Django's `date` with "1er" for the first of the month in French (offers.typography);
    `format_string` is a format's name or a format itself ("j F Y")."""
    if not value:
        return ""
    from django.utils import dateformat, formats

    from offers import typography

    if format_string.isupper():
        return typography.long_date(value, format_string)
    text = dateformat.format(value, formats.get_format(format_string))
    if getattr(value, "day", None) == 1 and typography.is_french() and format_string[:1] == "j":
        return "1er" + text[1:]
    return text


@register.filter(is_safe=True)
def french_spaces(html: str) -> str:
    """{% filter french_spaces %}: a Django-rendered page's text with French non-breaking spaces
    (offers.typography; the Jinja2 pages get them from config/jinja2.py)."""
    from offers import typography

    return mark_safe(typography.french_html_in(str(html)))
