"""offers.importer.headings: the heading lines that start the postings of a file."""

from offers.importer.headings import parse_heading, split_postings, title_without_heading


def test_organisation_place_title():
    heading = parse_heading("Agence TACT (Paris 75015) – Assistant.e chef.fe de projet")
    assert (heading.organisation, heading.place, heading.title) == (
        "Agence TACT",
        "Paris 75015",
        "Assistant.e chef.fe de projet",
    )
    heading = parse_heading("Pôle du Pays d'Arles (Arles-13004)Stage participation")
    assert (heading.organisation, heading.title) == ("Pôle du Pays d'Arles", "Stage participation")


def test_stage_chez_organisation():
    heading = parse_heading("Stage Chef(fe) de projet junior chez Make.org")
    assert (heading.organisation, heading.title) == ("Make.org", "Stage Chef(fe) de projet junior")


def test_sentences_with_brackets_are_not_headings():
    assert parse_heading("Vous serez encadré(e) par un(e) consultant(e) sénior :") is None
    assert parse_heading("Le stage (6 mois) est basé à Lyon.") is None
    assert parse_heading("Date limite : 13 novembre 2023 (entretiens le 20).") is None
    assert parse_heading("Missions") is None


def test_a_file_of_several_postings_is_split_at_each_heading():
    text = (
        "Lettre d'information n° 12\n\n"
        "Asso Une (Lyon 69001) – Stage concertation\n\nDurée : 6 mois.\n\n"
        "Asso Deux (Nantes 44000) – Stage médiation\n\nDurée : 4 mois.\n"
    )
    postings = split_postings(text)
    assert [p.split("\n")[0] for p in postings] == [
        "Asso Une (Lyon 69001) – Stage concertation",
        "Asso Deux (Nantes 44000) – Stage médiation",
    ]


def test_a_single_posting_is_the_whole_text():
    text = "OFFRE DE STAGE\n\nAgence X (Lyon) – Chargé de mission\n\nDurée : 6 mois."
    assert split_postings(text) == [text]
    assert split_postings("   ") == []


def test_a_short_notice_s_offer_names_its_subject():
    found = title_without_heading(
        [
            "Le suivi des nicheurs a été initié en 2000.",
            "C'est dans ce contexte que le Parc propose une offre de stage sur la conservation "
            "de la Glaréole à collier en Camargue.",
        ]
    )
    assert found.value == "la conservation de la Glaréole à collier en Camargue"
