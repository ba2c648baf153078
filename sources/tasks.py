from django_tasks import task

from .models import Source
from .services import sync


@task()
def run_source(source_id: int) -> dict:
    """A moderator's "Lancer maintenant": the run, in the worker rather than the request."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return {"source": None, "rejected": [{"url": "", "reason": "Source supprimée."}]}
    return sync(source).as_json()
