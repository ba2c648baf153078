from django.views.generic import DetailView

from .models import Organisation


class OrganisationDetailView(DetailView):
    model = Organisation
