"""offers.importer.durations: months and weekly hours."""

from decimal import Decimal

from offers.importer.durations import find_duration, find_hours


def months(*lines):
    found = find_duration(list(lines))
    if "_flag" in found:
        return "flag"
    return found.get("duration_min_months") and (
        found["duration_min_months"].value,
        found["duration_max_months"].value,
    )


def test_ranges_and_single_durations_in_figures_or_words():
    assert months("Durée : 4 à 6 mois") == (4, 6)
    assert months("Durée du stage entre 3 et 6 mois") == (3, 6)
    assert months("Durée : stage de 5-6 mois") == (5, 6)
    assert months("Stage de six mois à compter du 6 février.") == (6, 6)
    assert months("Stage conventionné de 6 mois.") == (6, 6)


def test_months_that_are_not_the_duration():
    assert months("La refonte est notre priorité pour les 6 prochains mois.") is None
    assert months("Lieu du stage : un séjour de 2 mois au Québec.") is None
    assert months("Missions : animer des ateliers.") is None


def test_two_different_durations_are_flagged():
    assert months("Durée : 4 mois", "Stage de 6 mois") == "flag"


def hours(*lines):
    found = find_hours(list(lines))
    return found.get("weekly_hours_min") and (
        found["weekly_hours_min"].value,
        found["weekly_hours_max"].value,
    )


def test_weekly_hours():
    assert hours("Temps de travail : 35 heures par semaine") == (Decimal(35), Decimal(35))
    assert hours("Disponibilité : 28 et 35h/semaine") == (Decimal(28), Decimal(35))
    assert hours("Volume horaire : 35h hebdomadaires.") == (Decimal(35), Decimal(35))
    assert hours("Type de stage : Temps complet (35h)") == (Decimal(35), Decimal(35))
    assert hours("Travail en soirée jusqu'à 21h maximum") is None
