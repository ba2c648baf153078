"""offers.importer.places: city, postal code, département, country, remote work."""

from offers.importer.places import find_place


def values(heading_place, heading, *lines):
    found = find_place(heading_place, heading, list(lines))
    return {k: v.value for k, v in found.values.items()}, [f for f, _ in found.flags]


def test_a_heading_with_city_and_postal_code():
    found, flags = values("Bordeaux-33000", "Asso (Bordeaux-33000) – Stage")
    assert (found["city"], found["postal_code"], found["department_code"]) == (
        "Bordeaux",
        "33000",
        "33",
    )
    assert found["country"] == "FR" and not flags


def test_a_spaced_postal_code_and_a_city_with_an_article():
    found, _ = values("44 620 La Montagne", "Ville (44 620 La Montagne) – Stage")
    assert (found["city"], found["postal_code"]) == ("La Montagne", "44620")


def test_a_city_and_its_departement_number():
    found, _ = values("Aix-en-Provence -13", "Cabinet (Aix-en-Provence -13) – Stage")
    assert (found["city"], found["department_code"]) == ("Aix-en-Provence", "13")
    assert "postal_code" not in found


def test_a_labelled_place_line_with_a_street_address():
    found, _ = values("", "", "Lieu d'exercice : 23 rue des Balkans - 75020 Paris")
    assert (found["city"], found["postal_code"], found["department_code"]) == (
        "Paris",
        "75020",
        "75",
    )


def test_a_street_name_before_a_postal_code_is_not_a_city():
    found, _ = values("", "", "Lieu : Mairie du 11e, place Léon Blum – 75011")
    # 75011 is a Paris code: Paris is the only city it can be.
    assert (found["city"], found["postal_code"]) == ("Paris", "75011")


def test_two_cities_stay_empty_and_are_flagged():
    found, flags = values("", "", "Localisation : Montpellier et Frontignan")
    assert "city" not in found and "city" in flags


def test_a_postal_code_of_another_city_stays_empty_and_is_flagged():
    # 13004 is a postal code of Marseille, not of Arles.
    found, flags = values("Arles-13004", "Pôle (Arles-13004) – Stage")
    assert found["city"] == "Arles" and found["department_code"] == "13"
    assert "postal_code" not in found and "postal_code" in flags


def test_two_workplaces_in_two_departements_are_flagged():
    found, flags = values(
        "La Rochelle 17000",
        "Institut (La Rochelle 17000) – Stage",
        "Le stage se déroulera dans les locaux de l'institut à Niort (12 rue Basse, 79000).",
    )
    assert "department_code" not in found and "department_code" in flags


def test_a_canadian_postal_code_is_abroad():
    found, _ = values("G5L 3A1", "Université du Québec à Rimouski, Rimouski Québec (G5L 3A1) – X")
    assert (found["country"], found["postal_code"], found["city"]) == ("CA", "G5L 3A1", "Rimouski")


def test_remote_work_possible_or_not():
    found, _ = values("", "", "Télétravail possible deux jours par semaine.")
    assert found["remote"] == "possible"
    found, _ = values("", "", "Le stage se déroulera en présentiel.")
    assert found["remote"] == "none"
    found, _ = values("", "", "Poste basé à Lyon.")
    assert "remote" not in found


def test_remote_work_for_the_whole_internship():
    for line in [
        "Stage 100 % télétravail.",
        "Mission entièrement à distance, réunions en visio.",
        "Poste en full remote.",
        "Stage réalisable intégralement en télétravail.",
    ]:
        found, _ = values("", "", line)
        assert found["remote"] == "full", line
    found, _ = values("", "", "Télétravail possible, à distance deux jours par semaine.")
    assert found["remote"] == "possible"


def test_nothing_said_nothing_found():
    found, flags = values("", "", "Missions : animer des ateliers.")
    assert found == {} and flags == []
