"""Submit / withdraw loops: the attack sent 30 e-mails in 0.6 s. Moderators
now get one mail per offer per review cycle, and submissions are rate limited."""

import pytest
from django.core import mail

from offers import workflow
from offers.models import OfferStatus
from tests.factories import DraftOfferFactory, publisher

pytestmark = pytest.mark.django_db
S = OfferStatus


def submitted_mails():
    return [m for m in mail.outbox if "à modérer" in m.subject]


def test_a_submit_withdraw_loop_mails_the_moderators_once(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = DraftOfferFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            workflow.apply(offer, "submit", by=author)
            workflow.apply(offer, "withdraw", by=author)
        workflow.apply(offer, "submit", by=author)
    assert len(submitted_mails()) == 1


def test_a_submission_after_a_decision_starts_a_new_cycle(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = DraftOfferFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "submit", by=author)
        workflow.apply(offer, "reject", by=moderatrice, reason="Précisez la durée.")
        workflow.apply(offer, "submit", by=author)
    assert len(submitted_mails()) == 2


def test_each_offer_has_its_own_cycle(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offers = [DraftOfferFactory(organisation=organisation) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for offer in offers:
            workflow.apply(offer, "submit", by=author)
    assert len(submitted_mails()) == 3


def test_submissions_are_rate_limited_per_person(organisation, author, moderatrice, settings):
    settings.SUBMISSIONS_PER_HOUR = 4
    offers = [DraftOfferFactory(organisation=organisation) for _ in range(5)]
    for offer in offers[:4]:
        workflow.apply(offer, "submit", by=author)
    with pytest.raises(workflow.TransitionError, match="Trop de soumissions"):
        workflow.apply(offers[4], "submit", by=author)
    offers[4].refresh_from_db()
    assert offers[4].status == S.DRAFT
    # Someone else of the same organisation is not held back by it.
    colleague = publisher(organisation, username="collegue")
    workflow.apply(offers[4], "submit", by=colleague)
