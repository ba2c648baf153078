"""Pages of the public list that stay fast at 100,000 offers, deep pages included.

The list shows open offers first, then closed ones, each part in its own order. Sorting on an
expression that depends on today cannot use an index, so the list is read as consecutive parts
that can (see segments()), each in the order of a partial index on the published offers. The
first page reads only as many rows as it shows; a deep page counts the parts before its own,
skips rows inside its part's index, then fetches only its own rows in full.

Counting 100,000 rows costs more than a page, so the total is counted up to COUNT_LIMIT only:
beyond it the page says "plus de 10 000 offres" and a page exists if it has offers.
"""

from dataclasses import dataclass, field

from django.core.paginator import InvalidPage
from django.db.models import F, Q
from django.utils import timezone

from .filters import SortOrder
from .models import OPEN_WITHOUT_DEADLINE, Offer, OfferQuerySet

COUNT_LIMIT = 10_000
# What an offer card shows: the long texts stay in the database.
CARD_FIELDS = [
    "title",
    "slug",
    "kind",
    "city",
    "department_code",
    "country",
    "place_wording",
    "duration_min_months",
    "duration_max_months",
    "published_at",
    "application_closes_on",
    "organisation__name",
    "organisation__slug",
]


def segments(sort: str) -> list[tuple[Q, list, bool]]:
    """The list as consecutive (condition, order, open?) parts, each one an index can serve.

    Read one after another they give the list's order: open offers first, the soonest
    deadline first (or the newest), then closed ones, the most recently closed first.
    """
    today = timezone.localdate()
    recent = timezone.now() - OPEN_WITHOUT_DEADLINE
    open_q, closed_q = Offer.objects.open_q(today), Offer.objects.closed_q(today)
    if sort == SortOrder.NEWEST:
        newest = [
            F("published_at").desc(nulls_last=True),
            F("application_closes_on").desc(nulls_last=True),
            F("id").desc(),
        ]
        return [(open_q, newest, True), (closed_q, newest, False)]
    return [
        (Q(application_closes_on__gte=today), ["application_closes_on", "title", "id"], True),
        (
            Q(application_closes_on__isnull=True, published_at__gte=recent),
            ["title", "id"],
            True,
        ),
        (closed_q, [F("application_closes_on").desc(nulls_last=True), "title", "id"], False),
    ]


@dataclass
class BoundedPaginator:
    count: int
    count_is_exact: bool
    per_page: int
    num_pages: int | None = field(default=None)

    def __post_init__(self):
        if self.count_is_exact:
            self.num_pages = max(1, -(-self.count // self.per_page))


@dataclass
class BoundedPage:
    object_list: list
    number: int
    paginator: BoundedPaginator
    more: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw, paginator_count: int, exact: bool, per_page: int) -> int:
    if raw == "last" and exact:
        return max(1, -(-paginator_count // per_page))
    try:
        number = int(raw)
    except (TypeError, ValueError) as exc:
        raise InvalidPage("Ce numéro de page n'est pas un nombre.") from exc
    if number < 1:
        raise InvalidPage("Les pages commencent à 1.")
    return number


def paginate(queryset: OfferQuerySet, sort: str, per_page: int, raw_page) -> BoundedPage:
    """A page of `queryset` (filtered, not ordered), open offers first. Raises InvalidPage."""
    queryset = queryset.order_by()
    count = queryset[: COUNT_LIMIT + 1].count()
    exact = count <= COUNT_LIMIT
    number = page_number(raw_page or 1, count, exact, per_page)
    if number > 1 and exact and (number - 1) * per_page >= count:
        raise InvalidPage("Cette page n'existe pas.")
    offset = (number - 1) * per_page
    wanted = per_page + 1  # one more row tells whether a next page exists

    rows: list = []
    skip = offset
    parts = segments(sort)
    for index, (condition, order, opened) in enumerate(parts):
        part = queryset.filter(condition)
        # The last part is never counted: skipping past its end just gives an empty page.
        if skip and index < len(parts) - 1:
            # Only a page past the first needs to know how many rows an earlier part holds.
            size = part.count()
            if skip >= size:
                skip -= size
                continue
        # Skipping happens on ids, in the index; only the page's own rows are read in full.
        ids = part.order_by(*order).values("id")[skip : skip + wanted - len(rows)]
        rows += cards(Offer.objects.filter(id__in=ids), order, opened)
        skip = 0
        if len(rows) >= wanted:
            break
    if not rows and number > 1:
        raise InvalidPage("Cette page n'existe pas.")
    paginator = BoundedPaginator(min(count, COUNT_LIMIT), exact, per_page)
    return BoundedPage(rows[:per_page], number, paginator, more=len(rows) > per_page)


def cards(queryset, order, opened: bool) -> list[Offer]:
    offers = list(
        queryset.with_application_deadline()
        .select_related("organisation")
        .only(*CARD_FIELDS)
        .order_by(*order)
    )
    for offer in offers:
        # Known from the part it comes from: no need to ask the database again.
        offer.applications_open = opened
    return offers
