from django.apps import AppConfig
from django.core import checks


class ThrottlesConfig(AppConfig):
    name = "throttles"
    verbose_name = "Limites de fréquence"

    def ready(self):
        from config.client_address import trusted_proxies_check

        # Every throttle counts the client config.client_address finds behind the proxies.
        checks.register(trusted_proxies_check, checks.Tags.security, deploy=True)
