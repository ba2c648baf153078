from django.urls import path

from . import calendars, exports, feeds, views

app_name = "offers"

urlpatterns = [
    path("", views.OfferListView.as_view(), name="list"),
    # Kept in the browser (localStorage); the page asks alerts:saved-status, which stores nothing.
    path("offres-sauvegardees/", views.SavedOffersView.as_view(), name="saved"),
    path("offres/<slug:slug>/", views.OfferDetailView.as_view(), name="detail"),
    path("offres/<slug:slug>/calendrier.ics", calendars.offer_calendar, name="detail-ics"),
    path("flux/rss/", feeds.OfferRssFeed(), name="feed-rss"),
    path("flux/atom/", feeds.OfferAtomFeed(), name="feed-atom"),
    path("calendrier.ics", calendars.search_calendar, name="search-ics"),
    path("export/offres.csv", exports.export_csv, name="export-csv"),
    path("export/offres.json", exports.export_json, name="export-json"),
]
