"""Request bodies are refused from their declared size, before a byte of them is read.

A sync gunicorn worker reading a body is held for as long as the client takes to send it: four
slow 10 MB posts held every worker. In production the proxy in front (deploy/nginx.conf)
buffers bodies and refuses those over its own limit; the app refuses on its own too, so that it
stays bounded wherever it runs. Every request may carry up to MAX_REQUEST_BYTES (an imported
file with its form); a view that only expects a small form (`small_form`) refuses more than a
few kilobytes, and refuses multipart bodies, which Django would parse file by file, even into
temporary files. A body sent without Content-Length (chunked) is never read by Django.
"""

import functools

from django.conf import settings
from django.utils.translation import gettext as _

from .message_page import message_page

# What a small form's body weighs at most: an e-mail address, a choice and a search's
# querystring (200 characters of search plus the filters) fit many times over.
SMALL_FORM_BYTES = 8 * 1024
URLENCODED = "application/x-www-form-urlencoded"


def declared_length(request) -> int:
    # As Django reads it: a missing or unreadable length is an empty body.
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request):
    return message_page(
        request,
        _("Envoi trop volumineux"),
        _(
            "Ce que vous avez envoyé est trop volumineux pour être reçu : rien n'a été "
            "enregistré. Revenez à la page précédente et réessayez avec moins de contenu."
        ),
        413,
    )


def bounded_body(get_response):
    """Middleware: a body declared larger than MAX_REQUEST_BYTES is refused with a 413."""

    def middleware(request):
        if declared_length(request) > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        return get_response(request)

    return middleware


def small_form(view):
    """For views that read nothing but a short urlencoded form, as their page's form sends."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            if declared_length(request) > SMALL_FORM_BYTES:
                return too_large(request)
            if request.content_type != URLENCODED:
                return message_page(
                    request,
                    _("Envoi non reconnu"),
                    _(
                        "Ce formulaire s'envoie depuis sa page de Participe, sans fichier "
                        "joint. Ouvrez la liste des offres et réessayez."
                    ),
                    415,
                )
        return view(request, *args, **kwargs)

    return wrapped
