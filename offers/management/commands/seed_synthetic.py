"""Fills the database with a large, realistic board for benchmarks and load tests.

Every field is drawn from the seed postings (fixtures/*.yaml), one field group at a time, so the
synthetic board has the seed's distributions (mostly stages, mostly bac+5, six months, Paris
first) without copying any one posting whole. A fixed random seed makes two runs identical.
"""

import datetime
import random
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from offers.models import Deadline, DeadlineKind, Offer, OfferStatus
from offers.rendering import render_markdown
from organisations.models import Contact, Organisation, OrganisationKind

BATCH_SIZE = 2_000
# One organisation gets exactly this many offers: the benchmark's "organisation with 500 offers".
BIG_ORGANISATION_OFFERS = 500
OFFERS_PER_ORGANISATION = 50
YEARS_OF_ARCHIVES = 8

# A board for all of France: the seed's places, plus the big cities it does not mention.
CITIES = [
    ("Paris", "75001", "75"),
    ("Lyon", "69003", "69"),
    ("Marseille", "13001", "13"),
    ("Toulouse", "31000", "31"),
    ("Nantes", "44000", "44"),
    ("Bordeaux", "33000", "33"),
    ("Lille", "59000", "59"),
    ("Rennes", "35000", "35"),
    ("Strasbourg", "67000", "67"),
    ("Montpellier", "34000", "34"),
    ("Grenoble", "38000", "38"),
    ("Dijon", "21000", "21"),
    ("Clermont-Ferrand", "63000", "63"),
    ("Rouen", "76000", "76"),
    ("Tours", "37000", "37"),
    ("Besançon", "25000", "25"),
    ("Brest", "29200", "29"),
    ("Ajaccio", "20000", "2A"),
    ("Saint-Denis", "97400", "974"),
    ("Poitiers", "86000", "86"),
]
STATUS_WEIGHTS = {
    OfferStatus.PUBLISHED: 88,
    OfferStatus.ARCHIVED: 4,
    OfferStatus.DRAFT: 3,
    OfferStatus.SUBMITTED: 3,
    OfferStatus.REJECTED: 2,
}
ORGANISATION_PATTERNS = {
    OrganisationKind.ASSOCIATION: ["Association {word} {city}", "Collectif {word} de {city}"],
    OrganisationKind.LOCAL_AUTHORITY: ["Mairie de {city}", "Métropole de {city}"],
    OrganisationKind.PUBLIC_BODY: ["Agence {word} de {city}", "Parc naturel de {city}"],
    OrganisationKind.UNIVERSITY: ["Université de {city}", "Laboratoire {word} de {city}"],
    OrganisationKind.COMPANY: ["Cabinet {word} Conseil", "{word} Concertation"],
    OrganisationKind.COOPERATIVE: ["Scop {word}", "Coopérative {word} de {city}"],
    OrganisationKind.OTHER: ["Fondation {word}", "Réseau {word}"],
}
WORDS = [
    "Participation",
    "Dialogue",
    "Territoires",
    "Agora",
    "Débat public",
    "Médiation",
    "Sciences",
    "Transition",
    "Quartiers",
    "Citoyenneté",
    "Cité",
    "Écologie",
]
FIRST_NAMES = ["Camille", "Louise", "Hugo", "Léa", "Nathan", "Inès", "Jules", "Chloé", "Sami"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Diallo"]
ROLES = ["Chargée de mission concertation", "Directeur", "Responsable RH", "Médiatrice"]
OFFER_GROUPS = {
    "kind": ["kind"],
    "remote": ["remote", "remote_wording"],
    "duration": ["duration_min_months", "duration_max_months", "duration_wording"],
    "hours": ["weekly_hours_min", "weekly_hours_max", "hours_wording"],
    "stipend": ["stipend_amount", "stipend_unit", "stipend_gross", "stipend_wording"],
    "education": ["education_level", "education_wording"],
    "licence": ["driving_licence"],
    "start": ["start_wording"],
    "apply": ["how_to_apply"],
    "text": ["title", "description"],
}


def load_seed() -> tuple[list[dict], list[dict], list[dict]]:
    offers, organisations, deadlines = [], [], []
    for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.yaml")):
        for obj in yaml.safe_load(path.read_text(encoding="utf-8")):
            target = {
                "offers.offer": offers,
                "organisations.organisation": organisations,
                "offers.deadline": deadlines,
            }.get(obj["model"])
            if target is not None:
                target.append(obj["fields"])
    if not offers:
        raise CommandError("No seed offers in fixtures/: nothing to draw the distributions from.")
    return offers, organisations, deadlines


class Progress:
    """A one-line progress bar on stderr: no dependency, and quiet with --verbosity 0."""

    def __init__(self, stream, label: str, total: int, enabled: bool):
        self.stream, self.label, self.total, self.enabled = stream, label, total, enabled
        self.done = 0

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        percent = 100 * self.done // max(self.total, 1)
        ending = "\n" if self.done >= self.total else ""
        self.stream.write(
            f"\r{self.label:<14} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>7}/{self.total} {percent:>3} %",
            ending=ending,
        )
        self.stream.flush()


class Command(BaseCommand):
    help = "Génère des offres synthétiques réalistes (pour les mesures de performance)."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, required=True, help="nombre d'offres")
        parser.add_argument("--seed", type=int, default=2026, help="graine du hasard")

    def handle(self, *args, offers: int, seed: int, verbosity: int, **options):
        if offers < 1 or offers > 5_000_000:
            raise CommandError("--offers doit être compris entre 1 et 5 000 000.")
        self.rng = random.Random(seed)
        self.rendered_descriptions = {}
        self.seed_offers, self.seed_organisations, seed_deadlines = load_seed()
        self.deadline_wordings = [d["wording"] for d in seed_deadlines if d["wording"]]
        self.now = timezone.now().replace(microsecond=0)
        # Slugs end with a number past every existing row, so a second run adds, never clashes.
        self.base = (Offer.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        show = verbosity > 0

        with transaction.atomic():
            bulk = connection.vendor == "postgresql"
            if bulk:
                # A bulk load, like a migration: the pages' bound on one statement
                # (DATABASE_STATEMENT_TIMEOUT) is not for it; this transaction only.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = 0")
                self.set_copy_triggers("DISABLE")
            organisations = self.create_organisations(max(1, offers // OFFERS_PER_ORGANISATION))
            contacts = self.create_contacts(organisations)
            progress = Progress(self.stderr, "Offres", offers, show)
            for start in range(0, offers, BATCH_SIZE):
                count = min(BATCH_SIZE, offers - start)
                self.create_offers(start, count, organisations, contacts)
                progress.advance(count)
            if bulk:
                self.set_copy_triggers("ENABLE")
                self.write_search_documents()
        if show:
            self.stdout.write(
                f"{offers} offres, {len(organisations)} organisations et "
                f"{sum(len(c) for c in contacts.values())} contacts créés."
            )

    def set_copy_triggers(self, action: str) -> None:
        # The triggers of migration 0002 copy each deadline's date onto its offer one row at a
        # time: 75,000 single-row updates. Inside this transaction they are off and the offers
        # are written with their copy already set (create_offers); nobody else sees the tables.
        with connection.cursor() as cursor:
            # ALTER TABLE refuses while deferred foreign key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"ALTER TABLE offers_deadline {action} TRIGGER offers_deadline_sync_closes_on"
            )
            cursor.execute(f"ALTER TABLE offers_offer {action} TRIGGER offers_offer_closes_on")
            # And the search document, written afterwards by write_search_documents().
            cursor.execute(
                f"ALTER TABLE offers_offer {action} TRIGGER offers_offer_search_document"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def write_search_documents(self) -> None:
        """The search documents of the new offers, as the trigger of migration 0002 writes them.

        The trigger analyses each offer's description, row by row: most of four minutes at
        100,000 offers. Synthetic descriptions are the seed's few, so each distinct one is
        analysed once here, and each row only adds its short title, organisation and place, in
        the trigger's order (tests/offers/test_seed_synthetic.py compares the two). A document's
        pairs of adjacent words (migration 0009) are its description's, computed once, and those
        its short head makes, with the description's first word.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """
                CREATE TEMPORARY TABLE seed_description_document AS
                SELECT md5(description) AS digest,
                       participe_part(description, 'C') AS document,
                       participe_pairs(participe_part(description, 'C')) AS pairs,
                       (SELECT coalesce(string_agg(quote_literal(lexeme) || ':1', ' '), '')
                        FROM unnest(participe_part(description, 'C'))
                        WHERE 1 = ANY(positions))::tsvector AS opening,
                       participe_part(participe_lead(description), 'C') AS summary,
                       participe_lead(description) AS excerpt
                FROM unnest(%s::text[]) AS texts (description)
                """,
                [sorted({offer["description"] or "" for offer in self.seed_offers})],
            )
            cursor.execute(
                """
                WITH seeded AS (
                  SELECT offer.id, heads.head, texts.document, texts.pairs, texts.opening,
                         texts.summary, texts.excerpt
                  FROM offers_offer AS offer
                  JOIN organisations_organisation AS organisation
                    ON organisation.id = offer.organisation_id
                  JOIN seed_description_document AS texts
                    ON texts.digest = md5(coalesce(offer.description, ''))
                  CROSS JOIN LATERAL (
                    SELECT participe_part(offer.title, 'A')
                        || participe_part(organisation.name, 'B')
                        || participe_part(participe_place(offer.city, offer.place_wording,
                                                          offer.department_code), 'B') AS head
                  ) AS heads
                  WHERE offer.id >= %s
                ), documents AS (
                  INSERT INTO offers_searchdocument (offer_id, document, excerpt)
                  SELECT id, head || document || pairs || participe_pairs(head || opening), excerpt
                  FROM seeded
                )
                INSERT INTO offers_searchsummary (offer_id, summary)
                SELECT id, head || summary FROM seeded
                """,
                [self.base],
            )
            # The board's vocabulary (offers.search.suggestion): each distinct text once.
            cursor.execute(
                """
                SELECT participe_add_words(string_agg(DISTINCT texts.part, ' '))
                FROM (
                  SELECT unnest(ARRAY[offer.title, organisation.name,
                                      participe_place(offer.city, offer.place_wording,
                                                      offer.department_code)]) AS part
                  FROM offers_offer AS offer
                  JOIN organisations_organisation AS organisation
                    ON organisation.id = offer.organisation_id
                  WHERE offer.id >= %s
                  UNION
                  SELECT unnest(%s::text[])
                ) AS texts
                """,
                [self.base, sorted({offer["description"] or "" for offer in self.seed_offers})],
            )
            cursor.execute("DROP TABLE seed_description_document")

    def create_organisations(self, count: int) -> list[Organisation]:
        organisations = []
        for index in range(count):
            kind = self.rng.choice(self.seed_organisations)["kind"]
            city = self.rng.choice(CITIES)[0]
            pattern = self.rng.choice(ORGANISATION_PATTERNS[kind])
            name = pattern.format(word=self.rng.choice(WORDS), city=city)
            described = self.rng.choice(self.seed_organisations)
            organisations.append(
                Organisation(
                    name=f"{name} {index + 1}",
                    slug=f"{slugify(name)[:150]}-{self.base + index}",
                    kind=kind,
                    city=city,
                    description=described["description"],
                    website=f"https://{slugify(name)}-{index + 1}.example.org",
                )
            )
        return Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)

    def create_contacts(self, organisations) -> dict[int, list[Contact]]:
        contacts = []
        for organisation in organisations:
            for number in range(self.rng.choice([1, 1, 2, 3])):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                contacts.append(
                    Contact(
                        organisation=organisation,
                        name=f"{first} {last}",
                        role=self.rng.choice(ROLES),
                        email=f"{slugify(first)}.{slugify(last)}.{number}@"
                        f"{organisation.slug[:60]}.example.org",
                    )
                )
        by_organisation: dict[int, list[Contact]] = {}
        for contact in Contact.objects.bulk_create(contacts, batch_size=BATCH_SIZE):
            by_organisation.setdefault(contact.organisation_id, []).append(contact)
        return by_organisation

    def pick_organisation(self, number: int, organisations):
        if number < BIG_ORGANISATION_OFFERS or len(organisations) == 1:
            return organisations[0]
        # A long tail, as on a real board: a few organisations post a lot, most post rarely.
        index = min(int(self.rng.paretovariate(1.2)) - 1, len(organisations) - 2)
        return organisations[1 + (index * 7919 + number) % (len(organisations) - 1)]

    def create_offers(self, start: int, count: int, organisations, contacts) -> None:
        offers, links, deadlines = [], [], []
        for number in range(start, start + count):
            organisation = self.pick_organisation(number, organisations)
            offer = self.build_offer(number, organisation)
            milestones = self.build_deadlines(offer)
            for milestone in milestones:
                if milestone.kind == DeadlineKind.APPLICATION:
                    offer.application_closes_on = milestone.date
            offers.append(offer)
            deadlines.extend(milestones)
        Offer.objects.bulk_create(offers, batch_size=BATCH_SIZE)
        through = Offer.contacts.through
        for offer in offers:
            choices = contacts[offer.organisation_id]
            for contact in self.rng.sample(choices, k=min(len(choices), self.rng.choice([1, 2]))):
                links.append(through(offer_id=offer.pk, contact_id=contact.pk))
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        Deadline.objects.bulk_create(deadlines, batch_size=BATCH_SIZE)

    def build_offer(self, number: int, organisation: Organisation) -> Offer:
        fields = {}
        for group in OFFER_GROUPS.values():
            source = self.rng.choice(self.seed_offers)
            fields.update({name: source[name] for name in group})
        if self.rng.random() < 0.5:
            city, postal_code, department = self.rng.choice(CITIES)
            place = {"city": city, "postal_code": postal_code, "department_code": department}
            place.update(country="FR", address="", place_wording="")
        else:
            source = self.rng.choice(self.seed_offers)
            names = ["address", "city", "postal_code", "department_code", "country"]
            place = {name: source[name] for name in [*names, "place_wording"]}
        status = self.rng.choices(list(STATUS_WEIGHTS), weights=STATUS_WEIGHTS.values())[0]
        # Newer offers are more numerous: the board grows.
        age = datetime.timedelta(days=365 * YEARS_OF_ARCHIVES * self.rng.random() ** 1.5)
        created = self.now - age - datetime.timedelta(minutes=self.rng.randrange(24 * 60))
        published = status in {OfferStatus.PUBLISHED, OfferStatus.ARCHIVED}
        offer = Offer(
            organisation=organisation,
            # bulk_create skips save(): the seed's few descriptions are rendered once each.
            description_html=self.rendered(fields.get("description") or ""),
            slug=f"{slugify(fields['title'])[:150]}-{self.base + number}",
            status=status,
            published_at=created if published else None,
            created_at=created,
            updated_at=created,
            **fields,
            **place,
        )
        # bulk_create skips save(): the position from the town, as save() would set it.
        offer.locate()
        return offer

    def rendered(self, description: str) -> str:
        if description not in self.rendered_descriptions:
            self.rendered_descriptions[description] = render_markdown(description)
        return self.rendered_descriptions[description]

    def build_deadlines(self, offer: Offer) -> list[Deadline]:
        day = offer.created_at.date()
        roll = self.rng.random()
        deadlines = []
        if roll < 0.75:
            close = day + datetime.timedelta(days=self.rng.randint(10, 75))
            wording = f"Candidatures jusqu'au {close:%d/%m/%Y}"
            deadlines.append(Deadline(offer=offer, kind=DeadlineKind.APPLICATION, date=close))
            deadlines[-1].wording = wording
            if self.rng.random() < 0.3:
                interviews = close + datetime.timedelta(days=self.rng.randint(3, 15))
                deadlines.append(
                    Deadline(
                        offer=offer,
                        kind=DeadlineKind.INTERVIEWS,
                        date=interviews,
                        wording=f"Entretiens le {interviews:%d/%m/%Y}",
                    )
                )
        elif roll < 0.85 and self.deadline_wordings:
            # Undated, as postings that say "fin novembre" without a year.
            wording = self.rng.choice(self.deadline_wordings)
            deadlines.append(Deadline(offer=offer, kind=DeadlineKind.APPLICATION, wording=wording))
        if self.rng.random() < 0.4:
            start = day + datetime.timedelta(days=self.rng.randint(60, 120))
            deadlines.append(
                Deadline(
                    offer=offer,
                    kind=DeadlineKind.START,
                    date=start,
                    wording=f"Début le {start:%d/%m/%Y}",
                )
            )
        return deadlines
