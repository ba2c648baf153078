from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organisations.models import Organisation

from .models import Offer


class OfferSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Offer.objects.visible().order_by("pk")

    def lastmod(self, offer):
        return offer.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # Only organisations whose page lists something.
        return (
            Organisation.objects.filter(offers__in=Offer.objects.visible())
            .distinct()
            .order_by("pk")
        )


class ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["offers:list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"liste": ListSitemap, "offres": OfferSitemap, "organisations": OrganisationSitemap}
