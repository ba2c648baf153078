"""The public side of publishing: propose an offer, verify the address, review and submit;
ask to join an organisation; sign in by link. Every mutation is a POST; links only show a page
with a button (mail scanners follow links, they do not press buttons)."""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from config.message_page import message_page
from config.request_body import URLENCODED, declared_length, small_form, too_large
from offers import workflow
from offers.importer.files import MAX_BYTES, too_long
from offers.importer.limits import body_too_big
from offers.importer.reviewing import review_context
from offers.models import ImportedPosting, OfferStatus
from organisations.models import JoinRequest

from . import joining, limits, services, tokens
from .completing import CompletionForm, needed_fields
from .forms import PublishForm, SignInForm
from .models import PublishRequest

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# The review's form: the fields a posting lacked, the description's 20 000 characters included.
REVIEW_FORM_BYTES = 128 * 1024


def too_many(request, template: str, context: dict):
    context["refusal"] = _(
        "Trop de demandes pour cette adresse ou depuis votre connexion : rien n'a été envoyé "
        "ni enregistré. Réessayez dans une heure ; ce que vous avez saisi est resté ci-dessous."
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limits.WINDOW_SECONDS)
    return response


def publish_context(form) -> dict:
    return {"form": form, "contact_email": settings.CONTACT_EMAIL}


@csrf_protect
def _publish(request):
    form = PublishForm(request.POST or None, request.FILES or None)
    context = publish_context(form)
    if request.method != "POST":
        return render(request, "publishing/publish.html", context)
    if not form.is_valid():
        return render(request, "publishing/publish.html", context, status=400)
    if not limits.allowed(request, "publish", form.cleaned_data["email"]):
        return too_many(request, "publishing/publish.html", context)
    services.request_publication(form)
    return redirect("publishing:sent")


# The size check comes before anything reads the body, so before the CSRF check (which does).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request):
    refusal = ""
    if request.method == "POST" and body_too_big(request):
        refusal = _("Le fichier dépasse %(size)s Mo.") % {"size": MAX_BYTES // (1024 * 1024)}
    else:
        try:
            return _publish(request)
        except RequestDataTooBig:
            refusal = too_long()
    context = {**publish_context(PublishForm()), "refusal": refusal}
    return render(request, "publishing/publish.html", context, status=413)


@require_safe
def sent(request):
    return render(request, "publishing/sent.html")


def bad_link(request, error: tokens.BadLink, again: str):
    if error.expired:
        message = _("Ce lien a expiré : rien n'a été fait. %(again)s") % {"again": again}
    else:
        message = _(
            "Ce lien n'est pas valide : il a peut-être été coupé ou modifié. Copiez l'adresse "
            "complète depuis l'e-mail reçu. Rien n'a été fait."
        )
    return message_page(request, _("Lien invalide"), message, 400)


def gone(request):
    return message_page(
        request,
        _("Proposition introuvable"),
        _("Cette proposition n'existe plus. Vous pouvez proposer l'offre de nouveau."),
        404,
    )


def review_form(view):
    """Like config.request_body.small_form, with room for what the review asks: a description
    the posting lacked may be a few pages long."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            if declared_length(request) > REVIEW_FORM_BYTES:
                return too_large(request)
            if request.content_type != URLENCODED:
                return message_page(request, _("Envoi non reconnu"), _("Rien n'a été fait."), 415)
        return view(request, *args, **kwargs)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@review_form
def verify(request, token):
    try:
        pk = tokens.read_pk(token, tokens.VERIFY_SALT, tokens.VERIFY_LIFETIME)
    except tokens.BadLink as error:
        return bad_link(request, error, _("Proposez l'offre de nouveau depuis « Publier »."))
    publish_request = PublishRequest.objects.filter(pk=pk).first()
    if publish_request is None:
        return gone(request)
    try:
        opened = services.open_request(publish_request)
    except ValidationError:
        # The importer no longer reads the kept text as one posting (it changed since).
        return message_page(
            request,
            _("Annonce illisible"),
            _(
                "Cette annonce ne peut plus être lue : rien n'a été créé. Proposez-la de nouveau "
                "depuis « Publier »."
            ),
            400,
        )
    if opened.offer is None:
        return not_a_member(request, publish_request, opened.organisation)
    offer = opened.offer
    publish_request.refresh_from_db()
    record = ImportedPosting.objects.filter(offer=offer).first()
    draft = offer.status in (OfferStatus.DRAFT, OfferStatus.REJECTED)
    flagged = {flag["field"] for flag in record.flags} if record is not None else set()
    needed = needed_fields(offer, flagged) if draft else []
    completion = CompletionForm(
        request.POST if request.method == "POST" else None, instance=offer, needed=needed
    )
    error = ""
    if request.method == "POST":
        if request.POST.get("action") != "submit":
            return message_page(request, _("Action inconnue"), _("Rien n'a été fait."), 400)
        if not draft:
            error = _("Cette offre est déjà soumise : rien n'a été modifié.")
        elif needed and not completion.is_valid():
            error = _("Complétez ce qui manque, puis soumettez l'offre.")
        else:
            error = submit(offer, completion if needed else None, publish_request.user)
            if not error:
                return redirect(request.path)
    context = {
        "publish_request": publish_request,
        "offer": offer,
        "draft": draft,
        "completion": completion,
        "error": error,
        "rejection": offer.transitions.filter(to_status=OfferStatus.REJECTED).last()
        if offer.status == OfferStatus.REJECTED
        else None,
        **(review_context(offer, record, moderator_words=False) if record is not None else {}),
    }
    return render(request, "publishing/review.html", context, status=400 if error else 200)


def submit(offer, completion, user) -> str:
    """Save what the person completed and submit, together; the refusal's words, or ""."""
    try:
        with transaction.atomic():
            if completion is not None:
                completion.save()
            workflow.apply(offer, "submit", by=user)
    except workflow.TransitionError as refused:
        return str(refused)
    return ""


def not_a_member(request, publish_request, organisation):
    """A verified address, an organisation it does not belong to: nothing is created unless the
    person asks to join."""
    account = services.account_for(publish_request.email)
    asked = (
        account is not None
        and JoinRequest.objects.filter(user=account, organisation=organisation).exists()
    )
    if request.method == "POST" and not asked:
        if request.POST.get("action") != "join":
            return message_page(request, _("Action inconnue"), _("Rien n'a été fait."), 400)
        if not limits.allowed(request, "join", publish_request.email):
            return message_page(
                request,
                _("Trop de demandes"),
                _("Trop de demandes depuis votre connexion : réessayez dans une heure."),
                429,
            )
        joining.ask_to_join(publish_request, organisation)
        return redirect(request.path)
    context = {"organisation": organisation, "asked": asked}
    return render(request, "publishing/not_member.html", context, status=403)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@small_form
def join(request, token):
    try:
        pk = tokens.read_pk(token, tokens.JOIN_SALT, tokens.JOIN_LIFETIME)
    except tokens.BadLink as error:
        return bad_link(request, error, _("Un modérateur peut encore accepter la demande."))
    join_request = JoinRequest.objects.select_related("user", "organisation").filter(pk=pk).first()
    if join_request is None:
        return message_page(
            request, _("Demande introuvable"), _("Cette demande n'existe plus."), 404
        )
    if request.method == "POST":
        joining.accept(join_request, by=request.user)
        return redirect(request.path)
    return render(request, "publishing/join.html", {"join_request": join_request})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@csrf_protect
@small_form
def signin(request):
    form = SignInForm(request.POST or None)
    if request.method != "POST":
        return render(request, "publishing/signin.html", {"form": form})
    if not form.is_valid():
        return render(request, "publishing/signin.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if not limits.allowed(request, "signin", email):
        return too_many(request, "publishing/signin.html", {"form": form})
    account = services.account_for(email)
    # The same page whether or not the address has an account that may sign in.
    if account is not None and account.is_staff:
        link = reverse("publishing:signin-link", args=[tokens.signin_token(account)])
        context = {"signin_url": services.site_url(link), "minutes": tokens.SIGNIN_LIFETIME // 60}
        services.mail_to(account.email, "signin", context)
    return redirect("publishing:signin-sent")


@require_safe
def signin_sent(request):
    return render(request, "publishing/signin_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@small_form
def signin_link(request, token):
    try:
        pk, stamp = tokens.read_signin_token(token)
    except tokens.BadLink as error:
        return bad_link(request, error, _("Demandez un nouveau lien de connexion."))
    user = get_user_model().objects.filter(pk=pk, is_active=True, is_staff=True).first()
    if user is None or not tokens.signin_still_unused(user, stamp):
        return message_page(
            request,
            _("Lien déjà utilisé"),
            _(
                "Ce lien de connexion a déjà servi (ou le compte n'a plus accès) : demandez-en "
                "un nouveau depuis la page « Se connecter »."
            ),
            400,
        )
    if request.user.is_authenticated and request.user.pk != user.pk:
        return message_page(
            request,
            _("Un autre compte est connecté"),
            _(
                "Ce navigateur est connecté avec un autre compte que celui de ce lien. "
                "Déconnectez-vous de l'administration, puis rouvrez le lien : il reste valable."
            ),
            409,
        )
    if request.method == "POST":
        login(request, user, backend=MODEL_BACKEND)
        return redirect("admin:index")
    return render(request, "publishing/signin_link.html", {"account": user})
