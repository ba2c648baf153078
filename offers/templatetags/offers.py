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
    """Days until the application deadline, or None when it is undated or past.

    today: timezone.localdate(), when the caller has it already (a page of cards).
    """
    deadline = offer.application_closes_on
    if deadline is None:
        return None
    left = (deadline - (today or timezone.localdate())).days
    return left if left >= 0 else None


@register.filter
def closing_soon(offer, today=None) -> bool:
    left = days_left(offer, today)
    return left is not None and 0 <= left <= CLOSING_SOON_DAYS


@register.filter
def region(offer) -> str:
    code = geography.region_of_department(offer.department_code) if offer.department_code else None
    return geography.region_name(code) if code else ""
