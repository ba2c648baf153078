"""The scheduled jobs (deploy/crontab): each one run twice does its work once."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command, get_commands
from django.utils import timezone

from mail.models import OutgoingEmail
from offers.models import OfferStatus
from tests.factories import DeadlineFactory, OfferFactory, OrganisationFactory, publisher
from tests.hardening.servers import ROOT

pytestmark = pytest.mark.django_db
PARIS = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=PARIS)


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def dated(day: datetime.date, **fields):
    offer = OfferFactory(published_at=NOW - datetime.timedelta(days=90), **fields)
    DeadlineFactory(offer=offer, date=day)
    return offer


def test_closed_offers_are_archived_30_days_after_their_deadline_once(
    django_capture_on_commit_callbacks,
):
    today = NOW.date()
    due = dated(today - datetime.timedelta(days=30))
    not_yet = dated(today - datetime.timedelta(days=29))
    # Undated: closed 60 days after publication, archived 30 days later.
    undated_due = OfferFactory(published_at=NOW - datetime.timedelta(days=90))
    undated_not_yet = OfferFactory(published_at=NOW - datetime.timedelta(days=89))
    with time_machine.travel(NOW, tick=False):
        assert run("archive_closed_offers") == "Archived offers: 2\n"
        assert run("archive_closed_offers") == "Archived offers: 0\n"
    for offer, status in [
        (due, OfferStatus.ARCHIVED),
        (undated_due, OfferStatus.ARCHIVED),
        (not_yet, OfferStatus.PUBLISHED),
        (undated_not_yet, OfferStatus.PUBLISHED),
    ]:
        offer.refresh_from_db()
        assert offer.status == status
    [transition] = due.transitions.all()
    assert (transition.actor, transition.actor_name) == (None, "Participe")
    assert (transition.from_status, transition.to_status) == ("published", "archived")
    assert "30 jours" in transition.reason
    assert transition.created_at == NOW


def test_other_statuses_are_never_archived_by_the_job():
    offer = dated(NOW.date() - datetime.timedelta(days=100), status=OfferStatus.SUBMITTED)
    with time_machine.travel(NOW, tick=False):
        run("archive_closed_offers")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_members_are_reminded_7_days_before_and_on_the_day_once_each(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    publisher(organisation, username="autrice", email="autrice@example.org")
    publisher(organisation, username="inactive", email="inactive@example.org", is_active=False)
    offer = dated(NOW.date() + datetime.timedelta(days=7), organisation=organisation)
    # Closes on neither day: no reminder.
    dated(NOW.date() + datetime.timedelta(days=6), organisation=organisation)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert run("remind_deadlines") == "Reminders queued: 1\n"
        assert run("remind_deadlines") == "Reminders queued: 0\n"
    [week_before] = mail.outbox
    assert week_before.to == ["autrice@example.org"]
    assert "Plus que 7 jours" in week_before.subject and offer.title in week_before.subject
    assert "pourvu" in week_before.body and "prolonger" in week_before.body
    assert f"/admin/offers/offer/{offer.pk}/change/" in week_before.body

    with (
        time_machine.travel(NOW + datetime.timedelta(days=7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert run("remind_deadlines") == "Reminders queued: 1\n"
        assert run("remind_deadlines") == "Reminders queued: 0\n"
    assert len(mail.outbox) == 2
    assert "Dernier jour" in mail.outbox[1].subject
    assert OutgoingEmail.objects.count() == 2


def test_an_undated_offer_is_reminded_before_the_60_day_rule_closes_it(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    publisher(organisation, email="autrice@example.org")
    OfferFactory(organisation=organisation, published_at=NOW - datetime.timedelta(days=53))
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert run("remind_deadlines") == "Reminders queued: 1\n"
        assert run("remind_deadlines") == "Reminders queued: 0\n"
    assert [m.to for m in mail.outbox] == [["autrice@example.org"]]


def test_a_moved_deadline_gets_reminded_again():
    organisation = OrganisationFactory()
    publisher(organisation, email="autrice@example.org")
    offer = dated(NOW.date() + datetime.timedelta(days=7), organisation=organisation)
    with time_machine.travel(NOW, tick=False):
        assert run("remind_deadlines") == "Reminders queued: 1\n"
    deadline = offer.deadlines.get()
    deadline.date = NOW.date() + datetime.timedelta(days=14)
    deadline.save()
    with time_machine.travel(NOW + datetime.timedelta(days=7), tick=False):
        assert run("remind_deadlines") == "Reminders queued: 1\n"


def test_expired_sessions_go_once():
    with time_machine.travel(NOW - datetime.timedelta(days=30), tick=False):
        Session.objects.create(session_key="expired", session_data="", expire_date=timezone.now())
    Session.objects.create(
        session_key="current",
        session_data="",
        expire_date=NOW + datetime.timedelta(days=1),
    )
    with time_machine.travel(NOW, tick=False):
        run("clearsessions")
        run("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_old_login_attempts_and_logs_are_purged_once(settings):
    from axes.models import AccessAttempt, AccessLog

    def attempt(model, at, username):
        with time_machine.travel(at, tick=False):
            return (
                model.objects.create(
                    username=username,
                    ip_address="192.0.2.1",
                    user_agent="test",
                    failures_since_start=1,
                )
                if model is AccessAttempt
                else model.objects.create(
                    username=username, ip_address="192.0.2.1", user_agent="test"
                )
            )

    attempt(AccessAttempt, NOW - datetime.timedelta(hours=2), "expired")
    attempt(AccessAttempt, NOW - datetime.timedelta(minutes=10), "locked")
    attempt(AccessLog, NOW - datetime.timedelta(days=91), "old")
    attempt(AccessLog, NOW - datetime.timedelta(days=10), "recent")
    with time_machine.travel(NOW, tick=False):
        first = run("purge_login_attempts")
        second = run("purge_login_attempts")
    assert first.startswith("Deleted: 1 expired attempts, 1 login logs")
    assert second.startswith("Deleted: 0 expired attempts, 0 login logs")
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["locked"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]


def test_the_schedule_runs_existing_commands_and_the_readme_lists_them():
    lines = [
        line
        for line in (ROOT / "deploy" / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # supercronic reads the schedule's time zone from its first setting.
    assert lines.pop(0) == "CRON_TZ=Europe/Paris"
    commands = get_commands()
    readme = (ROOT / "README.md").read_text()
    scheduled = []
    for line in lines:
        fields = line.split(None, 5)
        assert len(fields) == 6, line
        assert all(re.fullmatch(r"[\d*/,-]+", field) for field in fields[:5]), line
        command = fields[5]
        if command.startswith("python manage.py "):
            name = command.split()[2]
            assert name in commands, name
            scheduled.append(name)
            # Listed as scheduled, arguments included (send_alerts runs twice, daily and weekly).
            listed = command.removeprefix("python manage.py ")
            assert f"`{listed}`" in readme, f"the README's schedule does not list {listed}"
    assert {
        "archive_closed_offers",
        "remind_deadlines",
        "clearsessions",
        "purge_login_attempts",
        "send_queued_emails",
        "send_alerts",
        "purge_unconfirmed_alerts",
    } <= set(scheduled)


def test_no_user_is_needed_to_run_the_jobs():
    # They run from the scheduler, with no user: the audit trail says "Participe".
    assert not get_user_model().objects.exists()
    with time_machine.travel(NOW, tick=False):
        for command in ["archive_closed_offers", "remind_deadlines", "purge_login_attempts"]:
            run(command)
