"""Open data: the results of any search as CSV or JSON, with the list's own filters and order.

The JSON keeps the codes (`stage`, `month`, `bac5`) for programs; the CSV, read by people in a
spreadsheet, says them in words in the language of the page it was downloaded from."""

import csv

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django_countries import countries

from . import board
from .geography import region_name, region_of_department
from .publication import publication_value, with_stated_publication
from .stipends import monthly_equivalent, stipend_level

EXPORT_SIZE = 5000
COLUMNS = [
    "slug",
    "url",
    "titre",
    "organisation",
    "type",
    "candidatures_ouvertes",
    "date_limite",
    "ville",
    "code_postal",
    "departement",
    "region",
    "pays",
    "teletravail",
    "duree_min_mois",
    "duree_max_mois",
    "gratification_montant",
    "gratification_unite",
    "gratification_mensuelle",
    "gratification_par_rapport_au_minimum",
    "niveau_etudes",
    "publiee_le",
]


def offers_of(request):
    """The offers with what the rows read: their organisation, their stated publication day
    (one query, whatever their number)."""
    offers = board.ordered(board.read(request.GET)).select_related("organisation")
    return with_stated_publication(offers)[:EXPORT_SIZE]


def rows(request, offers=None):
    for offer in offers_of(request) if offers is None else offers:
        monthly = monthly_equivalent(offer)
        yield {
            "slug": offer.slug,
            "url": request.build_absolute_uri(offer.get_absolute_url()),
            "titre": offer.title,
            "organisation": offer.organisation.name,
            "type": offer.kind,
            "candidatures_ouvertes": offer.applications_open,
            "date_limite": offer.application_deadline.isoformat()
            if offer.application_deadline
            else None,
            "ville": offer.city,
            "code_postal": offer.postal_code,
            "departement": offer.department_code,
            "region": region_name(region_of_department(offer.department_code) or "") or "",
            "pays": offer.country,
            "teletravail": offer.remote,
            "duree_min_mois": offer.duration_min_months,
            "duree_max_mois": offer.duration_max_months,
            "gratification_montant": str(offer.stipend_amount)
            if offer.stipend_amount is not None
            else None,
            "gratification_unite": offer.stipend_unit,
            "gratification_mensuelle": str(monthly) if monthly is not None else None,
            "gratification_par_rapport_au_minimum": str(stipend_level(offer)),
            "niveau_etudes": offer.education_level,
            "publiee_le": publication_value(offer),
        }


def in_words(offer, row: dict) -> dict:
    """A row's codes as the pages say them: "Stage", "non précisé", "par mois", "Bac +5"."""
    level = stipend_level(offer)
    return {
        **row,
        "type": offer.get_kind_display(),
        "candidatures_ouvertes": gettext("oui") if row["candidatures_ouvertes"] else gettext("non"),
        "pays": countries.name(offer.country) or offer.country,
        "teletravail": gettext("non précisé")
        if offer.remote == "not_mentioned"
        else offer.get_remote_display(),
        "gratification_unite": UNIT_WORDS[offer.stipend_unit]()
        if offer.stipend_unit in UNIT_WORDS
        else offer.stipend_unit,
        "gratification_par_rapport_au_minimum": str(getattr(level, "label", level)),
        "niveau_etudes": offer.get_education_level_display() if offer.education_level else "",
    }


UNIT_WORDS = {"hour": lambda: gettext("par heure"), "month": lambda: gettext("par mois")}


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (publishers write the titles)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# A French spreadsheet (Excel, LibreOffice in a French locale) splits columns on ";" and reads
# "4,35" as a number; the byte order mark is how Excel knows the file is UTF-8, not Windows-1252.
CSV_SEPARATOR = ";"
CSV_DECIMAL_COLUMNS = {"gratification_montant", "gratification_mensuelle"}
BYTE_ORDER_MARK = "\ufeff"


def csv_cell(key, value) -> str:
    if key in CSV_DECIMAL_COLUMNS and value is not None:
        value = str(value).replace(".", ",")
    return spreadsheet_safe(value)


@require_safe
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participe-offres.csv"'
    response.write(BYTE_ORDER_MARK)
    writer = csv.DictWriter(response, fieldnames=COLUMNS, delimiter=CSV_SEPARATOR)
    writer.writeheader()
    offers = offers_of(request)
    for offer, row in zip(offers, rows(request, offers), strict=True):
        writer.writerow({key: csv_cell(key, value) for key, value in in_words(offer, row).items()})
    return response


@require_safe
def export_json(request):
    offers = list(rows(request))
    return JsonResponse(
        {"count": len(offers), "offers": offers}, json_dumps_params={"ensure_ascii": False}
    )
