import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management.base import BaseCommand
from django.utils import timezone

# Logins and failed logins are kept this long for investigations, then deleted.
LOG_RETENTION = datetime.timedelta(days=90)


class Command(BaseCommand):
    help = "Delete expired login lockouts and login logs older than 90 days (django-axes)."

    def handle(self, *args, **options):
        now = timezone.now()
        # django-axes' own rule (its clean-up at login): an attempt older than the cool-off
        # locks nobody out any more.
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lte=now - get_cool_off()).delete()
        cutoff = now - LOG_RETENTION
        logs, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
        failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
        self.stdout.write(
            f"Deleted: {attempts} expired attempts, {logs} login logs, {failures} failure logs"
        )
