from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offres"

    def ready(self):
        from . import signals
        from .search import Words, register_words_function

        CharField.register_lookup(Words)
        TextField.register_lookup(Words)
        # SQLite has no unaccent(): each connection gets a Python one for the search fallback.
        connection_created.connect(register_words_function, dispatch_uid="participe_words")
        # Any change of public content drops the cached pages (offers/page_cache.py).
        signals.connect()
