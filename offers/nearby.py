"""Offers near a town: `lieu` (a commune's name or postal code) and `rayon` (km, 30 by default).

The facet `lieu` (offers/facets.py) selects the offers whose commune lies within `rayon` km of
the commune typed, and the offers done entirely from home, wherever their organisation is: a
student near Lyon can take those too. The list shows them in two groups, the near ones first
(nearest first when sorted by distance), the remote ones after, each card with its distance.
When nothing is within the radius, the list widens it by WIDENING_STEP_KM up to
WIDEST_RADIUS_KM and says so; feeds, calendars, exports and alerts apply the radius as given.

Each place where a distance is computed is here, side by side: the ORM condition (a box the
partial index offer_public_position_idx serves, then the haversine distance in SQL) and the
board index's mask (the same box and distance over numpy columns).
"""

from __future__ import annotations

import math

import numpy as np
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext, gettext_lazy, ngettext

from . import communes
from .communes import EARTH_RADIUS_KM, Commune
from .models import RemoteWork

DEFAULT_RADIUS_KM = 30
WIDENING_STEP_KM = 20
WIDEST_RADIUS_KM = 100
# What the field accepts: farther than this, a région says it better.
LARGEST_RADIUS_KM = 200
RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
NEAR = "near"
REMOTE = "remote"
NBSP = "\u00a0"


class CommuneField(forms.CharField):
    """A commune's name or postal code, cleaned into the Commune it names."""

    default_error_messages = {
        "unknown": gettext_lazy(
            "Aucune commune ne s'appelle « %(value)s » : saisissez un nom de commune ou un "
            "code postal (ex. : Villeurbanne, 69100)."
        ),
        "unlocated": gettext_lazy("La position de %(value)s n'est pas connue."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def radius_options(self, raw) -> list[dict]:
        """The companion radius' choices (forms/commune.html)."""
        return radius_options(raw)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        commune = communes.resolve(text)
        if commune is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        if not commune.located:
            raise ValidationError(
                self.error_messages["unlocated"], code="unlocated", params={"value": commune}
            )
        return commune


def radius_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=LARGEST_RADIUS_KM,
        error_messages={
            "invalid": gettext_lazy("Saisissez une distance en kilomètres (ex. : 30)."),
            "min_value": gettext_lazy("La distance doit être d'au moins 1 km."),
            "max_value": gettext_lazy("La distance ne peut dépasser 200 km."),
        },
    )


def radius_of(values: dict) -> int:
    return values.get("rayon") or DEFAULT_RADIUS_KM


def box(commune: Commune, radius: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around the commune: every point within `radius` km is in it."""
    lat_span = radius / KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians(commune.latitude)), 0.01)
    lon_span = min(180.0, radius / (KM_PER_DEGREE * cos_lat))
    return (
        commune.latitude - lat_span,
        commune.latitude + lat_span,
        commune.longitude - lon_span,
        commune.longitude + lon_span,
    )


# The ORM's side (feeds, calendars, exports, alerts).


def distance_expression(commune: Commune):
    """The haversine distance in km from the commune to the offer's position, in SQL."""
    phi = math.radians(commune.latitude)
    lam = math.radians(commune.longitude)
    half_dlat = (Radians(F("latitude")) - Value(phi)) / Value(2.0)
    half_dlon = (Radians(F("longitude")) - Value(lam)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(phi)) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlon), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Least(Value(1.0), Sqrt(a), output_field=FloatField()), output_field=FloatField()
    )


def near_q(commune: Commune, radius: float) -> Q:
    south, north, west, east = box(commune, radius)
    return Q(
        latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
    ) & Q(LessThanOrEqual(distance_expression(commune), Value(float(radius))))


def condition(commune: Commune, values: dict) -> Q:
    """The offers within the radius of the commune, and those done entirely from home."""
    return near_q(commune, radius_of(values)) | Q(remote=RemoteWork.FULL)


# The board index's side (the list).


class Places:
    """The board index's positions: each row's latitude, longitude (NaN when unknown), whether
    that position is approximate, and whether the offer is done entirely from home."""

    def __init__(self, latitudes, longitudes, approximates, remotes, size: int):
        self.latitude = np.fromiter(
            (np.nan if v is None else v for v in latitudes), dtype=np.float64, count=size
        )
        self.longitude = np.fromiter(
            (np.nan if v is None else v for v in longitudes), dtype=np.float64, count=size
        )
        self.approximate = np.fromiter(approximates, dtype=bool, count=size)
        self.remote = np.fromiter((v == RemoteWork.FULL for v in remotes), dtype=bool, count=size)
        self.remote.flags.writeable = False
        self.last = None  # (commune insee, distances) of the last commune asked

    def distances(self, commune: Commune) -> np.ndarray:
        """Each row's distance in km from the commune (inf when farther than any radius
        accepted, or unknown); kept for the last commune, which a request asks several times."""
        if self.last is not None and self.last[0] == commune.insee:
            return self.last[1]
        south, north, west, east = box(commune, LARGEST_RADIUS_KM)
        inside = np.flatnonzero(
            (self.latitude >= south)
            & (self.latitude <= north)
            & (self.longitude >= west)
            & (self.longitude <= east)
        )
        distances = np.full(len(self.latitude), np.inf)
        phi1 = math.radians(commune.latitude)
        phi2 = np.radians(self.latitude[inside])
        dphi = phi2 - phi1
        dlam = np.radians(self.longitude[inside]) - math.radians(commune.longitude)
        a = np.sin(dphi / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2) ** 2
        distances[inside] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        distances.flags.writeable = False
        self.last = (commune.insee, distances)
        return distances

    def near(self, commune: Commune, radius: float) -> np.ndarray:
        return self.distances(commune) <= radius

    def mask(self, commune: Commune, values: dict) -> np.ndarray:
        """condition() for the index."""
        return self.near(commune, radius_of(values)) | self.remote


def widened(board, values: dict, within, clock) -> dict | None:
    """What the list says of its radius: None when offers are that near; otherwise the radius
    asked, the one the list widened to (None when even WIDEST_RADIUS_KM holds nothing)."""
    commune = values.get("lieu")
    if commune is None:
        return None
    asked = radius_of(values)
    others = dict(values)
    del others["lieu"]
    selected = board.selected(board.masks(others, clock), within)
    distances = board.places.distances(commune)[selected]
    if np.any(distances <= asked):
        return None
    steps = range(asked + WIDENING_STEP_KM, WIDEST_RADIUS_KM + WIDENING_STEP_KM, WIDENING_STEP_KM)
    for radius in [min(step, WIDEST_RADIUS_KM) for step in steps]:
        if np.any(distances <= radius):
            return {"commune": commune, "asked": asked, "radius": radius}
    return {"commune": commune, "asked": asked, "radius": None}


def widening_notice(widening: dict) -> str:
    if widening["radius"] is None:
        return gettext("Aucune offre à moins de %(widest)s km de %(commune)s.") % {
            "widest": WIDEST_RADIUS_KM,
            "commune": widening["commune"],
        }
    return (
        gettext(
            "Aucune offre à moins de %(asked)s km de %(commune)s : la recherche a été élargie "
            "à %(radius)s km."
        )
        % widening
    )


def chip_value(commune: Commune, values: dict) -> str:
    """ "Lyon (69), 30 km": what the chip and an alert's description say of the search."""
    return gettext("%(commune)s, %(radius)s km") % {
        "commune": commune,
        "radius": radius_of(values),
    }


def distance_label(km: float, approximate: bool) -> str:
    """ "12 km", "≈ 25 km" when a position is approximate, "moins d'1 km"."""
    if km < 1:
        return gettext("moins d'1 km")
    rounded = round(km)
    if approximate:
        label = ngettext("≈ %(km)s km", "≈ %(km)s km", rounded) % {"km": rounded}
    else:
        label = ngettext("%(km)s km", "%(km)s km", rounded) % {"km": rounded}
    # Never "≈" or "km" alone at the start of a line.
    return label.replace(" ", NBSP)


def radius_options(raw) -> list[dict]:
    """The radius' choices as the search form's template draws them (forms/commune.html): the
    usual distances and the one asked, the default as an empty value (a form sent without a
    town adds no radius to the address: participe.js drops empty fields)."""
    raw = str(raw or "")
    chosen = int(raw) if raw.isdigit() else DEFAULT_RADIUS_KM
    choices = (
        sorted({*RADIUS_CHOICES, chosen}) if 0 < chosen <= LARGEST_RADIUS_KM else RADIUS_CHOICES
    )
    return [
        {
            "value": "" if km == DEFAULT_RADIUS_KM else km,
            "label": f"{km}{NBSP}km",
            "selected": km == chosen,
        }
        for km in choices
    ]
