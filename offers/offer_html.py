"""The offer page's <article>, written in Python: the HTML the template used to produce.

The template engine pays for every node it renders: about 1.1 ms for this article's three
hundred (translations, conditions, filters, three includes), a fifth of the page's server time.
The same markup built here takes about 0.4 ms. tests/offers/test_offer_html.py renders the
template this replaced (tests/offers/templates/offer_article_reference.html, with the real
includes) for many offers in both languages and requires the same bytes: a change to the
markup goes into both, and a change to an include the article uses (countdown, save button,
stipend badge) shows there.

Every value is escaped as the template engine escapes it (conditional_escape); the
interface's words go through gettext with the template's own message ids, so the catalogue
needs no change.
"""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from .escaping import conditional_escape as e
from .models import OfferKind
from .templatetags.offers import (
    applications_open,
    closing_soon,
    days_left,
    markdown,
    monthly_stipend,
    phone_href,
    safe_url,
    stipend_level,
)


def article(offer) -> SafeString:
    organisation_url = e(offer.organisation.get_absolute_url())
    return mark_safe(
        '<article class="offer">\n'
        + _header(offer, organisation_url)
        + "\n"
        + _key_facts(offer, organisation_url)
        + "\n"
        + _apply(offer)
        + "\n"
        + _calendar(offer)
        + "\n"
        + _description(offer)
        + "\n"
        + _source(offer)
        + "</article>"
    )


def summary(offer) -> SafeString:
    """The page's meta and Open Graph description: "Stage chez Kimiyo à Lyon."."""
    kind = _("%(kind)s chez %(organisation)s") % {
        "kind": e(offer.get_kind_display()),
        "organisation": e(offer.organisation.name),
    }
    place = " " + _("à %(city)s") % {"city": e(offer.city)} if offer.city else ""
    return mark_safe(f"{kind}{place}.")


def _wording(text) -> str:
    return f'<span class="wording" lang="fr">« {e(text)} »</span>'


class Words:
    """gettext, dates and amounts for one page, each translated or formatted once.

    Called as gettext (`_ = words or Words()`, then `_("…")`, so that makemessages finds the
    message ids). A page of twenty cards asks for the same words twenty times, and gettext,
    date_format and floatformat take a few microseconds a call. It holds words, never HTML, and
    lives as long as the page's rendering (the language cannot change in between).
    """

    def __init__(self):
        self.words = {}
        self.dates = {}
        self.amounts = {}

    def __call__(self, message: str) -> str:
        translated = self.words.get(message)
        if translated is None:
            translated = self.words[message] = gettext(message)
        return translated

    def date(self, date) -> str:
        """{{ date|date:"DATE_FORMAT" }}"""
        shown = self.dates.get(date)
        if shown is None:
            shown = self.dates[date] = e(formats.date_format(date, "DATE_FORMAT"))
        return shown

    def amount(self, value) -> str:
        """{{ value|floatformat:"0g" }}"""
        shown = self.amounts.get(value)
        if shown is None:
            shown = self.amounts[value] = floatformat(value, "0g")
        return shown


def time_element(date, words: Words | None = None) -> str:
    """<time datetime="{{ date|date:'Y-m-d' }}">{{ date|date:"DATE_FORMAT" }}</time>"""
    return f'<time datetime="{date.isoformat()}">{(words or Words()).date(date)}</time>'


def _header(offer, organisation_url: str) -> str:
    organisation = offer.organisation
    if applications_open(offer):
        status = (
            f'\n        <strong class="status status--open">{_("Candidatures ouvertes")}</strong>'
            f"\n        {_countdown(offer)}\n      "
        )
    else:
        status = (
            '\n        <strong class="status status--closed">'
            f"{_('Les candidatures sont closes.')}</strong>\n      "
        )
    return (
        '  <header class="offer__header">\n'
        f'    <p class="offer__kind"><span class="badge badge--{e(offer.kind)}">'
        f"{e(offer.get_kind_display())}</span></p>\n"
        f'    <h1 lang="fr">{e(offer.title)}</h1>\n'
        f'    <p class="offer__org" lang="fr"><a href="{organisation_url}">'
        f"{e(organisation.name)}</a></p>\n"
        f'    <p class="offer__status">\n      {status}\n    </p>\n'
        f'    <p class="offer__actions">{save_button(offer)}</p>\n'
        "  </header>\n"
    )


def _countdown(offer) -> str:
    deadline = offer.application_deadline_milestone
    if not (deadline and deadline.date):
        return ""
    left = days_left(offer)
    if left is None:
        return ""
    soon = (
        f'<span class="badge badge--soon">{_("Clôture bientôt")}</span> '
        if closing_soon(offer)
        else ""
    )
    return f'{soon}<span class="countdown">{countdown(left)}</span>'


def countdown(left: int, words: Words | None = None) -> str:
    """includes/countdown.html"""
    _ = words or Words()
    if left == 0:
        return _("dernier jour")
    if left == 1:
        return _("plus qu'un jour")
    return ngettext("plus que %(days)s jour", "plus que %(days)s jours", left) % {"days": e(left)}


def save_button(offer, url: str | None = None, words: Words | None = None) -> str:
    """includes/save_button.html; url: the offer's, escaped, when the caller has it already."""
    _ = words or Words()
    title = e(offer.title)
    url = url if url is not None else e(offer.get_absolute_url())
    # Outside the f-strings: xgettext (gettext 0.21) does not look inside them.
    add, remove = _("Sauvegarder"), _("Sauvegardée")
    added = _("Offre sauvegardée dans ce navigateur.")
    removed = _("Offre retirée de vos offres sauvegardées.")
    return (
        '\n<button type="button" class="save-button" hidden aria-pressed="false"\n'
        f'  data-save-slug="{e(offer.slug)}" data-save-title="{title}" '
        f'data-save-url="{url}"\n'
        f'  data-save-org="{e(offer.organisation.name)}"\n'
        f'  data-label-add="{add}" data-label-remove="{remove}"\n'
        f'  data-announce-add="{added}" data-announce-remove="{removed}">'
        '<span aria-hidden="true" class="save-button__star">☆</span> '
        f'<span class="save-button__label">{add}</span>'
        f'<span class="visually-hidden"> : {title}</span></button>\n'
    )


def stipend_badge(offer, words: Words | None = None) -> str:
    """includes/stipend_badge.html"""
    _ = words or Words()
    level, monthly = stipend_level(offer), monthly_stipend(offer)
    if level == "service_civique":
        amount = ""
        if monthly:
            amount = " : " + _("%(amount)s € par mois") % {"amount": _.amount(monthly)}
        allowance = _("Indemnité de service civique")
        return f'<span class="badge badge--stipend-civique">{allowance}{amount}</span>'
    if not monthly:
        not_given = _("Gratification non précisée")
        return f'<span class="badge badge--stipend-unknown">{not_given}</span>'
    per_month = _("%(amount)s € par mois") % {"amount": _.amount(monthly)}
    equivalent = " " + _("(équivalent)") if offer.stipend_unit == "hour" else ""
    label = f" · {e(level.label)}" if level != "unknown" else ""
    return f'<span class="badge badge--stipend-{e(level)}">{per_month}{equivalent}{label}</span>'


def _fact(term: str, definition: str) -> str:
    return f"      <div><dt>{term}</dt><dd>{definition}</dd></div>\n"


def _key_facts(offer, organisation_url: str) -> str:
    not_given, not_given_f = _("non précisé"), _("non précisée")
    organisation = offer.organisation

    if offer.address or offer.city:
        address = f"{e(offer.address)}, " if offer.address else ""
        postal_code = f"{e(offer.postal_code)} " if offer.postal_code else ""
        place = f'<span lang="fr">{address}{postal_code}{e(offer.city)}</span>'
        if offer.is_abroad:
            place += f" ({e(offer.country)})"
    else:
        place = not_given
    place_wording = f"<br>{_wording(offer.place_wording)}" if offer.place_wording else ""

    remote = not_given if offer.remote == "not_mentioned" else e(offer.get_remote_display())
    if offer.remote_wording:
        remote += " " + _wording(offer.remote_wording)

    deadline = offer.application_deadline_milestone
    if deadline and deadline.date:
        closes = time_element(deadline.date)
    elif deadline:
        closes = _wording(deadline.wording)
    else:
        closes = not_given_f

    if offer.start_date:
        start = time_element(offer.start_date)
        if offer.start_wording:
            start += " " + _wording(offer.start_wording)
    elif offer.start_wording:
        start = _wording(offer.start_wording)
    else:
        start = not_given

    duration_label = offer.duration_label
    duration = e(duration_label) if duration_label else not_given_f
    if offer.duration_wording and offer.duration_wording != duration_label:
        duration += " " + _wording(offer.duration_wording)

    hours_label = offer.hours_label
    hours = e(hours_label) if hours_label else not_given
    if offer.hours_wording:
        hours += " " + _wording(offer.hours_wording)

    stipend_label = offer.stipend_label
    stipend = f"{e(stipend_label)} {stipend_badge(offer)}" if stipend_label else not_given_f
    if offer.stipend_wording:
        stipend += " " + _wording(offer.stipend_wording)
    stipend_term = _("Indemnité") if offer.kind == OfferKind.SERVICE_CIVIQUE else _("Gratification")

    level = e(offer.get_education_level_display()) if offer.education_level else not_given
    if offer.education_wording:
        level += " " + _wording(offer.education_wording)

    if offer.driving_licence == "not_mentioned":
        licence = not_given
    else:
        licence = e(offer.get_driving_licence_display())

    essentials = _("L'essentiel")
    return (
        '  <section class="key-facts" aria-labelledby="facts-title">\n'
        f'    <h2 id="facts-title">{essentials}</h2>\n'
        "    <dl>\n"
        + _fact(
            _("Structure"),
            f'<a href="{organisation_url}" lang="fr">{e(organisation.name)}</a>'
            f" ({e(organisation.get_kind_display().lower())})",
        )
        + _fact(_("Lieu"), f"\n        {place}\n        {place_wording}\n      ")
        + _fact(_("Télétravail"), remote)
        + _fact(
            _("Date limite de candidature"), f"\n        \n          {closes}\n        \n      "
        )
        + _fact(_("Début"), start)
        + _fact(_("Durée"), duration)
        + _fact(_("Temps de travail"), hours)
        + _fact(stipend_term, stipend)
        + _fact(_("Niveau d'études"), level)
        + _fact(_("Permis de conduire"), licence)
        + "    </dl>\n"
        "  </section>\n"
    )


def _apply(offer) -> str:
    how_to_apply = ""
    if offer.how_to_apply:
        how_to_apply = f'<p class="wording" lang="fr">« {e(offer.how_to_apply)} »</p>'
    application_url = safe_url(offer.application_url)
    form = (
        f'<p><a href="{e(application_url)}" rel="nofollow noopener">'
        f"{_('Formulaire de candidature')}</a></p>"
        if application_url
        else ""
    )
    contacts = offer.contacts.all()
    if contacts:
        items = "".join(_contact(contact, offer) for contact in contacts)
        listed = f'\n      <ul class="contacts">\n        {items}\n      </ul>\n    '
    else:
        none = _("Contact non précisé dans l'annonce.")
        listed = f"\n      <p>{none}</p>\n    "
    return (
        '  <section class="apply" aria-labelledby="apply-title">\n'
        f'    <h2 id="apply-title">{_("Candidater")}</h2>\n'
        f"    {how_to_apply}\n"
        f"    {form}\n"
        f"    {listed}\n"
        "  </section>\n"
    )


def _contact(contact, offer) -> str:
    name = f"<strong>{e(contact.name)}</strong>" if contact.name else ""
    role = f', <span lang="fr">{e(contact.role)}</span>' if contact.role else ""
    organisation = (
        f'<span class="contact-org" lang="fr">({e(contact.organisation.name)})</span>'
        if contact.organisation_id != offer.organisation_id
        else ""
    )
    email = (
        f'<br><a href="mailto:{e(contact.email)}">{e(contact.email)}</a>' if contact.email else ""
    )
    phone = ""
    if contact.phone:
        href = e(phone_href(contact.phone))
        phone = f'<br>{_("Téléphone :")} <a href="tel:{href}">{e(contact.phone)}</a>'
    return (
        "\n          <li>\n"
        f"            {name}{role}\n"
        f"            {organisation}\n"
        f"            {email}\n"
        f"            {phone}\n"
        "          </li>\n        "
    )


def _calendar(offer) -> str:
    calendar_url = e(reverse("offers:detail-ics", args=[offer.slug]))
    deadlines = offer.deadlines.all()
    if deadlines:
        items = "".join(_deadline(deadline) for deadline in deadlines)
        listed = f"\n      <ul>\n        {items}\n      </ul>\n    "
    else:
        none = _("Aucune date n'est précisée dans l'annonce.")
        listed = f"\n      <p>{none}</p>\n    "
    return (
        '  <section class="deadlines" aria-labelledby="deadlines-title">\n'
        f'    <h2 id="deadlines-title">{_("Calendrier")}</h2>\n'
        f'    <p><a href="{calendar_url}" download>'
        f"{_('Ajouter ces dates à mon agenda (.ics)')}</a></p>\n"
        f"    {listed}\n"
        "  </section>\n"
    )


def _deadline(deadline) -> str:
    if deadline.date:
        if deadline.end_date:
            start, end = time_element(deadline.date), time_element(deadline.end_date)
            when = f"{_('du')} {start} {_('au')} {end}"
        else:
            when = time_element(deadline.date)
        wording = _wording(deadline.wording) if deadline.wording else ""
        text = f"\n              {when}\n              {wording}\n            "
    else:
        text = (
            f"\n              {_('date non précisée')} {_wording(deadline.wording)}\n            "
        )
    return (
        f"\n          <li><strong>{e(deadline.get_kind_display())} :</strong>\n"
        f"            {text}\n"
        "          </li>\n        "
    )


def _description(offer) -> str:
    title = _("L'offre en détail")
    return (
        '  <section class="description" aria-labelledby="description-title">\n'
        f'    <h2 id="description-title">{title}</h2>\n'
        f'    <div lang="fr" class="prose">{markdown(offer.description)}</div>\n'
        "  </section>\n"
    )


def _source(offer) -> str:
    if not offer.source_file:
        return "  \n"
    heading = (
        f' (« <span lang="fr">{e(offer.source_heading)}</span> »)' if offer.source_heading else ""
    )
    source = _("Source : annonce n° %(index)s du fichier") % {"index": e(offer.source_index)}
    return (
        "  \n"
        '  <footer class="offer__source">\n'
        f"    <p>{source} <code>{e(offer.source_file)}</code>{heading}.</p>\n"
        "  </footer>\n"
        "  \n"
    )
