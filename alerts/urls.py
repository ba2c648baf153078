from django.urls import path

from . import reminders, views

app_name = "alerts"

urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("abonnement/envoye/", views.subscribed, name="subscribed"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("offres-sauvegardees.json", reminders.saved_status, name="saved-status"),
    path("rappels/<str:token>.ics", reminders.reminders_calendar, name="reminders"),
]
