"""Fill locale/en/LC_MESSAGES/django.po from the English texts below (keyed by msgid prefix).

Run after `manage.py makemessages -l en`; then `manage.py compilemessages`. Any msgid without
an English text here is reported, and the script fails: the interface is translated whole.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "Page %(number)s": "Page %(number)s",
    "Plus de %(counter)s offres de cette structure": (
        "More than %(counter)s offers from this organisation"
    ),
    "Service indisponible": "Service unavailable",
    "Le site est momentanément indisponible": "The site is temporarily unavailable",
    "Nos offres sont hors de portée": (
        "Our offers are out of reach for a few moments (maintenance or an incident). "
        "Try again in a minute: nothing is lost."
    ),
    "2 mois ou moins": "2 months or less",
    "3 à 4 mois": "3 to 4 months",
    "5 à 6 mois": "5 to 6 months",
    "Plus de 6 mois": "More than 6 months",
    "Montant précisé": "Amount stated",
    "Au moins 600 € par mois": "At least €600 a month",
    "Au moins 700 € par mois": "At least €700 a month",
    "Au moins 800 € par mois": "At least €800 a month",
    "Au moins 1 000 € par mois": "At least €1,000 a month",
    "Toutes": "All",
    "Ouvertes": "Open",
    "Closes": "Closed",
    "Date limite la plus proche": "Nearest deadline",
    "Les plus récentes": "Newest",
    "Pertinence (avec des mots-clés)": "Relevance (with keywords)",
    "À l'étranger": "Abroad",
    "Mots-clés": "Keywords",
    "concertation, médiation, Lyon…": "consultation, mediation, Lyon…",
    "Type d'offre": "Type of offer",
    "Tous les types": "All types",
    "Région": "Region",
    "Toutes les régions": "All regions",
    "Département": "Département",
    "Tous les départements": "All départements",
    "Type de structure": "Type of organisation",
    "Toutes les structures": "All organisations",
    "Durée": "Duration",
    "Toutes les durées": "Any duration",
    "Niveau d'études demandé": "Education level required",
    "Tous les niveaux": "All levels",
    "Gratification (équivalent mensuel)": "Stipend (monthly equivalent)",
    "Toutes les gratifications": "Any stipend",
    "Télétravail possible": "Remote work possible",
    "Sans permis de conduire exigé": "No driving licence required",
    "Clôture bientôt (sous {days} jours)": "Closing soon (within {days} days)",
    "Candidatures": "Applications",
    "Trier par": "Sort by",
    "Stage": "Internship",
    "Service civique": "Civic service",
    "Pas de télétravail": "No remote work",
    "Non précisé": "Not stated",
    "par heure": "per hour",
    "par mois": "per month",
    "Sans condition de diplôme": "No degree required",
    "Bac": "Baccalauréat",
    "Bac+2": "Bac+2 (2 years of higher education)",
    "Bac+3 (licence)": "Bac+3 (bachelor's degree)",
    "Bac+4 (master 1)": "Bac+4 (first year of master's)",
    "Bac+5 (master 2)": "Bac+5 (master's degree)",
    "Permis B exigé": "Driving licence required",
    "Permis B souhaité": "Driving licence preferred",
    "Non mentionné": "Not mentioned",
    "%(low)s à %(high)s mois": "%(low)s to %(high)s months",
    "%(months)s mois": "%(months)s months",
    "%(low)s à %(high)s h par semaine": "%(low)s to %(high)s hours a week",
    "%(hours)s h par semaine": "%(hours)s hours a week",
    " brut": " gross",
    " net": " net",
    "Date limite de candidature": "Application deadline",
    "Entretiens": "Interviews",
    "Début": "Start",
    "Embauche": "Hiring",
    "Publication de l'offre": "Offer published",
    "Autre échéance": "Other date",
    "au-dessus du minimum légal": "above the legal minimum",
    "minimum légal": "legal minimum",
    "en dessous du minimum légal": "below the legal minimum",
    "non précisé": "not stated",
    "indemnité de service civique": "civic service allowance",
    "oui": "yes",
    "Association": "Non-profit association",
    "Collectivité territoriale": "Local authority",
    "Établissement ou organisme public": "Public body",
    "Université ou laboratoire de recherche": "University or research laboratory",
    "Cabinet de conseil ou entreprise": "Consultancy or company",
    "Coopérative": "Cooperative",
    "Autre": "Other",
    "Requête incorrecte": "Bad request",
    "Nous n'avons pas pu lire cette adresse": (
        "We could not read this address: it is too long or contains invalid characters."
    ),
    "Revenir à la liste des offres": "Back to the list of offers",
    "Accès refusé": "Access denied",
    "Vous n'avez pas accès à cette page.": "You do not have access to this page.",
    "Page introuvable": "Page not found",
    "Cette page n'existe pas, ou l'offre": (
        "This page does not exist, or the offer was withdrawn by the organisation that posted it."
    ),
    "Voir toutes les offres": "See all offers",
    "Vos offres sauvegardées": "Your saved offers",
    "Erreur du serveur": "Server error",
    "Une erreur est survenue": "Something went wrong",
    "Le site rencontre un problème passager.": (
        "The site has a temporary problem. Please try again in a few moments."
    ),
    "Stages et services civiques en démocratie participative, concertation et médiation": (
        "Internships and civic service missions in participatory democracy, public "
        "consultation and science mediation."
    ),
    "Participe : stages en démocratie participative": (
        "Participe: internships in participatory democracy"
    ),
    "Aller au contenu": "Skip to content",
    "Stages en démocratie participative, concertation et médiation scientifique": (
        "Internships in participatory democracy, public consultation and science mediation"
    ),
    "Rechercher une offre": "Search for an offer",
    "Rechercher": "Search",
    "Menu principal": "Main menu",
    "Offres": "Offers",
    "Offres sauvegardées": "Saved offers",
    "Participe recense des offres": (
        "Participe lists internships and civic service missions posted by the organisations "
        "that offer them. Always check dates and conditions with the contacts given."
    ),
    "Accessibilité : partiellement conforme": "Accessibility: partially compliant",
    "Flux RSS": "RSS feed",
    "dernier jour": "last day",
    "plus qu'un jour": "one day left",
    "plus que %(days)s jour": ("%(days)s day left", "%(days)s days left"),
    "à l'étranger": "abroad",
    "Durée non précisée": "Duration not stated",
    "Candidatures ouvertes": "Applications open",
    "jusqu'au": "until",
    "Clôture bientôt": "Closing soon",
    "Candidatures closes": "Applications closed",
    "depuis le": "since",
    "Pagination": "Pagination",
    "Page précédente": "Previous page",
    "Page %(number)s sur %(total)s": "Page %(number)s of %(total)s",
    "Page suivante": "Next page",
    "Lieu non précisé": "Place not stated",
    "Sauvegarder": "Save",
    "Sauvegardée": "Saved",
    "Offre sauvegardée dans ce navigateur.": "Offer saved in this browser.",
    "Offre retirée de vos offres sauvegardées.": "Offer removed from your saved offers.",
    "Indemnité de service civique": "Civic service allowance",
    "%(amount)s € par mois": "€%(amount)s a month",
    "Gratification non précisée": "Stipend not stated",
    "(équivalent)": "(equivalent)",
    "%(kind)s chez %(organisation)s": "%(kind)s at %(organisation)s",
    "à %(city)s": "in %(city)s",
    "Les candidatures sont closes.": "Applications are closed.",
    "L'essentiel": "Key facts",
    "Structure": "Organisation",
    "Lieu": "Place",
    "Télétravail": "Remote work",
    "non précisée": "not stated",
    "Temps de travail": "Working hours",
    "Indemnité": "Allowance",
    "Gratification": "Stipend",
    "Niveau d'études": "Education level",
    "Permis de conduire": "Driving licence",
    "Candidater": "How to apply",
    "Formulaire de candidature": "Application form",
    "Téléphone :": "Phone:",
    "Contact non précisé dans l'annonce.": "The posting gives no contact.",
    "Calendrier": "Dates",
    "Ajouter ces dates à mon agenda (.ics)": "Add these dates to my calendar (.ics)",
    "du": "from",
    "au": "to",
    "date non précisée": "date not stated",
    "Aucune date n'est précisée dans l'annonce.": "The posting gives no dates.",
    "L'offre en détail": "The offer in full",
    "Source : annonce n° %(index)s du fichier": "Source: posting no. %(index)s of the file",
    "Offres de stage et de service civique": "Internship and civic service offers",
    "Participe : ces offres (RSS)": "Participe: these offers (RSS)",
    "Participe : ces offres (Atom)": "Participe: these offers (Atom)",
    "Participe : échéances de ces offres": "Participe: dates of these offers",
    "Filtrer les offres": "Filter the offers",
    "Certains filtres n'ont pas pu être appliqués :": "Some filters could not be applied:",
    "Afficher les offres": "Show offers",
    "%(counter)s offre": ("%(counter)s offer", "%(counter)s offers"),
    "Filtres actifs :": "Active filters:",
    "(retirer ce filtre)": "(remove this filter)",
    "Retirer tous les filtres": "Remove all filters",
    "Suivre cette recherche :": "Follow this search:",
    "calendrier des échéances": "calendar of dates",
    "Télécharger :": "Download:",
    "Aucune offre n'est ouverte aux candidatures en ce moment avec ces filtres.": (
        "No offer with these filters is open for applications at the moment."
    ),
    "Aucune offre n'est ouverte aux candidatures en ce moment.": (
        "No offer is open for applications at the moment."
    ),
    "Les offres ci-dessous sont closes": (
        "The offers below are closed: they remain here so that you can discover the "
        "organisations that recruit in this field."
    ),
    "Aucune offre ne correspond à ces critères.": "No offer matches these criteria.",
    "Vouliez-vous dire : %(link)s ?": "Did you mean: %(link)s?",
    "Les offres que vous avez mises de côté dans ce navigateur.": (
        "The offers you set aside in this browser."
    ),
    "Retirer": "Remove",
    "Sur chaque offre, le bouton": (
        "On each offer, the “Save” button sets it aside in this browser. It then appears "
        "here, with no account and no sign-up: the list stays on your device and is never "
        "sent to the site."
    ),
    "Cette liste a besoin de JavaScript": (
        "This list needs JavaScript, which seems to be turned off or blocked in your browser. "
        "You can also keep the offers' addresses in your bookmarks."
    ),
    "Vous n'avez encore sauvegardé aucune offre.": "You have not saved any offer yet.",
    "Toutes les offres sauvegardées ont été retirées.": "All saved offers were removed.",
    "Tout retirer": "Remove all",
    "Les offres de stage et de service civique de %(name)s.": (
        "The internship and civic service offers of %(name)s."
    ),
    "Ville": "City",
    "Site web": "Website",
    "%(counter)s offre de cette structure": (
        "%(counter)s offer from this organisation",
        "%(counter)s offers from this organisation",
    ),
    "Cette structure n'a pas d'offre publiée en ce moment.": (
        "This organisation has no published offer at the moment."
    ),
    "Déclaration d'accessibilité": "Accessibility statement",
    "Participe s'engage à rendre son site accessible": (
        "Participe is committed to making its website accessible, in accordance with article "
        "47 of French law no. 2005-102 of 11 February 2005. This statement covers the public "
        "site (the list of offers, the offer and organisation pages, saved offers), not the "
        "organisations' administration area."
    ),
    "État de conformité": "Compliance status",
    "Le site est partiellement conforme": (
        "The site is partially compliant with the French accessibility standard (RGAA 4.1), "
        "which follows WCAG 2.1 level AA: no full audit by an expert has been carried out yet. "
        "The checks below are automated and run again on every change to the code."
    ),
    "Ce qui est vérifié": "What is checked",
    "axe-core, dans le navigateur Chromium": (
        "axe-core, in the Chromium browser, with the WCAG 2.0 A and AA and WCAG 2.1 AA rules: "
        "no violation allowed on the list of offers, a filtered list, an offer, an "
        "organisation, the saved offers, the 404 error page and this page, at 1280 and 375 "
        "pixels wide."
    ),
    "Le validateur HTML du W3C": (
        "The W3C HTML validator (Nu HTML Checker): no error allowed on the same pages."
    ),
    "Un parcours au clavier seul": (
        "A keyboard-only journey: skip link, filters, submitting the form, focus always visible."
    ),
    "Le parcours complet d'une étudiante": (
        "A student's whole journey: list, filters, offer, contact address, calendar, saving, "
        "saved offers, and switching language."
    ),
    "Ce qui est fait pour vous": "What is done for you",
    "Le site fonctionne sans JavaScript": (
        "The site works without JavaScript, except saving offers, which keeps the list in "
        "your browser."
    ),
    "Chaque champ a une étiquette": (
        "Every field has a label, headings follow in order, focus is visible, contrast meets "
        "level AA and touch targets are at least 44 pixels on phones."
    ),
    "Le nombre de résultats et la sauvegarde": (
        "The number of results and saving an offer are announced to screen readers."
    ),
    "L'interface existe en français et en anglais": (
        "The interface exists in French and English; the offers stay in their original "
        "language, which is signalled to screen readers."
    ),
    "Aucune police, aucun script": "No font, script or image is loaded from another site.",
    "Limites connues": "Known limitations",
    "Le texte des offres est rédigé par les structures": (
        "The text of the offers is written by the organisations: its clarity and its links "
        "do not depend on us."
    ),
    "Aucun test n'a encore été mené avec des lecteurs d'écran": (
        "No test has yet been carried out with screen readers by people who use them every day."
    ),
    "Retour d'information et contact": "Feedback and contact",
    "Si vous ne parvenez pas à accéder à un contenu": (
        "If you cannot access a content or a service, write to us at"
    ),
    " : nous vous répondrons": (": we will answer and give you the information in another form."),
    "Voies de recours": "Remedies",
    "Si notre réponse ne vous satisfait pas": (
        "If our answer does not satisfy you, you can refer the matter to the Défenseur des "
        "droits (online form, the delegate of your region, or free post: Défenseur des "
        "droits, Libre réponse 71120, 75342 Paris CEDEX 07)."
    ),
}


def unquote(lines):
    return "".join(re.match(r'^(?:msgid(?:_plural)? )?"(.*)"$', line).group(1) for line in lines)


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lookup(msgid):
    msgid = msgid.encode().decode("unicode_escape").encode("latin-1").decode()
    if msgid in EN:
        return EN[msgid]
    matches = [value for key, value in EN.items() if len(key) > 12 and msgid.startswith(key)]
    return matches[0] if len(matches) == 1 else None


def main():
    blocks = PO.read_text().split("\n\n")
    missing = []
    header = blocks[0].replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: en\\n"')
    out = [header]
    for block in blocks[1:]:
        lines = block.strip("\n").split("\n")
        comments = [line for line in lines if line.startswith("#")]
        body = [line for line in lines if not line.startswith("#")]
        if not body:
            continue
        plural_at = next(
            (i for i, line in enumerate(body) if line.startswith("msgid_plural")), None
        )
        str_at = next(i for i, line in enumerate(body) if line.startswith("msgstr"))
        msgid = unquote(body[: plural_at if plural_at is not None else str_at])
        english = lookup(msgid)
        if english is None:
            missing.append(msgid)
            continue
        # Fuzzy flags and previous msgids: the English text above is the reviewed one.
        new = [line for line in comments if "fuzzy" not in line and not line.startswith("#|")]
        new += body[:str_at]
        if plural_at is not None:
            singular, plural = english
            new += [f"msgstr[0] {quote(singular)}", f"msgstr[1] {quote(plural)}"]
        else:
            new.append(f"msgstr {quote(english)}")
        out.append("\n".join(new))
    PO.write_text("\n\n".join(out) + "\n")
    if missing:
        sys.exit("No English text for:\n" + "\n".join(missing))


main()
