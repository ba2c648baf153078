from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.core.management.base import BaseCommand
from django.utils import timezone

from throttles.limits import purge_expired

# Logins and failed logins are kept this long for investigations, then deleted.
LOG_RETENTION_DAYS = 90


class Command(BaseCommand):
    help = (
        "Delete expired login lockouts, login logs older than 90 days (django-axes) and the "
        "rate-limit counters whose window is over."
    )

    def handle(self, *args, **options):
        # django-axes' own rule (its clean-up at login, which needs a request): an attempt
        # older than the cool-off locks nobody out any more.
        expired = timezone.now() - get_cool_off()
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lte=expired).delete()
        logs = AxesProxyHandler.reset_logs(age_days=LOG_RETENTION_DAYS)
        failures = AxesProxyHandler.reset_failure_logs(age_days=LOG_RETENTION_DAYS)
        counters = purge_expired()
        self.stdout.write(
            f"Deleted: {attempts} expired attempts, {logs} login logs, {failures} failure logs, "
            f"{counters} rate counters"
        )
