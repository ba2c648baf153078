from django.urls import path

from . import calendars, exports, feeds, reminder_views, suggestions, views
from .search_budget import counts_searches

app_name = "offers"

urlpatterns = [
    # The views that run a search count it against the client's budget (offers/search_budget.py).
    path("", counts_searches(views.OfferListView.as_view()), name="list"),
    # Kept in the browser (localStorage); the page asks alerts:saved-status, which stores nothing.
    path("offres-sauvegardees/", views.SavedOffersView.as_view(), name="saved"),
    path("offres/<slug:slug>/", views.OfferDetailView.as_view(), name="detail"),
    path("offres/<slug:slug>/calendrier.ics", calendars.offer_calendar, name="detail-ics"),
    # A deadline reminder's one-click answers (offers/freshness.py).
    path("rappel/<str:token>/", reminder_views.reminder_answer, name="reminder-answer"),
    path("flux/rss/", counts_searches(feeds.OfferRssFeed()), name="feed-rss"),
    path("flux/atom/", counts_searches(feeds.OfferAtomFeed()), name="feed-atom"),
    path("calendrier.ics", counts_searches(calendars.search_calendar), name="search-ics"),
    path("export/offres.csv", counts_searches(exports.export_csv), name="export-csv"),
    path("export/offres.json", counts_searches(exports.export_json), name="export-json"),
    path("communes.json", suggestions.commune_suggestions, name="communes"),
]
