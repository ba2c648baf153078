"""The `organisation` filter: one organisation's offers, named by its slug.

The organisation page links its alert, feeds and calendar to the list's search
`organisation=<slug>`; the list then shows that organisation's offers and any filter a student
adds to them. The search form draws no field for it (there are thousands of organisations):
it keeps it as a hidden input, so that refining that list keeps the organisation, and its chip
removes it.

A slug no organisation has is not an error: the filter still applies (no offer) and the list
says why. A stored alert whose organisation left keeps matching nothing, never everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext

from organisations.models import Organisation


@dataclass(frozen=True)
class ChosenOrganisation:
    slug: str
    # None when no organisation has this slug.
    pk: int | None
    name: str | None

    def __str__(self) -> str:
        # The chip's value: "Organisation : Mairie de Rennes".
        return self.name or self.slug


def resolve(slug: str) -> ChosenOrganisation:
    """The organisation a slug names: one query, asked only when the filter is used."""
    found = Organisation.objects.filter(slug=slug).values_list("pk", "name").first()
    pk, name = found if found else (None, None)
    return ChosenOrganisation(slug, pk, name)


def condition(chosen: ChosenOrganisation) -> Q:
    return Q(organisation__slug=chosen.slug)


def notice(chosen: ChosenOrganisation | None) -> str | None:
    """What the list says of a slug no organisation has (an old link's, a mistyped one)."""
    if chosen is None or chosen.pk is not None:
        return None
    return gettext(
        "Aucune structure ne correspond à l'adresse « %(slug)s » : elle a peut-être changé de "
        "nom ou quitté Participe. Retirez ce filtre pour voir toutes les offres."
    ) % {"slug": chosen.slug}


class OrganisationField(forms.CharField):
    """An organisation's slug, cleaned into the ChosenOrganisation it names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", Organisation._meta.get_field("slug").max_length)
        super().__init__(**kwargs)

    def clean(self, value):
        slug = super().clean(value)
        return resolve(slug) if slug else None


def querystring(organisation: Organisation) -> str:
    """The list's search for an organisation's offers: what its page's alert, feeds and
    calendar are addressed by."""
    return urlencode({"organisation": organisation.slug})
