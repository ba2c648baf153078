"""offers.importer.stipend: amount, unit, gross or net."""

from decimal import Decimal

from offers.importer.stipend import find_stipend


def stipend(*lines):
    found = find_stipend(list(lines))
    if "_flag" in found:
        return "flag"
    return tuple(
        found[k].value if k in found else None
        for k in ("stipend_amount", "stipend_unit", "stipend_gross")
    )


def test_amounts_units_and_gross_or_net():
    assert stipend("Gratification : 1 300 € brut mensuel") == (Decimal(1300), "month", True)
    assert stipend("soit 4,50€/heure.") == (Decimal("4.50"), "hour", None)
    # An amount that is not paid to anyone: a budget, a price.
    assert stipend("Un budget participatif de 500 000 € voté en 2022.") == (None, None, None)
    assert stipend("Gratification : soit 4,50€/heure.") == (Decimal("4.50"), "hour", None)
    assert stipend("Indemnité : 4,05€ de l'heure") == (Decimal("4.05"), "hour", None)
    assert stipend("Le stage est indemnisé à hauteur de 900 € bruts par mois.") == (
        Decimal(900),
        "month",
        True,
    )
    assert stipend("Rémunération : 770 euros/mois net") == (Decimal(770), "month", False)
    # A salary without a unit: no hourly rate reaches 100 €.
    assert stipend("Salaire : minimum légal (600 euros)") == (Decimal(600), "month", None)


def test_reimbursements_and_examples_are_not_the_stipend():
    assert stipend("Indemnité : 50% de remboursement du Pass Navigo") == (None, None, None)
    assert stipend("Indemnités : 4,35 € par heure de présence. Exemple : 609 € pour 20 jours.") == (
        Decimal("4.35"),
        "hour",
        None,
    )


def test_a_stipend_without_amount_keeps_its_wording():
    found = find_stipend(["Stage indemnisé + remboursement partiel du titre de transport"])
    assert "stipend_amount" not in found
    assert found["stipend_wording"].value.startswith("Stage indemnisé")


def test_two_amounts_are_flagged():
    assert stipend("Gratification : 600 € par mois", "Rémunération : 800 € par mois") == "flag"
