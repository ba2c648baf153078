"""The task worker's bookkeeping: tasks whose worker died (the task itself is
mail.outbox.send_email)."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import stale_before
from .outbox import send_email


class WorkerLost(Exception):
    """Recorded on a task whose worker died while running it."""


def lost_tasks():
    """send_email tasks still RUNNING long after any send would have ended: their worker died
    (killed, out of memory, the machine rebooted) and nothing will ever finish them."""
    return DBTaskResult.objects.running().filter(
        task_path=send_email.module_path, started_at__lt=stale_before(timezone.now())
    )


def close_lost_tasks() -> int:
    """Mark the lost tasks failed: their e-mails are still pending, and the sweeper
    (outbox.send_due) sends them again. Afterwards check_task_queue is satisfied."""
    count = 0
    for result in lost_tasks():
        result.set_failed(WorkerLost("The worker stopped while running this task."))
        count += 1
    return count
