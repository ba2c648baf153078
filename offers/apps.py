from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offres"

    def ready(self):
        from . import signals
        from .search import Folded, Words, register_fold_function

        for transform in (Folded, Words):
            CharField.register_lookup(transform)
            TextField.register_lookup(transform)
        # SQLite has no unaccent(): each connection gets a Python one for the search fallback.
        connection_created.connect(register_fold_function, dispatch_uid="participe_fold")
        # Any change of public content drops the cached pages (offers/page_cache.py).
        signals.connect()
