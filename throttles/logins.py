"""django-axes' handler with one more rule: a cap on the failures for one username.

Axes locks the pair (username, client network) after AXES_FAILURE_LIMIT failures. An attacker
with many networks could still try AXES_FAILURE_LIMIT passwords from each; past
LOGIN_FAILURES_PER_USERNAME failures in the cool-off, from anywhere, the username is locked for
everyone until the cool-off ends or a moderator deletes its attempts in the admin. That lets an
attacker lock an account out on purpose, which is the lesser harm; the cap is set well above
what a person mistyping would reach.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this number with AXES_FAILURE_LIMIT, both to refuse a login and to
        # show its lockout page: a username past its own cap reports the limit reached.
        failures = super().get_failures(request, credentials)
        if self.username_failures(request, credentials) >= settings.LOGIN_FAILURES_PER_USERNAME:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def username_failures(self, request, credentials) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        attempts = AccessAttempt.objects.filter(
            username=username, attempt_time__gte=get_cool_off_threshold(request)
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
