"""The transitions of offers.workflow: who, from where, what is recorded and mailed."""

import pytest
from django.core import mail
from django.db import transaction

from offers import workflow
from offers.models import Offer, OfferStatus, OfferTransition
from tests.factories import (
    ArchivedOfferFactory,
    ContactFactory,
    DraftOfferFactory,
    OrganisationFactory,
    RejectedOfferFactory,
    SubmittedOfferFactory,
    moderator,
    publisher,
)

pytestmark = pytest.mark.django_db
S = OfferStatus


def draft_with_contacts(organisation, n=2):
    offer = DraftOfferFactory(organisation=organisation)
    offer.contacts.set([ContactFactory(organisation=organisation) for _ in range(n)])
    return offer


def test_the_whole_round_records_every_step(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = draft_with_contacts(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "submit", by=author)
        workflow.apply(offer, "reject", by=moderatrice, reason="  Ajoutez la gratification.  ")
        workflow.apply(offer, "submit", by=author)
        workflow.apply(offer, "publish", by=moderatrice)
        workflow.apply(offer, "archive", by=moderatrice)

    trail = list(
        OfferTransition.objects.filter(offer=offer).values_list(
            "actor_name", "from_status", "to_status", "reason"
        )
    )
    assert trail == [
        ("autrice", S.DRAFT, S.SUBMITTED, ""),
        ("moderatrice", S.SUBMITTED, S.REJECTED, "Ajoutez la gratification."),
        ("autrice", S.REJECTED, S.SUBMITTED, ""),
        ("moderatrice", S.SUBMITTED, S.PUBLISHED, ""),
        ("moderatrice", S.PUBLISHED, S.ARCHIVED, ""),
    ]
    offer.refresh_from_db()
    assert offer.status == S.ARCHIVED and offer.published_at is not None


def test_publishing_sets_published_at_and_makes_the_offer_visible(
    organisation, author, moderatrice
):
    offer = draft_with_contacts(organisation)
    workflow.apply(offer, "submit", by=author)
    assert not Offer.objects.visible().filter(pk=offer.pk).exists()
    workflow.apply(offer, "publish", by=moderatrice)
    offer.refresh_from_db()
    assert offer.published_at is not None
    assert Offer.objects.visible().filter(pk=offer.pk).exists()


@pytest.mark.parametrize(
    "factory,name,message",
    [
        (DraftOfferFactory, "publish", "impossible"),
        (DraftOfferFactory, "reject", "impossible"),
        (ArchivedOfferFactory, "publish", "impossible"),
        (ArchivedOfferFactory, "archive", "impossible"),
        (RejectedOfferFactory, "publish", "impossible"),
        (SubmittedOfferFactory, "approve", "inconnue"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message_and_change_nothing(
    factory, name, message, moderatrice
):
    offer = factory()
    before = offer.status
    with pytest.raises(workflow.TransitionError, match=message):
        workflow.apply(offer, name, by=moderatrice, reason="motif")
    offer.refresh_from_db()
    assert offer.status == before
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("name", ["publish", "reject", "archive"])
def test_a_publisher_can_never_moderate_even_their_own_offer(organisation, author, name):
    offer = SubmittedOfferFactory(organisation=organisation)
    if name == "archive":
        offer = Offer.objects.get(pk=offer.pk)
        Offer.objects.filter(pk=offer.pk).update(status=S.PUBLISHED)
        offer.refresh_from_db()
    before = offer.status
    with pytest.raises(workflow.TransitionError, match="modération"):
        workflow.apply(offer, name, by=author, reason="motif")
    offer.refresh_from_db()
    assert offer.status == before


def test_only_members_submit_or_withdraw(organisation):
    stranger = publisher(OrganisationFactory(), username="etrangere")
    offer = DraftOfferFactory(organisation=organisation)
    with pytest.raises(workflow.TransitionError, match="membres"):
        workflow.apply(offer, "submit", by=stranger)
    offer.refresh_from_db()
    assert offer.status == S.DRAFT

    author = publisher(organisation, username="autrice")
    workflow.apply(offer, "submit", by=author)
    with pytest.raises(workflow.TransitionError, match="impossible"):
        workflow.apply(offer, "submit", by=author)
    assert OfferTransition.objects.count() == 1


def test_a_rejection_needs_a_reason(organisation, moderatrice):
    offer = SubmittedOfferFactory(organisation=organisation)
    with pytest.raises(workflow.TransitionError, match="motivé"):
        workflow.apply(offer, "reject", by=moderatrice, reason="   ")
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_withdraw_takes_a_submitted_offer_back_to_draft_and_a_published_one_offline(
    organisation, author, moderatrice
):
    offer = SubmittedOfferFactory(organisation=organisation)
    workflow.apply(offer, "withdraw", by=author)
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT

    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "publish", by=moderatrice)
    workflow.apply(offer, "withdraw", by=author)
    offer.refresh_from_db()
    assert offer.status == S.ARCHIVED
    assert not Offer.objects.visible().filter(pk=offer.pk).exists()


def test_moderators_are_mailed_on_submission_after_commit(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    moderator(username="second", email="second@participe.test")
    offer = draft_with_contacts(organisation)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.apply(offer, "submit", by=author)
        assert mail.outbox == []  # nothing leaves before the commit
    # Each queued message is sent by its own task, enqueued at the commit: two moderators, one
    # acknowledgement.
    assert len(callbacks) == 3
    to_moderate = [m for m in mail.outbox if "à modérer" in m.subject]
    assert sorted(m.to[0] for m in to_moderate) == [
        "moderation@participe.test",
        "second@participe.test",
    ]
    message = to_moderate[0]
    assert offer.title in message.subject and "à modérer" in message.subject
    assert f"/admin/offers/offer/{offer.pk}/change/" in message.body


def test_members_but_not_contacts_are_mailed_the_reason_of_a_rejection(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    colleague = publisher(organisation, username="collegue", email="collegue@asso.test")
    offer = draft_with_contacts(organisation)
    workflow.apply(offer, "submit", by=author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "reject", by=moderatrice, reason="Précisez la durée du stage.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([author.email, colleague.email])
    assert all("Précisez la durée du stage." in m.body for m in mail.outbox)
    assert all("n’a pas été publiée" in m.subject for m in mail.outbox)


def test_members_are_mailed_when_published_with_the_public_link(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = draft_with_contacts(organisation, n=1)
    workflow.apply(offer, "submit", by=author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "publish", by=moderatrice)
    assert [m.to for m in mail.outbox] == [[author.email]]
    message = next(m for m in mail.outbox if m.to == [author.email])
    assert offer.get_absolute_url() in message.body and "publiée" in message.subject


def test_the_member_who_submitted_hears_of_the_decision_even_after_leaving_the_organisation(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    colleague = publisher(organisation, username="collegue", email="collegue@asso.test")
    outsider_org = OrganisationFactory()
    offer = draft_with_contacts(organisation, n=1)
    workflow.apply(offer, "submit", by=colleague)
    # The colleague moves to another organisation before the moderators decide.
    colleague.memberships.all().delete()
    publisher(outsider_org, username="ailleurs", email="ailleurs@autre.test")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "reject", by=moderatrice, reason="Ajoutez une date limite.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([author.email, colleague.email])
    assert "ailleurs@autre.test" not in recipients and moderatrice.email not in recipients


def test_without_contacts_the_members_are_mailed(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = DraftOfferFactory(organisation=organisation)
    workflow.apply(offer, "submit", by=author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "publish", by=moderatrice)
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_a_rolled_back_transition_mails_no_one_and_records_nothing(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = draft_with_contacts(organisation)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                workflow.apply(offer, "submit", by=author)
                raise RuntimeError("la suite échoue")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not OfferTransition.objects.exists()
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


def test_an_edit_by_the_publisher_keeps_it_online_and_a_new_publish_clears_the_flag(
    organisation, author, moderatrice
):
    offer = draft_with_contacts(organisation)
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "publish", by=moderatrice)
    first_publication = Offer.objects.get(pk=offer.pk).published_at

    workflow.mark_modified_by_publisher(offer, author)
    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED and offer.modified_since_approval

    workflow.apply(offer, "publish", by=moderatrice)
    offer.refresh_from_db()
    assert not offer.modified_since_approval
    assert offer.published_at == first_publication


def test_a_published_offer_without_edits_cannot_be_published_again(organisation, moderatrice):
    offer = SubmittedOfferFactory(organisation=organisation)
    workflow.apply(offer, "publish", by=moderatrice)
    with pytest.raises(workflow.TransitionError):
        workflow.apply(offer, "publish", by=moderatrice)
    assert OfferTransition.objects.count() == 1


def test_the_trail_survives_edits_and_keeps_the_name_of_a_deleted_account(
    organisation, author, moderatrice
):
    offer = SubmittedOfferFactory(organisation=organisation)
    workflow.apply(offer, "reject", by=moderatrice, reason="Trop vague.")
    offer.refresh_from_db()
    offer.title = "Nouvel intitulé"
    offer.save()
    moderatrice.delete()
    [row] = OfferTransition.objects.filter(offer=offer)
    assert row.actor is None and row.actor_name == "moderatrice" and row.reason == "Trop vague."
