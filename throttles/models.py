"""Security counters: how often one client or one mailbox did something in a window.

They live in PostgreSQL, not in the Redis cache. Redis holds pages under `allkeys-lru` and is
allowed to fail soft (config/cache.py): page traffic evicted counters, and a Redis outage
counted every attempt as the first. A limit must neither forget nor switch itself off, and the
database is the one service without which the site is down anyway: a row per window, counted
by one atomic statement (throttles.limits), purged daily once its window is over.
"""

from django.db import models


class RateCounter(models.Model):
    scope = models.CharField("portée", max_length=40)
    # A keyed hash of who is counted (throttles.limits): no address is stored in clear.
    key = models.CharField("clé", max_length=64)
    window_start = models.DateTimeField("début de la fenêtre")
    expires_at = models.DateTimeField("fin de la fenêtre")
    count = models.PositiveIntegerField("essais", default=0)

    class Meta:
        verbose_name = "compteur de fréquence"
        ordering = ["-window_start", "scope"]
        constraints = [
            # The target of the counting upsert's ON CONFLICT.
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="ratecounter_one_per_window"
            ),
        ]
        indexes = [
            # The daily purge (purge_login_attempts): the windows that are over.
            models.Index(fields=["expires_at"], name="ratecounter_expires_idx"),
        ]

    def __str__(self):
        return f"{self.scope} · {self.window_start:%Y-%m-%d %H:%M} · {self.count}"
