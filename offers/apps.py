from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offres"

    def ready(self):
        from . import signals

        signals.connect()
