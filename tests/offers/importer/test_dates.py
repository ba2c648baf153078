"""offers.importer.dates: milestones, their kinds, and years written, borrowed or deduced."""

import datetime

import pytest

from offers.importer.dates import exact_months, find_dates, find_period

D = datetime.date


def milestones(*lines):
    return [(m.kind, m.date, m.end_date, m.deduced) for m in find_dates(list(lines)).deadlines]


def test_numeric_and_worded_dates_with_their_kinds():
    assert milestones(
        "Offre publiée le 03/02/2031",
        "Candidatures jusqu'au 1er mars 2031 inclus.",
        "Prise de poste le 2 mai 2031",
    ) == [
        ("publication", D(2031, 2, 3), None, False),
        ("application", D(2031, 3, 1), None, False),
        ("hiring", D(2031, 5, 2), None, False),
    ]


def test_the_nearest_specific_word_wins_over_a_generic_one():
    # "au plus tard" alone would mean the application deadline; "Embauche" says otherwise.
    assert milestones("Embauche au plus tard le 2 mai 2031") == [
        ("hiring", D(2031, 5, 2), None, False)
    ]


def test_a_date_without_a_year_borrows_the_year_of_its_sentence():
    assert milestones(
        "Date limite : 13 novembre 2031 (entretiens prévus entre le 20 et le 30 novembre)."
    ) == [
        ("application", D(2031, 11, 13), None, False),
        ("interviews", D(2031, 11, 20), D(2031, 11, 30), False),
    ]


def test_a_date_without_a_year_stays_undated_with_its_wording():
    found = find_dates(["Les entretiens se dérouleront entre le 30 août et 7 septembre."])
    (interviews,) = found.deadlines
    assert (interviews.kind, interviews.date, interviews.end_date) == ("interviews", None, None)
    assert interviews.wording == "Les entretiens se dérouleront entre le 30 août et 7 septembre."


def test_a_weekday_settles_the_year_only_when_one_year_near_the_others_fits():
    # 30 November was a Wednesday in 2022, not in 2021, 2023 or 2024.
    assert milestones(
        "Stage à partir de janvier 2023.",
        "Envoyez un CV le mercredi 30 novembre au plus tard.",
    ) == [("application", D(2022, 11, 30), None, True)]
    # Without any other date in the posting, nothing says which Wednesday 30 November it is.
    assert milestones("Envoyez un CV le mercredi 30 novembre au plus tard.") == [
        ("application", None, None, False)
    ]
    # A weekday that fits no year near the posting's: undated.
    assert milestones(
        "Stage à partir de janvier 2023.", "Candidatures avant le lundi 30 novembre."
    ) == [("application", None, None, False)]


def test_two_different_application_deadlines_stay_empty_and_are_flagged():
    found = find_dates(
        ["Date limite de candidature : 10 mars 2031.", "Candidatures avant le 17 mars 2031."]
    )
    assert [m.kind for m in found.deadlines] == []
    assert found.flags and "Plusieurs dates limites" in found.flags[0][1]


def test_the_same_deadline_written_twice_is_one():
    found = find_dates(
        ["Date limite de candidature le 15/12/2031", "Date limite de candidature le 15/12/2031"]
    )
    assert len(found.deadlines) == 1 and not found.flags


def test_a_start_date_is_the_start_milestone_and_the_exact_start():
    found = find_dates(["Stage de six mois à compter du 6 février 2031."])
    assert found.start_date == D(2031, 2, 6)
    assert [(m.kind, m.date) for m in found.deadlines] == [("start", D(2031, 2, 6))]


def test_dates_that_are_for_nothing_are_not_milestones():
    assert milestones("Le centre a ouvert ses portes le 30 septembre 2023.") == []


def test_an_impossible_date_is_no_date():
    assert milestones("Date limite de candidature : 31/06/2031") == []


def test_interviews_named_by_a_month_alone_keep_their_wording():
    (interviews,) = find_dates(["Les entretiens auront lieu en janvier 2031"]).deadlines
    assert (interviews.kind, interviews.date) == ("interviews", None)


@pytest.mark.parametrize(
    "line",
    [
        "Début : octobre 2031",
        "Prise de fonction : octobre 2031",
        "Date de début du stage : Octobre 2031",
        "Stage de 2 mois à partir de mi-octobre 2031",
        "La mission débutera à partir d’octobre 2031.",
        "Démarrage prévu début octobre 2031.",
        "Stage de 6 mois, d'octobre 2031 à mars 2032 (possibilité d’ajustement).",
        "Mission de service civique sur la période d’octobre 2031 à mai 2032.",
    ],
)
def test_a_start_named_by_its_month_alone_is_that_month(line):
    found = find_dates([line])
    assert (found.start_date, found.start_month) == (None, D(2031, 10, 1))
    assert found.start_month_excerpt


def test_a_period_starting_in_december_takes_the_year_before_its_end():
    assert find_dates(["Stage de 6 mois, de décembre à mai 2032."]).start_month == D(2031, 12, 1)


@pytest.mark.parametrize(
    "lines",
    [
        # Two months: which one is for the reviewer to say.
        ["Début : février ou mars 2031"],
        ["à partir de janvier/février 2031"],
        ["à compter de mars / avril 2031"],
        # A day makes it a date (start_date), not a month.
        ["Début du stage : 1er mars 2031"],
        # Not the post's start: a programme launched, an exhibition's period, an end.
        ["En janvier 2031, le programme sera lancé par le Parc."],
        ["L'exposition se tient de mars à juin 2031."],
        ["Fin : septembre 2031"],
        # Two sentences that disagree.
        ["Début : septembre 2031", "Démarrage : octobre 2031"],
    ],
)
def test_no_start_month_where_no_one_month_is_the_start(lines):
    assert find_dates(lines).start_month is None


def test_an_exact_start_leaves_the_month_empty():
    found = find_dates(["Début : septembre 2031", "Début du stage le 15 septembre 2031."])
    assert found.start_month is None


def test_a_field_labelled_date_alone_is_the_posting_s_date():
    assert milestones("Date : 06-06-2031", "Date limite de candidature : 07-08-2031") == [
        ("publication", D(2031, 6, 6), None, False),
        ("application", D(2031, 8, 7), None, False),
    ]


def test_a_board_s_closing_notice_is_the_application_deadline():
    for line in [
        "Cette offre d'emploi n'est plus active depuis le 10/12/2031.",
        "Offre expirée le 10/12/2031",
        "Clôture des candidatures : 10 décembre 2031",
    ]:
        assert milestones(line) == [("application", D(2031, 12, 10), None, False)], line


def test_the_post_s_period_in_full_dates_and_its_whole_months():
    start, end, excerpt = find_period(["Contrat du 1/10/2031 au 31/05/2032 - 28h/ semaine."])
    assert (start, end) == (D(2031, 10, 1), D(2032, 5, 31)) and excerpt.startswith("Contrat")
    assert exact_months(start, end) == 8
    assert exact_months(D(2031, 3, 15), D(2031, 9, 14)) == 6
    # Weeks and odd days are no whole number of months.
    assert exact_months(D(2031, 3, 3), D(2031, 8, 29)) is None
    period = find_period(["Stage du 3 mars 2031 au 29 août 2031."])
    assert period[:2] == (D(2031, 3, 3), D(2031, 8, 29))


def test_no_period_for_something_else_s_dates_or_two_periods():
    assert find_period(["L'exposition du 24/05/2031 au 13/07/2031 à Maromme."]) is None
    assert (
        find_period(
            ["Mission du 01/10/2031 au 31/05/2032.", "Mission du 01/11/2031 au 30/06/2032."]
        )
        is None
    )


def test_an_abbreviated_month_and_a_two_figure_year():
    assert milestones("Publié le 01 oct. 25") == [("publication", D(2025, 10, 1), None, False)]
    assert milestones("Date limite : 15 janv. 2031") == [
        ("application", D(2031, 1, 15), None, False)
    ]
    # Two figures after a whole month's name, or without the full stop, are no year.
    assert milestones("Date limite : 15 octobre 25 candidats") == [
        ("application", None, None, False)
    ]


def test_the_offer_s_own_date_is_its_publication():
    assert milestones("Offre de stage n° 38402 du 11/10/2031") == [
        ("publication", D(2031, 10, 11), None, False)
    ]
    # The offer's period is no publication.
    assert milestones("Offre de stage du 1er mars au 31 août 2031") == []
