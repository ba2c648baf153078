"""The alerts' choices, apart from the models: the public pages' templates read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Chaque jour")
    WEEKLY = "weekly", _("Chaque semaine")
