"""Who hears of each step of the review workflow: the submitter and the organisation's members,
never the contacts named in a posting (they asked for nothing and often have no account)."""

import pytest
from django.core import mail

from mail.models import OutgoingEmail
from offers import workflow
from offers.models import OfferStatus
from tests.alerts.conftest import committed
from tests.factories import ContactFactory, DraftOfferFactory, publisher

pytestmark = pytest.mark.django_db
S = OfferStatus

# How an offer reaches each status through the workflow itself (so that it has a submitter).
# A status the workflow gains without a path here fails the test below: add its path.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.PUBLISHED: ["submit", "publish"],
    S.REJECTED: ["submit", "reject"],
    S.ARCHIVED: ["submit", "publish", "archive"],
}

EVERY_TRANSITION = [
    pytest.param(t.name, source, id=f"{t.name}-from-{source}")
    for t in workflow.TRANSITIONS.values()
    for source in sorted(t.sources)
]


def actor_for(name, author, moderatrice):
    return moderatrice if workflow.TRANSITIONS[name].moderators_only else author


@pytest.mark.parametrize("name,source", EVERY_TRANSITION)
def test_no_transition_mails_a_contact_and_decisions_reach_submitter_and_members(
    name, source, organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    colleague = publisher(organisation, username="collegue", email="collegue@asso.test")
    offer = DraftOfferFactory(organisation=organisation)
    researcher = ContactFactory(organisation=organisation, email="chercheuse@univ.test")
    partner = ContactFactory(organisation=organisation, email="partenaire@ville.test")
    # A member may also be named as a contact: being a contact takes nothing away from them.
    both = ContactFactory(organisation=organisation, email=colleague.email)
    offer.contacts.set([researcher, partner, both])
    for step in PATHS[source]:
        workflow.apply(offer, step, by=actor_for(step, author, moderatrice), reason="Motif.")
    assert offer.status == source
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, name, by=actor_for(name, author, moderatrice), reason="Motif.")

    queued = {r for e in OutgoingEmail.objects.all() for r in e.recipients}
    sent = {r for m in mail.outbox for r in m.to}
    assert queued == sent
    assert not queued & {researcher.email, partner.email}
    if workflow.TRANSITIONS[name].moderators_only:
        # A decision: the submitter and every member hear of it.
        assert {author.email, colleague.email} <= queued
    if name == "submit":
        # The acknowledgement: the submitter hears that it arrived.
        assert author.email in queued


def test_a_submission_is_acknowledged_to_the_submitter_with_what_happens_next(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = DraftOfferFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "submit", by=author)
    [ack] = [m for m in mail.outbox if m.to == [author.email]]
    assert "reçue" in ack.subject and offer.title in ack.subject
    assert offer.title in ack.body and "en général sous quelques jours ouvrés" in ack.body
    assert f"/admin/offers/offer/{offer.pk}/change/" in ack.body


def test_an_archived_offer_is_told_to_its_members(
    organisation, author, moderatrice, django_capture_on_commit_callbacks
):
    offer = DraftOfferFactory(organisation=organisation)
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "publish", by=moderatrice)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(offer, "archive", by=moderatrice)
    [message] = mail.outbox
    assert message.to == [author.email] and "archivée" in message.subject


# With a real SMTP server: the messages leave through the outbox and the task backend.


def test_over_smtp_the_submitter_is_acknowledged_and_members_get_the_rejection(
    client, smtp, organisation, author, moderatrice
):
    colleague = publisher(organisation, username="collegue", email="collegue@asso.test")
    offer = DraftOfferFactory(organisation=organisation)
    offer.contacts.set([ContactFactory(organisation=organisation, email="chercheuse@univ.test")])

    client.force_login(author)
    with committed():
        response = client.post(f"/admin/offers/offer/{offer.pk}/statut/submit/")
    assert response.status_code == 302
    [ack] = smtp.received(author.email)
    assert "en général sous quelques jours ouvrés" in ack.get_body().get_content()
    assert smtp.received(moderatrice.email) and not smtp.received(colleague.email)

    with committed():
        workflow.apply(offer, "reject", by=moderatrice, reason="Précisez la gratification.")
    for member in (author, colleague):
        [decision] = [m for m in smtp.received(member.email) if "pas été publiée" in m["Subject"]]
        assert "Précisez la gratification." in decision.get_body().get_content()
    assert smtp.received("chercheuse@univ.test") == []
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 4
