"""Every filter of the board, declared once.

A `Facet` names its GET parameter (saved links use these names), its label, its options and the
one ORM condition an option selects. From this list come the search form and its templates
(offers.filters, templates/jinja2/forms/), the conditions the list, feeds, calendars, exports
and alerts apply (offers.board, the one seam they ask), the board index's columns and masks
(offers.board_index reads `index_expression()`), the facet counts, the removable chips and the
parameters a stored search keeps. Adding a filter is one entry in FACETS.

The conditions that depend on today (applications open or closed, closing soon, freshness)
are the `Clock`'s, each ORM condition beside the index mask that computes it; "open" itself is
offers.openness's.

Several values of a multiple facet are OR'ed together; facets are AND'ed.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationKind

from . import by_organisation, nearby
from .geography import DEPARTEMENT_CHOICES, DEPARTEMENTS, REGION_CHOICES
from .models import DrivingLicence, EducationLevel, OfferKind, RemoteWork
from .openness import CLOSING_SOON_DAYS, Window
from .search import search_condition
from .stipends import monthly_equivalent_expression

# Longer than any real search, short enough that a pasted novel is refused with a message.
MAX_QUERY_LENGTH = 200
ABROAD = "etranger"


class DurationBucket:
    SHORT = "court"
    MEDIUM = "moyen"
    LONG = "long"
    VERY_LONG = "tres-long"

    CHOICES = [
        (SHORT, _("2 mois ou moins")),
        (MEDIUM, _("3 à 4 mois")),
        (LONG, _("5 à 6 mois")),
        (VERY_LONG, _("Plus de 6 mois")),
    ]
    # Inclusive month bounds; an offer belongs to every bucket its range overlaps.
    BOUNDS = {SHORT: (0, 2), MEDIUM: (3, 4), LONG: (5, 6), VERY_LONG: (7, None)}


class StipendBucket:
    STATED = "precisee"
    CHOICES = [
        (STATED, _("Montant précisé")),
        ("600", _("Au moins 600 € par mois")),
        ("700", _("Au moins 700 € par mois")),
        ("800", _("Au moins 800 € par mois")),
        ("1000", _("Au moins 1 000 € par mois")),
    ]


class ApplicationStatus:
    OPEN = "ouvertes"
    CLOSED = "closes"
    ALL = "toutes"
    CHOICES = [(ALL, _("Toutes")), (OPEN, _("Ouvertes")), (CLOSED, _("Closes"))]


class Freshness:
    CHOICES = [
        ("1", _("Depuis 24 h")),
        ("7", _("Depuis 7 jours")),
        ("30", _("Depuis 30 jours")),
    ]


class SortOrder:
    RELEVANCE = "pertinence"
    DEADLINE = "date-limite"
    NEWEST = "recentes"
    # Offered when a town is chosen (offers.nearby).
    DISTANCE = "distance"
    CHOICES = [
        (DEADLINE, _("Date limite")),
        (NEWEST, _("Plus récentes")),
        (RELEVANCE, _("Pertinence")),
        (DISTANCE, _("Distance")),
    ]


REGION_FILTER_CHOICES = [*REGION_CHOICES, (ABROAD, _("À l'étranger"))]
# "Open to my level": a level finds the offers asking for it or less, and those asking none.
LEVEL_ORDER = EducationLevel.values


def prepare(queryset):
    """The aliases the conditions read."""
    return queryset.alias(
        shortest_duration=Coalesce(F("duration_min_months"), F("duration_max_months")),
        longest_duration=Coalesce(F("duration_max_months"), F("duration_min_months")),
        monthly_stipend=monthly_equivalent_expression(),
        # A start given by its month alone counts from the month's first day.
        stated_start=Coalesce(F("start_date"), F("start_month")),
    )


def region_option(value: str) -> Q:
    if value == ABROAD:
        return ~Q(country="FR")
    codes = [code for code, (_name, region) in DEPARTEMENTS.items() if region == value]
    return Q(country="FR", department_code__in=codes)


def duration_option(value: str) -> Q:
    low, high = DurationBucket.BOUNDS[value]
    condition = Q(longest_duration__gte=low)
    if high is not None:
        condition &= Q(shortest_duration__lte=high)
    return condition


def level_option(value: str) -> Q:
    accepted = LEVEL_ORDER[: LEVEL_ORDER.index(value) + 1]
    return Q(education_level__in=[*accepted, ""])


def stipend_option(value: str) -> Q:
    if value == StipendBucket.STATED:
        return Q(stipend_amount__isnull=False)
    return Q(monthly_stipend__gte=int(value))


@dataclass(frozen=True)
class Clock:
    """Today, read once per request: every condition that depends on the date is here.

    Each ORM condition sits beside the board index's mask for the same thing; the index's
    `closes` (deadline as date.toordinal(), LAST when none) and `published` (microseconds
    since 1970, LAST when never) columns are what the masks read.
    """

    today: datetime.date
    now: datetime.datetime

    @classmethod
    def current(cls) -> Clock:
        return cls(timezone.localdate(), timezone.now())

    # Applications open: offers.openness has the rule.
    @property
    def window(self) -> Window:
        return Window.on(self.today, self.now)

    # Closing soon: the deadline falls in the next CLOSING_SOON_DAYS days, today included.
    def closing_soon_q(self) -> Q:
        last_day = self.today + datetime.timedelta(days=CLOSING_SOON_DAYS)
        return Q(application_closes_on__gte=self.today, application_closes_on__lte=last_day)

    def closing_soon_mask(self, board):
        first_day = board.day_number(self.today)
        last_day = first_day + CLOSING_SOON_DAYS
        return board.dated & (board.closes >= first_day) & (board.closes <= last_day)

    # Freshness: published within the last `days` days (24 h for 1).
    def published_since_q(self, days: int) -> Q:
        return Q(published_at__gte=self.now - datetime.timedelta(days=days))

    def published_since_mask(self, board, days: int):
        since = board.moment_number(self.now - datetime.timedelta(days=days))
        return board.ever_published & (board.published >= since)


# How the board index stores a facet.
CODE = "code"  # one option at most per offer: the option's position (-1 for none)
BITS = "bits"  # any number of options: bit i set when option i's condition holds
DATED = "dated"  # computed per request from the Clock
TEXT = "text"  # keywords: the index is given the search's matches
MONTH = "month"  # a month chosen freely: compared with the start day column
# A MONTH facet's count of the offers that state no start (kept unless its companion is ticked).
UNSTATED = "sans-date"
NEAR = "near"  # a commune: option(commune, values) is the condition, the index's places the mask
# One organisation, by its slug (offers.by_organisation): drawn as a hidden input, not counted;
# the index compares its organisation column with the organisation's id.
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Facet:
    name: str
    label: object
    store: str
    choices: Callable[[], list] | list = field(default_factory=list)
    multiple: bool = False
    flag: bool = False  # a checkbox alone: "on" selects
    # CODE facets: the field whose value is the option (the index reads it as it is) …
    field: str | None = None
    # … otherwise the condition one option selects.
    option: Callable[[str], Q] | None = None
    # DATED facets: the Clock's (ORM condition, index mask) for one option.
    dated: Callable | None = None
    counted: bool = True
    empty_label: object = None
    help_text: object = ""
    # A checkbox that changes this facet's meaning, declared with it: (name, label).
    companion: tuple | None = None
    # Parameters older links and stored alerts carry that now mean the default: still accepted
    # (so those links are cached and kept like any other), read as nothing.
    retired: tuple[str, ...] = ()
    # A value accepted that deserves a word on the list: notice(cleaned value) -> text or None.
    notice: Callable | None = None

    def options(self) -> list[tuple[str, object]]:
        if self.flag:
            return [(True, self.label)]
        return list(self.choices() if callable(self.choices) else self.choices)

    def values(self) -> list:
        return [value for value, _label in self.options()]

    def chosen(self, value) -> list:
        """The options a cleaned value selects, as a list."""
        if value in (None, "", False, [], ()):
            return []
        if self.flag:
            return [True]
        return list(value) if self.multiple else [value]

    def condition(self, value, cleaned: dict, clock: Clock) -> Q | None:
        """The ORM condition a cleaned value sets, or None when it restricts nothing."""
        if self.store == MONTH:
            return self.start_condition(value, only_stated=bool(cleaned.get(self.companion[0])))
        chosen = self.chosen(value)
        if not chosen:
            return None
        if self.store == TEXT:
            return search_condition(value) if value.strip() else None
        if self.store == NEAR:
            return self.option(value, cleaned)
        if self.store == DATED:
            conditions = [self.dated(clock, option)[0] for option in chosen]
            conditions = [condition for condition in conditions if condition is not None]
            return functools.reduce(operator.or_, conditions) if conditions else None
        if self.field is not None:
            return Q(**{f"{self.field}__in": chosen})
        return functools.reduce(operator.or_, (self.option(option) for option in chosen))

    @staticmethod
    def start_condition(month, only_stated: bool) -> Q | None:
        """From `month` on (a date, or None for any): an offer that states no start is kept
        (it may well start then) unless `only_stated`."""
        if month is None:
            return Q(stated_start__isnull=False) if only_stated else None
        condition = Q(stated_start__gte=month)
        return condition if only_stated else condition | Q(stated_start__isnull=True)

    def index_expression(self):
        """What the board index reads for this facet, computed by the database from option()."""
        if self.store == CODE and self.field is not None:
            return F(self.field)
        if self.store == CODE:
            whens = [
                When(self.option(value), then=Value(position))
                for position, value in enumerate(self.values())
            ]
            return Case(*whens, default=Value(-1), output_field=IntegerField())
        if self.store == BITS:
            bits = [
                Case(
                    When(self.option(value), then=Value(1 << position)),
                    default=Value(0),
                    output_field=BigIntegerField(),
                )
                for position, value in enumerate(self.values())
            ]
            return functools.reduce(operator.add, bits)
        return None


def open_or_closed(clock: Clock, value: str):
    if value == ApplicationStatus.OPEN:
        return clock.window.open_q(), lambda board: board.is_open(clock)
    if value == ApplicationStatus.CLOSED:
        return clock.window.closed_q(), lambda board: ~board.is_open(clock)
    return None, None


def closing_soon(clock: Clock, value):
    return clock.closing_soon_q(), clock.closing_soon_mask


def published_since(clock: Clock, value: str):
    days = int(value)
    return clock.published_since_q(days), lambda board: clock.published_since_mask(board, days)


FACETS = [
    Facet("q", _("Mots-clés"), TEXT, counted=False),
    Facet(
        "lieu",
        _("Près de"),
        NEAR,
        counted=False,
        option=nearby.condition,
        help_text=_("Une commune ou un code postal. Les offres entièrement à distance en plus."),
        companion=("rayon", _("Dans un rayon de (km)")),
    ),
    Facet("kind", _("Type d'offre"), CODE, OfferKind.choices, multiple=True, field="kind"),
    Facet(
        "region",
        _("Région"),
        CODE,
        REGION_FILTER_CHOICES,
        multiple=True,
        option=region_option,
    ),
    Facet(
        "departement",
        _("Département"),
        CODE,
        DEPARTEMENT_CHOICES,
        multiple=True,
        field="department_code",
    ),
    Facet(
        "org_kind",
        _("Type de structure"),
        CODE,
        OrganisationKind.choices,
        multiple=True,
        field="organisation__kind",
    ),
    Facet(
        "duration",
        _("Durée"),
        BITS,
        DurationBucket.CHOICES,
        multiple=True,
        option=duration_option,
    ),
    Facet(
        "level",
        _("Mon niveau d'études"),
        BITS,
        EducationLevel.choices,
        multiple=True,
        option=level_option,
        help_text=_("Les offres ouvertes à ce niveau : celles qui demandent autant ou moins."),
    ),
    Facet(
        "stipend",
        _("Gratification (équivalent mensuel)"),
        BITS,
        StipendBucket.CHOICES,
        option=stipend_option,
        empty_label=_("Toutes les gratifications"),
    ),
    Facet(
        "debut",
        _("Début à partir de"),
        MONTH,
        help_text=_("Mois de début, au format AAAA-MM."),
        companion=("avec_debut", _("Seulement les offres dont le début est précisé")),
        # Offers without a start were left out unless this was ticked; they are now kept.
        retired=("sans_debut",),
    ),
    Facet(
        "depuis",
        _("Publiée"),
        DATED,
        Freshness.CHOICES,
        dated=published_since,
        empty_label=_("Depuis toujours"),
    ),
    Facet(
        "remote",
        _("Télétravail possible"),
        BITS,
        flag=True,
        option=lambda _value: Q(remote__in=[RemoteWork.POSSIBLE, RemoteWork.FULL]),
    ),
    Facet(
        "no_licence",
        _("Sans permis de conduire exigé"),
        BITS,
        flag=True,
        option=lambda _value: ~Q(driving_licence=DrivingLicence.REQUIRED),
    ),
    Facet(
        "bientot",
        format_lazy(_("Clôture bientôt (sous {days} jours)"), days=CLOSING_SOON_DAYS),
        DATED,
        flag=True,
        dated=closing_soon,
    ),
    Facet(
        "status",
        _("Candidatures"),
        DATED,
        ApplicationStatus.CHOICES,
        dated=open_or_closed,
    ),
    # Set by the organisation page's links (its alert, feeds, calendar), not by a field.
    Facet(
        "organisation",
        _("Organisation"),
        ORGANISATION,
        counted=False,
        option=by_organisation.condition,
        notice=by_organisation.notice,
    ),
]
BY_NAME = {facet.name: facet for facet in FACETS}
# The facets whose options show a count.
COUNTED = [facet for facet in FACETS if facet.counted]
# The facets the board index stores as columns read from the database.
INDEXED = [facet for facet in FACETS if facet.store in (CODE, BITS)]


def departement_options(regions: list) -> list[tuple[str, str]]:
    """The départements a choice of régions leaves (all of them when none is chosen)."""
    french = [region for region in regions if region != ABROAD]
    if not french:
        return DEPARTEMENT_CHOICES
    return [(code, label) for code, label in DEPARTEMENT_CHOICES if DEPARTEMENTS[code][1] in french]


def outside_regions(departements: list, regions: list) -> list[str]:
    """The chosen départements that are in none of the chosen régions (empty when they agree)."""
    if not regions or not departements:
        return []
    return [code for code in departements if DEPARTEMENTS.get(code, ("", ""))[1] not in regions]
