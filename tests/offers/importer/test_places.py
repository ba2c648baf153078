"""offers.importer.places: city, postal code, département, country, remote work."""

from offers.importer.places import departement_of_town, find_place


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


def test_a_sentence_that_says_where_the_work_is_done_names_the_town():
    found, _ = values(
        "",
        "",
        "Stage dans un parc naturel de Belgique.",
        "Le stage se déroulera au sein du Parc naturel de la Haute-Sûre, situé à Martelange.",
    )
    assert (found["city"], found["country"]) == ("Martelange", "BE")
    assert "department_code" not in found
    found, _ = values(
        "", "", "Localisation : Gironde", "Les ateliers ont lieu toute l'année à Cenon."
    )
    assert (found["city"], found["department_code"]) == ("Cenon", "33")


def test_a_sentence_without_the_workplace_words_names_no_town():
    found, _ = values("", "", "Le colloque annuel se tient à Grenoble.")
    assert "city" not in found
    # A building is no town: in France, the town must be a commune.
    found, _ = values("", "", "Le stage se déroulera à La Maison du Parc, au cœur du massif.")
    assert "city" not in found


def test_a_line_of_facts_needs_a_town_of_that_departement():
    found, _ = values("", "", "Stage de médiation", "• Article - 12")
    assert "department_code" not in found
    found, _ = values("", "", "Stage de médiation", "• Lyon - 13")
    assert "city" not in found


def test_a_line_of_facts_with_a_town_and_its_departement_code():
    found, _ = values("", "", "Stage de médiation", "• Lyon 3e - 69", "• CDD")
    assert (found["city"], found["department_code"], found["country"]) == ("Lyon", "69", "FR")
    found, _ = values("", "", "Stage de médiation", "Rennes (35)")
    assert (found["city"], found["department_code"]) == ("Rennes", "35")


def test_a_bracketed_departement_code_after_a_place_or_ending_the_title():
    found, _ = values("", "", "Animateur nature (79)", "Association naturaliste.")
    assert found["department_code"] == "79" and "city" not in found
    found, _ = values("", "", "Stage", "Deux sites, dont un manoir à Bihorel (76).")
    assert found["department_code"] == "76" and "city" not in found


def test_bracketed_codes_that_disagree_or_are_no_departement_give_none():
    found, _ = values("", "", "Stage", "Sites à Niort (79) et à Saintes (17).")
    assert "department_code" not in found
    found, _ = values("", "", "Stage", "Une équipe (12) et un budget (45 000 €).")
    assert "department_code" not in found
    found, _ = values("", "", "Stage", "Standard (01) 40 00 00 00")
    assert "department_code" not in found


def test_what_only_france_has_places_a_posting_without_a_town_in_france():
    for line in [
        "Le Parc naturel régional des Vosges du Nord recrute un stagiaire.",
        "Notre association loi 1901 œuvre pour la nature.",
        "Premier réseau public français de monuments.",
        "La Métropole de Nantes est une collectivité territoriale.",
    ]:
        found, _ = values("", "", "Stage", line)
        assert found.get("country") == "FR", line


def test_the_french_language_or_a_place_abroad_is_not_france():
    found, _ = values("", "", "Stage", "Maîtrise du français et de l'anglais exigée.")
    assert "country" not in found
    found, _ = values("", "", "Stage", "Association loi 1901 basée au Sénégal.")
    assert found.get("country") == "SN"


def test_a_town_named_without_its_postal_code_gets_its_departement_from_the_communes():
    found, _ = values("", "", "Lieu de travail : Pantin")
    assert (found["city"], found["department_code"], found["country"]) == ("Pantin", "93", "FR")
    found, _ = values("", "", "Localisation : MOUSTIERS-STE-MARIE")
    assert found["department_code"] == "04"


def test_a_town_name_several_departements_share_or_abroad_gives_no_departement():
    assert departement_of_town("Saint-Denis") is None
    assert departement_of_town("Valence") is None
    assert departement_of_town("Paliseul") is None
    found, _ = values("", "", "Lieu : Nanterre", "Mission de volontariat au Sénégal.")
    assert "department_code" not in found
