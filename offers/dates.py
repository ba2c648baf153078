"""The range every date of the board must fall in.

A posting's dates are close to today: a year like 9999 is a typing error, and one such date made
`date + 1 day` overflow in the calendars for every search that included it. Each date field takes
these validators (forms and the admin show the message) and a constraint of the same range
(fixtures and the shell cannot store one either)."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)
MESSAGE = "Indiquez une date entre le 01/01/2000 et le 31/12/2099."

VALIDATORS = [
    MinValueValidator(EARLIEST, message=MESSAGE),
    MaxValueValidator(LATEST, message=MESSAGE),
]


def in_range(field: str) -> Q:
    """The constraint's condition for a nullable date field."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (EARLIEST, LATEST)})
