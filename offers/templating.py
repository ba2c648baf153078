"""The offers' helpers for the public pages' Jinja2 templates (registered in config.jinja2).

Plain functions of an offer's fields: no model is imported here, no query is made.
"""

import re

from django.utils import timezone

from . import geography, stipends
from .openness import CLOSING_SOON_DAYS

WEB_SCHEMES = {"http", "https"}


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


def phone_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone or "")
    return digits


def stipend_level(offer) -> str:
    return stipends.stipend_level(offer)


def monthly_stipend(offer):
    return stipends.monthly_equivalent(offer)


def days_left(offer, today=None) -> int | None:
    """Days until the application deadline, or None when it is undated or past.

    today: timezone.localdate(), when the caller has it already (a page of cards).
    """
    deadline = offer.application_closes_on
    if deadline is None:
        return None
    left = (deadline - (today or timezone.localdate())).days
    return left if left >= 0 else None


def closing_soon(offer, today=None) -> bool:
    left = days_left(offer, today)
    return left is not None and 0 <= left <= CLOSING_SOON_DAYS


def region(offer) -> str:
    code = geography.region_of_department(offer.department_code) if offer.department_code else None
    return geography.region_name(code) if code else ""
