"""offers.importer.profile: kind of offer, education level, driving licence."""

from offers.importer.profile import find_driving_licence, find_education, find_kind


def level(*lines):
    found = find_education(list(lines))
    return found["education_level"].value if found else None


def test_the_first_level_asked_for_is_the_requirement():
    assert level("Formation requise : Master 2 - 5e année. Exceptionnellement M1") == "bac5"
    assert level("Profil : niveau licence ou master") == "bac3"
    assert level("Étudiant Bac+4 à Bac+5 en ingénierie de la concertation") == "bac4"
    assert level("Vous êtes étudiant.e à l'université, niveau Master") == "bac4"
    assert level("Profil : formation supérieure de niveau Master 2") == "bac5"
    assert level("En deuxième année de master en urbanisme") == "bac5"
    assert level("Niveau Master II.") == "bac5"
    assert level("Le niveau de diplôme ne sera pas notre premier critère.") is None


def test_a_master_programme_without_its_year_names_no_level():
    # "Niveau Master" names a level (its first year); a student "en master" may be in either.
    assert level("Profil recherché : étudiant en master en biologie") is None
    assert level("Formation : Master en sciences de l'environnement") is None


def licence(*lines):
    found = find_driving_licence(list(lines))
    return found["driving_licence"].value if found else None


def test_driving_licence():
    assert licence("Permis de conduire requis") == "required"
    assert licence("Permis B souhaité.") == "preferred"
    assert licence("Permis B et véhicule personnel souhaitables") == "preferred"
    assert licence("Permis B indispensable (déplacements fréquents)") == "required"
    assert licence("Déplacements en train.") is None


def test_a_licence_the_applicant_must_hold_is_required():
    assert licence(
        "• Détenir un permis de conduire de catégorie B (être véhiculé est un atout)"
    ) == ("required")
    assert licence("Être titulaire du permis B") == "required"
    assert licence("Titulaire du permis B apprécié") == "preferred"


def test_kind():
    assert find_kind("", ["Stage de 6 mois", "Le ou la stagiaire"]).value == "stage"
    assert (
        find_kind(
            "", ["Le.la service civique aura pour mission", "Volontaire en service civique"]
        ).value
        == "service_civique"
    )
    assert find_kind("", ["Chargé de mission"]).value is None
