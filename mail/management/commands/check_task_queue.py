import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mail.models import OutgoingEmail
from mail.tasks import lost_tasks


class Command(BaseCommand):
    help = (
        "The worker's healthcheck: fails when a task has been ready to run for longer than "
        "--max-wait seconds (no worker is taking tasks), or when a worker died in the middle "
        "of a task or of an e-mail's sending (older than TASK_STALE_SECONDS) and the "
        "scheduler's send_queued_emails has not taken them over yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-wait", type=int, default=300)

    def handle(self, *args, max_wait, **options):
        now = timezone.now()
        late = now - datetime.timedelta(seconds=max_wait)
        # A deferred task is late from its run_after, not from when it was enqueued; the ready
        # tasks whose run_after is in the future are those enqueued with none (a far date).
        waiting = DBTaskResult.objects.ready().filter(
            Q(run_after__lt=late) | Q(run_after__gt=now), enqueued_at__lt=late
        )
        problems = []
        if count := waiting.count():
            problems.append(f"{count} task(s) waiting for more than {max_wait} s")
        stale = settings.TASK_STALE_SECONDS
        if count := lost_tasks().count():
            problems.append(f"{count} task(s) running for more than {stale} s: a worker died")
        if count := OutgoingEmail.objects.lost_attempts(now).count():
            problems.append(
                f"{count} e-mail(s) whose sending started more than {stale} s ago and never "
                "ended: they may have been delivered, and send_queued_emails sends them again"
            )
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("Task queue: ok")
