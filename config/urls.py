from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from offers.sitemaps import SITEMAPS
from offers.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    # set_language: a POST that sets the language cookie and goes back to `next` (checked).
    path("langue/", include("django.conf.urls.i18n")),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("organisations/", include("organisations.urls")),
    path("", include("offers.urls")),
]

handler404 = "offers.views.page_not_found"
handler500 = "offers.views.server_error"
