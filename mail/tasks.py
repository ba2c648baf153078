from django_tasks import task

from . import outbox


@task()
def send_email(email_id: int) -> str:
    return outbox.deliver(email_id)
