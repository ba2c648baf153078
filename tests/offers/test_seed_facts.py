"""A second, independent reading of the 28 source postings, checked against the offer pages.

The table below was written from the postings in ``fixtures/postings/``, not from the seed
fixtures: each fact is what the posting says, rendered as the offer page renders it. ``None``
means the posting does not give the fact (no dated deadline, no amount, no duration, no city),
and the page must then say so rather than show a value.

Where a posting leaves room for two readings (two places of work, two organisations), the entry
lists every defensible answer.
"""

import re
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup

from offers.models import Offer

pytestmark = pytest.mark.django_db

F000 = "000_b321367c748197b3.txt"
F001 = "001_09371f40c7ee9b64.txt"
F002 = "002_6895f5579852f696.txt"
F003 = "003_07df89d6b5fd88cc.txt"
F004 = "004_2e1128ab0c5aeda3.txt"
NBSP = "\xa0"


@dataclass(frozen=True)
class Posting:
    organisation: tuple[str, ...]  # any of these substrings (case-insensitive)
    title: str  # substring of the title (case-insensitive)
    city: tuple[str, ...] | None  # any of these; None: the posting names no place
    deadline: str | None  # application deadline, "j F Y"; None: no dated deadline
    milestones: list[str]  # every other full date (start, interviews, hiring, publication)
    duration: str | None  # as Offer.duration_label renders it
    stipend: str | None  # as Offer.stipend_label renders it; None: no amount written
    emails: set[str]  # contact e-mails, lower-case
    service_civique: bool = field(default=False)


POSTINGS: dict[tuple[str, int], Posting] = {
    # Kimiyo and the Défi Clé WOc; two sites, Frontignan and Montpellier. Published 01/12/2025.
    (F000, 1): Posting(
        organisation=("Kimiyo", "Défi Clé"),
        title="réusages de l'eau",
        city=("Frontignan", "Montpellier"),
        deadline="15 décembre 2025",
        milestones=["1 décembre 2025"],
        duration="6 mois",
        stipend="4,50 € par heure",
        emails={"justine.bassoul@umontpellier.fr", "renaud@kimiyo.fr"},
    ),
    # "Stage indemnisé" without an amount; interviews "entre le 30 août et 7 septembre" (no year).
    (F001, 1): Posting(
        organisation=("Traces",),
        title="partenariats",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails={
            "charlotte.barrois-de-sarigny@groupe-traces.fr",
            "sandrine.bron@espci.fr",
        },
    ),
    # Boutique des Sciences Lyon 2 for Pollens, in Roanne; "environ 550 euros par mois".
    # "Date limite de candidature: 13 novembre 2023 (entretiens prévus entre le 20 et le 30
    # novembre)": the interviews take the year written in the same sentence.
    (F002, 1): Posting(
        organisation=("Pollens", "Lyon 2"),
        title="santé en Roannais",
        city=("Roanne",),
        deadline="13 novembre 2023",
        milestones=["20 novembre 2023", "30 novembre 2023"],
        duration="4 à 6 mois",
        stipend="550 € par mois",
        emails={"morgane.montagnat1@univ-lyon2.fr"},
    ),
    # "Janvier à Juillet 2025": a period, no number of months written.
    (F003, 1): Posting(
        organisation=("Territoire de Sciences",),
        title="Ingénierie culturelle",
        city=("Grenoble", "Pont-de-Claix"),
        deadline="31 octobre 2024",
        milestones=[],
        duration=None,
        stipend="4,35 € par heure",
        emails={"marion.sabourdy@territoire-de-sciences.fr"},
    ),
    (F004, 1): Posting(
        organisation=("Nicaya",),
        title="Concertation et Participation citoyenne",
        city=("Aix-en-Provence",),
        deadline=None,
        milestones=[],
        duration="6 mois",
        stipend=f"1{NBSP}300 € brut par mois",
        emails={"diane.julien@nicaya.com"},
    ),
    (F004, 2): Posting(
        organisation=("Médiation & Environnement",),
        title="concertation",
        city=("Bordeaux",),
        deadline="20 avril 2023",
        milestones=["2 mai 2023"],  # "Embauche au plus tard le 2 mai 2023"
        duration="3 à 6 mois",
        stipend="800 € brut par mois",
        emails={"contact@mediation-environnement.com"},
    ),
    # "Rémunération légale": no amount. "Démarrage souhaité : 01/04/2023".
    (F004, 3): Posting(
        organisation=("Démocratie Ouverte",),
        title="communication",
        city=("Paris",),
        deadline=None,
        milestones=["1 avril 2023"],
        duration="6 mois",
        stipend=None,
        emails={"stage@democratieouverte.org"},
    ),
    # Deadline 01/03/2023, "Date prévisionnelle d'embauche 15/03/2023"; "stage de 5-6 mois".
    (F004, 4): Posting(
        organisation=("Rennes",),
        title="Fabrique citoyenne du climat",
        city=("Rennes",),
        deadline="1 mars 2023",
        milestones=["15 mars 2023"],
        duration="5 à 6 mois",
        stipend=None,
        emails={"participationcitoyenne@rennesmetropole.fr"},
    ),
    # "Stage de 4 mois (mars 2023 – juin 2023)", "Début du stage : 1er mars 2023".
    (F004, 5): Posting(
        organisation=("rignac",),
        title="budget participatif",
        city=("Mérignac",),
        deadline=None,
        milestones=["1 mars 2023"],
        duration="4 mois",
        stipend=None,
        emails={"la.clerteaujuge@merignac.com"},
    ),
    # "Indemnités de stage selon réglementation en vigueur"; "s.hernandez @ville-arles.fr".
    (F004, 6): Posting(
        organisation=("Pays d",),
        title="participation citoyenne et communication",
        city=("Arles",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails={"s.hernandez@ville-arles.fr"},
    ),
    (F004, 7): Posting(
        organisation=("Make.org",),
        title="projet junior",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration="6 mois",
        stipend=None,
        emails={"guillemette.colombe@make.org"},
    ),
    # No duration, no stipend, no contact; start "entre le 1er mars et le 3 avril" (no year).
    (F004, 8): Posting(
        organisation=("SAGE",),
        title="concertation",
        city=("Mont-de-Marsan",),
        deadline=None,
        milestones=[],
        duration=None,
        stipend=None,
        emails=set(),
    ),
    # Service civique; "minimum légal en vigueur pour les services civiques (600 euros)".
    (F004, 9): Posting(
        organisation=("Paris",),
        title="communication",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration="6 à 9 mois",
        stipend="600 € par mois",
        emails={"laura.desmaris@paris.fr"},
        service_civique=True,
    ),
    # Service civique; the posting stops after the profile: no period, amount nor contact.
    (F004, 10): Posting(
        organisation=("Paris",),
        title="designer",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration=None,
        stipend=None,
        emails=set(),
        service_civique=True,
    ),
    # Service civique; "gratification légale en vigueur (601 euros/mois)".
    (F004, 11): Posting(
        organisation=("Paris",),
        title="développement de la vie citoyenne",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration="6 à 9 mois",
        stipend="601 € par mois",
        emails={"laura.desmaris@paris.fr"},
        service_civique=True,
    ),
    # "Date de l'annonce : 16/01/2023. Date limite de candidature : 17/02/2023."
    (F004, 12): Posting(
        organisation=("Coopawatt",),
        title="concertation",
        city=("Francheville",),
        deadline="17 février 2023",
        milestones=["16 janvier 2023"],
        duration="6 mois",
        stipend="770 € par mois",
        emails={"contact@coopawatt.fr"},
    ),
    # "gratification réglementaire"; the 1 500 euros are for living costs, not a stipend.
    (F004, 13): Posting(
        organisation=("Rimouski",),
        title="mécanismes formels de concertation",
        city=("Rimouski",),
        deadline="8 janvier 2023",
        milestones=[],
        duration="6 mois",
        stipend=None,
        emails={"caroline.rufin-soler@univ-littoral.fr", "steve_plante@uqar.ca"},
    ),
    # "Gratification supérieure au minimum légal": no amount.
    (F004, 14): Posting(
        organisation=("Vox Operati",),
        title="démocratie participative",
        city=("Rennes",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails={"contact@voxoperatio.com"},
    ),
    # "tarif légal en vigueur (4,05€ de l'heure)"; no duration written.
    (F004, 15): Posting(
        organisation=("Décider ensemble",),
        title="Décider ensemble",
        city=("Paris",),
        deadline="15 janvier 2023",
        milestones=[],
        duration=None,
        stipend="4,05 € par heure",
        emails={"contact@deciderensemble.com"},
    ),
    # The second PETR posting gives no contact at all.
    (F004, 16): Posting(
        organisation=("Pays d",),
        title="Conseil de développement",
        city=("Arles",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails=set(),
    ),
    # "A côté du stade de France": no commune written.
    (F004, 17): Posting(
        organisation=("Plaine Commune",),
        title="démocratie locale",
        city=None,
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails={"foulques.renard@plainecommune.fr"},
    ),
    # "le dimanche 27 novembre 2022 au plus tard"; interviews "au début du mois de décembre".
    (F004, 18): Posting(
        organisation=("Marais poitevin",),
        title="initiatives citoyennes",
        city=("La Rochelle", "Coulon"),
        deadline="27 novembre 2022",
        milestones=[],
        duration="6 mois",
        stipend=None,
        emails={
            "a.ghemard@parc-marais-poitevin.fr",
            "d.marie@parc-marais-poitevin.fr",
            "chaire-participations@univ-lr.fr",
        },
    ),
    # "de février à juillet 2023": a period, no number of months written.
    (F004, 19): Posting(
        organisation=("Ifrée",),
        title="biodiversité",
        city=("La Rochelle", "Villiers-en-Bois"),
        deadline="30 novembre 2022",
        milestones=[],
        duration=None,
        stipend=None,
        emails={"ifree@ifree.asso.fr", "chaire-participations@univ-lr.fr"},
    ),
    # "Stage de six mois à compter du 6 février 2023"; interviews "en janvier 2023".
    (F004, 20): Posting(
        organisation=("Guid",),
        title="impact social",
        city=("La Rochelle",),
        deadline="30 novembre 2022",
        milestones=["6 février 2023"],
        duration="6 mois",
        stipend=None,
        emails={"patricia.bressange@ac-poitiers.fr", "chaire-participations@univ-lr.fr"},
    ),
    # "le mercredi 30 novembre au plus tard": no year, so no dated deadline.
    (F004, 21): Posting(
        organisation=("La Rochelle",),
        title="neutralité carbone",
        city=("La Rochelle",),
        deadline=None,
        milestones=[],
        duration="6 mois",
        stipend=None,
        emails={
            "alice.mazeaud01@univ-lr.fr",
            "nicolas.becu@cnrs.fr",
            "melanie.pommerieux@univ-lr.fr",
        },
    ),
    (F004, 22): Posting(
        organisation=("Planète",),
        title="concertation",
        city=("Lyon",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend="900 € brut par mois",
        emails={"verbrugghe@planetepublique.fr"},
    ),
    # "Indemnité de stage" without an amount.
    (F004, 23): Posting(
        organisation=("La Montagne",),
        title="démocratie locale",
        city=("La Montagne",),
        deadline="10 décembre 2022",
        milestones=[],
        duration="6 mois",
        stipend=None,
        emails={"mairie@ville-lamontagne.fr"},
    ),
    # The posting stops at the place: no contact, no deadline, no amount.
    (F004, 24): Posting(
        organisation=("Tact",),
        title="concertation",
        city=("Paris",),
        deadline=None,
        milestones=[],
        duration="4 à 6 mois",
        stipend=None,
        emails=set(),
    ),
}


def test_the_table_covers_the_28_postings():
    assert len(POSTINGS) == 28


def squash(text: str) -> str:
    """Collapse layout whitespace, keeping the non-breaking spaces the page writes."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def key_facts(soup) -> dict[str, object]:
    facts = {}
    for dt in soup.select("section.key-facts dl dt"):
        facts[squash(dt.get_text())] = dt.find_next_sibling("dd")
    return facts


def value_text(dd) -> str:
    """The page's own value, without the posting's quoted wording or the stipend badge."""
    dd = BeautifulSoup(str(dd), "html.parser").dd
    for extra in dd.select(".wording, .badge"):
        extra.decompose()
    return squash(dd.get_text())


def shown(text: str) -> str:
    """What the page prints for an expected value: "1er" for the first of the month, and a
    non-breaking space holding a sum to its € sign."""
    return re.sub(r"^1 ", "1er ", text).replace(" €", "\u00a0€")


def times(element) -> set[str]:
    return {squash(time.get_text()) for time in element.select("time")}


@pytest.mark.parametrize(
    "source", sorted(POSTINGS), ids=[f"{name[:3]}-{index}" for name, index in sorted(POSTINGS)]
)
def test_offer_page_shows_what_the_posting_says(seed, client, source):
    expected = POSTINGS[source]
    offer = Offer.objects.get(source_file=source[0], source_index=source[1])
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")

    organisation = squash(soup.select_one(".offer__org").get_text()).lower()
    assert any(name.lower() in organisation for name in expected.organisation), organisation
    title = squash(soup.select_one("h1").get_text()).lower()
    assert expected.title.lower() in title, title

    facts = key_facts(soup)

    place = value_text(facts["Lieu"])
    if expected.city is None:
        assert place == "non précisé", place
    else:
        assert any(city in place for city in expected.city), place

    deadline = facts["Date limite de candidature"]
    if expected.deadline is None:
        # No dated deadline: the page says so, or quotes the undated wording, never a date.
        assert not deadline.select("time"), deadline
        assert value_text(deadline) in {"non précisée", ""}, deadline
    else:
        assert times(deadline) == {shown(expected.deadline)}

    # Every full date on the page is one the posting gives, and every one it gives is there.
    dated = times(soup.select_one("section.deadlines")) | times(facts["Début"])
    wanted = {shown(day) for day in expected.milestones} | (
        {shown(expected.deadline)} if expected.deadline else set()
    )
    assert dated == wanted

    duration = value_text(facts["Durée"])
    assert duration == (expected.duration or "non précisée")

    stipend_label = "Indemnité" if expected.service_civique else "Gratification"
    assert stipend_label in facts, list(facts)
    stipend = value_text(facts[stipend_label])
    assert stipend == (shown(expected.stipend) if expected.stipend else "non précisée")

    apply = soup.select_one("section.apply")
    emails = {
        link["href"].removeprefix("mailto:").lower() for link in apply.select('a[href^="mailto:"]')
    }
    assert emails == expected.emails
    if not expected.emails:
        assert "Contact non précisé" in apply.get_text()
