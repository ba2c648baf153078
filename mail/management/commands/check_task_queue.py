import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "The worker's healthcheck: fails when a task has been ready to run for longer than "
        "--max-wait seconds, which means no worker is taking tasks."
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
        count = waiting.count()
        if count:
            raise CommandError(f"{count} task(s) waiting for more than {max_wait} s")
        self.stdout.write("Task queue: ok")
