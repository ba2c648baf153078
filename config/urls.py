from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("organisations/", include("organisations.urls")),
    path("", include("offers.urls")),
]

handler404 = "offers.views.page_not_found"
handler500 = "offers.views.server_error"
