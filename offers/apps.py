from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offres"

    def ready(self):
        from . import signals

        # Read the board's version once per request (offers/caches.py); locate raw offers.
        signals.connect()
