"""The error pages: one template (templates/error.html), each status's words here.

The 404 is a page of the site (templates/jinja2/404.html, with its header and links); these
pages need no database, so the 500 and the 503 render during an outage.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# status: (title, heading, message)
PAGES = {
    400: (
        _("Requête incorrecte"),
        _("Requête incorrecte"),
        _(
            "Nous n'avons pas pu lire cette adresse : elle est trop longue ou contient des "
            "caractères invalides."
        ),
    ),
    403: (
        _("Accès refusé"),
        _("Accès refusé"),
        _("Vous n'avez pas accès à cette page."),
    ),
    500: (
        _("Erreur du serveur"),
        _("Une erreur est survenue"),
        _("Le site rencontre un problème passager. Réessayez dans quelques instants."),
    ),
    503: (
        _("Service indisponible"),
        _("Le site est momentanément indisponible"),
        _(
            "Nos offres sont hors de portée pendant quelques instants (maintenance ou incident). "
            "Réessayez dans une minute : rien n’est perdu."
        ),
    ),
}


def error_page(request, status: int, request_id: str | None = None):
    title, heading, message = PAGES[status]
    context = {
        "title": title,
        "heading": heading,
        "message": message,
        "request_id": request_id,
    }
    return render(request, "error.html", context, status=status)


def bad_request(request, exception):
    return error_page(request, 400)


def permission_denied(request, exception):
    return error_page(request, 403)
