from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("publier/envoye/", views.sent, name="sent"),
    path("publier/verifier/<str:token>/", views.verify, name="verify"),
    path("publier/rejoindre/<str:token>/", views.join, name="join"),
    path("connexion/", views.signin, name="signin"),
    path("connexion/envoye/", views.signin_sent, name="signin-sent"),
    path("connexion/lien/<str:token>/", views.signin_link, name="signin-link"),
]
