"""Two people at once on one offer: a publisher's content save never undoes a
moderator's decision, and the second of two editors is told instead of overwriting.

The races run for real: each side in its own thread, with its own PostgreSQL connection, on
committed data (transactional tests)."""

import html
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from offers import workflow
from offers.editing import STALE_MESSAGE
from offers.models import Offer, OfferStatus, OfferTransition
from tests.admin_forms import form_data
from tests.factories import (
    DeadlineFactory,
    OfferFactory,
    OrganisationFactory,
    moderator,
    publisher,
)

S = OfferStatus
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def change_url(offer) -> str:
    return f"/admin/offers/offer/{offer.pk}/change/"


def in_own_connection(function):
    """Run function in a thread of its own (so, its own database connection); re-raise."""
    errors = []

    def run():
        try:
            function()
        except Exception as error:  # handed to the caller below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if errors:
        raise errors[0]


@pytest.fixture
def people(transactional_db):
    organisation = OrganisationFactory()
    return organisation, publisher(organisation), moderator()


@transactional
def test_an_archive_during_a_publishers_edit_is_kept_and_the_publisher_told(people):
    organisation, author, moderatrice = people
    offer = OfferFactory(organisation=organisation, title="Titre d'origine")
    editor = Client()
    editor.force_login(author)
    data = form_data(editor.get(change_url(offer)), form_id="offer_form")

    # While the publisher's form is open, a moderator archives the offer elsewhere.
    in_own_connection(lambda: workflow.apply(offer, "archive", by=moderatrice))

    data["title"] = "Titre corrigé"
    response = editor.post(change_url(offer), data)
    assert response.status_code == 200
    assert STALE_MESSAGE in html.unescape(response.content.decode())
    offer.refresh_from_db()
    assert offer.status == S.ARCHIVED
    assert offer.title == "Titre d'origine"


@transactional
def test_the_second_of_two_editors_is_told_instead_of_overwriting(people):
    organisation, author, moderatrice = people
    offer = OfferFactory(organisation=organisation, title="Titre d'origine")
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(moderatrice)
    first_data = form_data(first.get(change_url(offer)), form_id="offer_form")
    second_data = form_data(second.get(change_url(offer)), form_id="offer_form")

    first_data["city"] = "Marseille"
    assert first.post(change_url(offer), first_data).status_code == 302
    second_data["title"] = "Titre de la modératrice"
    response = second.post(change_url(offer), second_data)
    assert STALE_MESSAGE in html.unescape(response.content.decode())
    offer.refresh_from_db()
    assert (offer.city, offer.title) == ("Marseille", "Titre d'origine")


@transactional
def test_a_content_save_racing_a_decision_never_reverts_it(people):
    """The attack: a publisher's save and a moderator's archive or rejection at the same time.
    Before the fix the save wrote back the status it had read (14 of 20 archives reverted)."""
    organisation, author, moderatrice = people
    rounds = []
    for n in range(12):
        name = "archive" if n % 2 == 0 else "reject"
        factory_status = S.PUBLISHED if name == "archive" else S.SUBMITTED
        offer = OfferFactory(organisation=organisation, status=factory_status)
        editor = Client()
        editor.force_login(author)
        data = form_data(editor.get(change_url(offer)), form_id="offer_form")
        data["title"] = f"Corrigé {n}"
        rounds.append((offer, name, editor, data))

    for n, (offer, name, editor, data) in enumerate(rounds):
        start = threading.Barrier(2)
        # The decision lands at a different moment of the save's request each round.
        delay = n * 0.02

        def save(editor=editor, data=data, offer=offer, start=start):
            start.wait()
            editor.post(change_url(offer), data)

        def decide(offer=offer, name=name, delay=delay, start=start):
            start.wait()
            time.sleep(delay)
            workflow.apply(offer, name, by=moderatrice, reason="Incomplète.")

        threads = [threading.Thread(target=wrap(f)) for f in (save, decide)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    for offer, name, _, _ in rounds:
        offer.refresh_from_db()
        expected = S.ARCHIVED if name == "archive" else S.REJECTED
        assert offer.status == expected, (offer.pk, name, offer.status)
        # The offer's state and its history agree.
        last = OfferTransition.objects.filter(offer=offer).latest("created_at", "pk")
        assert last.to_status == offer.status
    assert Offer.objects.filter(status=S.PUBLISHED, organisation=organisation).count() == 0


def wrap(function):
    def run():
        try:
            function()
        finally:
            connection.close()

    return run


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@transactional
def test_two_publishers_saving_offers_of_one_title_at_once_both_get_an_address(people):
    """Both forms choose the free address "stage-concertation": the second insert waits on the
    unique index for the first one's commit, fails, and takes the next free address."""
    organisation, author, _moderatrice = people
    add_url = "/admin/offers/offer/add/"
    editor = Client()
    editor.force_login(author)
    data = form_data(editor.get(add_url), form_id="offer_form")
    data.update(
        title="Stage concertation",
        city="Lyon",
        description="Animer des ateliers de concertation.",
        how_to_apply="CV et lettre à l'adresse du contact.",
    )
    inserted, release = threading.Event(), threading.Event()

    def first_publisher():
        try:
            with transaction.atomic():
                OfferFactory(
                    organisation=organisation, title="Stage concertation", slug="stage-concertation"
                )
                inserted.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    responses = []

    def second_publisher():
        try:
            responses.append(editor.post(add_url, data))
        finally:
            connection.close()

    first = threading.Thread(target=first_publisher)
    first.start()
    assert inserted.wait(timeout=30)
    second = threading.Thread(target=second_publisher)
    second.start()
    deadline = time.monotonic() + 30
    while not waiting_on_a_lock():
        assert time.monotonic() < deadline, "the second insert never waited for the first"
        time.sleep(0.02)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert [response.status_code for response in responses] == [302]
    slugs = Offer.objects.filter(title="Stage concertation").values_list("slug", flat=True)
    assert sorted(slugs) == ["stage-concertation", "stage-concertation-2"]


@transactional
def test_a_deadline_edited_on_its_own_page_meanwhile_is_not_overwritten(people):
    organisation, author, moderatrice = people
    offer = OfferFactory(organisation=organisation)
    deadline = DeadlineFactory(offer=offer, wording="Avant le 15 janvier")
    editor, other = Client(), Client()
    editor.force_login(author)
    other.force_login(moderatrice)
    data = form_data(editor.get(change_url(offer)), form_id="offer_form")

    # Meanwhile the deadline is corrected on its own page.
    deadline_url = f"/admin/offers/deadline/{deadline.pk}/change/"
    deadline_data = form_data(other.get(deadline_url), form_id="deadline_form")
    deadline_data["wording"] = "Avant le 20 janvier"
    assert other.post(deadline_url, deadline_data).status_code == 302

    # The editor changes the same deadline in the offer's form, read before that correction.
    (field,) = [name for name, value in data.items() if value == "Avant le 15 janvier"]
    data[field] = "Avant le 31 janvier"
    response = editor.post(change_url(offer), data)
    assert STALE_MESSAGE in html.unescape(response.content.decode())
    deadline.refresh_from_db()
    assert deadline.wording == "Avant le 20 janvier"
