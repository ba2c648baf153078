from django.views.generic import DetailView, ListView

from .models import Offer


class OfferListView(ListView):
    model = Offer


class OfferDetailView(DetailView):
    model = Offer


def page_not_found(request, exception):
    from django.views.defaults import page_not_found as default

    return default(request, exception)


def server_error(request):
    from django.views.defaults import server_error as default

    return default(request)
