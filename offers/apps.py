from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offres"

    def ready(self):
        from . import signals

        # Any change of public content drops the cached pages (offers/page_cache.py).
        signals.connect()
