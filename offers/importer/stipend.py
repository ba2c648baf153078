"""How much: the stipend's amount, its unit (per hour or per month), gross or net."""

import re
from decimal import Decimal, InvalidOperation

from .text import Found, clip, fold

_AMOUNT = re.compile(
    r"(?P<amount>\d{1,3}(?:[  .]\d{3})*(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?\b|eur\b)"
)
_WORDS = re.compile(
    r"gratification|indemnit|remuneration|salaire|retribution|allocation|indemnise|remunere"
)
_PER_HOUR = re.compile(
    r"^\s*(?:bruts?|nets?)?\s*(?:/\s*h\b|/\s*heure|par heure|de l'heure|l'heure)"
)
_PER_MONTH = re.compile(r"mensuel|par mois|/\s*mois")
_GROSS = re.compile(r"\bbruts?\b")
_NET = re.compile(r"\bnets?\b")
_STATED_WITHOUT_AMOUNT = re.compile(
    r"\b(?:stage indemnise|indemnite de stage|indemnites de stage|gratifications? de stage|"
    r"remuneration legale|gratification (?:reglementaire|legale|superieure)|indemnise)"
)
# Amounts that are not the stipend: reimbursements, examples, meal tickets.
_NOT_STIPEND = re.compile(r"exemple|rembourse|ticket|transport|navigo|frais")


def find_stipend(lines: list[str]) -> dict:
    values: dict = {}
    found = []
    for line in lines:
        folded = fold(line)
        stipend_line = bool(_WORDS.search(folded))
        for match in _AMOUNT.finditer(folded):
            before = folded[max(0, match.start() - 40) : match.start()]
            if _NOT_STIPEND.search(before) or "%" in folded[match.end() : match.end() + 2]:
                continue
            try:
                amount = Decimal(re.sub(r"[  .]", "", match["amount"]).replace(",", "."))
            except InvalidOperation:
                continue
            after = folded[match.end() : match.end() + 30]
            # An amount is a stipend in a line about one, or when its unit says it is paid.
            if _PER_HOUR.search(after):
                unit = "hour"
            elif _PER_MONTH.search(after[:20] if not stipend_line else folded):
                unit = "month"
            elif not stipend_line:
                continue
            elif amount >= 100:
                # No hourly rate reaches 100 €: an amount this size is a month's.
                unit = "month"
            else:
                continue
            gross = True if _GROSS.search(folded) else False if _NET.search(folded) else None
            found.append((amount, unit, gross, line))
            break
    distinct = {(a, u) for a, u, _, _ in found}
    if len(distinct) == 1:
        amount, unit, gross, line = found[0]
        values["stipend_amount"] = Found(amount, clip(line))
        values["stipend_unit"] = Found(unit, clip(line))
        if gross is not None:
            values["stipend_gross"] = Found(gross, clip(line))
        values["stipend_wording"] = Found(clip(line, 500), clip(line))
    elif len(distinct) > 1:
        values["_flag"] = (
            "stipend_amount",
            "Plusieurs montants : " + " / ".join(clip(f[3], 120) for f in found),
        )
    else:
        for line in lines:
            if _STATED_WITHOUT_AMOUNT.search(fold(line)):
                values["stipend_wording"] = Found(clip(line, 500), clip(line))
                break
    return values


def unit_in(words: str) -> str | None:
    """The unit that words typed after an amount name ("€ par mois", "brut de l'heure"), if any:
    the publisher's form reads "600 € par mois" with the importer's words."""
    folded = re.sub(r"^\s*(?:€|euros?\b|eur\b)", "", fold(words))
    if _PER_HOUR.search(folded):
        return "hour"
    if _PER_MONTH.search(folded):
        return "month"
    return None
