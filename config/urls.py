from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from django.views.i18n import set_language

from offers.sitemaps import SITEMAPS
from offers.views import robots_txt
from organisations.scoping import view_on_site
from publishing import views as publishing_views
from publishing.passwords import PasswordResetView


def bench_floor(request):
    # The benchmark's yardstick: what Django and gunicorn cost with no work at all.
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    # Asked for by every client that reads no <link rel="icon">: the admin's pages, the error
    # pages, feed readers. One icon, with the static files.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    # The board's pages first: most requests ask for them, and they share no prefix with the rest.
    path("", include("offers.urls")),
    # Before the admin's own: its "view on site" redirect, scoped like the rest of the admin.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="scoped_view_on_site",
    ),
    # A password stays possible for whoever signs in by link: Django's reset, which the admin's
    # login page offers once these names exist.
    path(
        "admin/password_reset/",
        PasswordResetView.as_view(extra_context={"site_header": admin.site.site_header}),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    # set_language: a POST that sets the language cookie and goes back to `next` (checked).
    # Exempt from CSRF: anonymous pages are cached whole and shared, so they cannot carry a
    # per-visitor token, and the worst a forged request can do is switch someone's language.
    path("langue/setlang/", csrf_exempt(set_language), name="set_language"),
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    # "Proposer une offre", open to anybody; the rest of the way under publishing.urls.
    path("publier/", publishing_views.publish, name="publish"),
    path(
        "confidentialite/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path("alertes/", include("alerts.urls")),
    path("organisations/", include("organisations.urls")),
    path("", include("publishing.urls")),
]
if settings.BENCH_FLOOR:
    urlpatterns.insert(0, path("bench/floor/", bench_floor, name="bench-floor"))

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "offers.views.page_not_found"
handler500 = "offers.views.server_error"
