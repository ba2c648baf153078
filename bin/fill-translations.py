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
    "Si vous nous écrivez, indiquez cette référence": (
        "If you write to us, quote this reference: <code>%(request_id)s</code>"
    ),
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
    "Les offres que vous avez mises de côté dans ce navigateur.": (
        "The offers you set aside in this browser."
    ),
    "Retirer": "Remove",
    "Sur chaque offre, le bouton": (
        "On each offer, the “Save” button sets it aside in this browser. It then appears "
        "here, with no account and no sign-up: the list stays on your device. To tell whether "
        "these offers are still online, this page asks the site for their state; the site does "
        "not keep the list."
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
    # The "Publier une offre" page (templates/pages/publish.html), issue 16.
    "Publier une offre": "Post an offer",
    "Participe publie gratuitement les offres": (
        "Participe posts, free of charge, the internship and service civique offers of "
        "associations, local authorities, public bodies, laboratories and companies working in "
        "participatory democracy, public consultation or science mediation."
    ),
    "Obtenir un compte pour votre structure": "Getting an account for your organisation",
    "Écrivez à l'équipe de Participe": (
        'Write to the Participe team at <a href="mailto:%(email)s">%(email)s</a>, from an '
        "address of your organisation: its name, its town, its website, and the name and e-mail "
        "address of each person who will post offers."
    ),
    "L'équipe vérifie la structure": (
        "The team checks the organisation, creates the accounts and sends you your login "
        "details. Each account posts only for its own organisation or organisations."
    ),
    "Connectez-vous à l'espace de publication, remplissez": (
        "Log in to the publishing area, fill in the offer's form (place, dates, conditions, "
        "contacts, description) and submit it."
    ),
    "Ce qui se passe ensuite": "What happens next",
    "Une personne de l'équipe de modération relit": (
        "A member of the moderation team reads every offer before putting it online. You get "
        "an e-mail when it is published or, if something is missing, the reason it was "
        "turned down: you correct it and submit it again."
    ),
    "Une offre doit dire ce dont une étudiante": (
        "An offer must say what a student needs: a title, a place (or remote work), a "
        "description and a way to apply."
    ),
    "Se connecter à l'espace de publication": "Log in to the publishing area",
    # E-mail alerts and deadline reminders (alerts/, issue 15).
    "Votre alerte est confirmée.": "Your alert is confirmed.",
    "E-mail non envoyé": "E-mail not sent",
    "Le message de confirmation n'a pas pu partir.": (
        "The confirmation message could not be sent. Try again in a few minutes."
    ),
    "Chaque jour": "Daily",
    "Chaque semaine": "Weekly",
    "Votre adresse e-mail": "Your e-mail address",
    "Indiquez votre adresse e-mail.": "Enter your e-mail address.",
    "Cette adresse e-mail n'est pas valide (exemple : prenom@exemple.fr).": (
        "This e-mail address is not valid (for example: firstname@example.com)."
    ),
    "Fréquence": "Frequency",
    "Choisissez une fréquence : chaque jour ou chaque semaine.": (
        "Choose a frequency: daily or weekly."
    ),
    "Cette recherche contient un filtre invalide : ": (
        "This search has an invalid filter: correct it on the list of offers."
    ),
    "Demande refusée": "Request refused",
    "Ce formulaire doit être envoyé depuis une page de Participe.": (
        "This form must be sent from a page of Participe. Open the list of offers and try again."
    ),
    "Trop de demandes": "Too many requests",
    "Trop de demandes d'abonnement pour cette adresse ou depuis votre connexion. Rien n'a "
    "été enregistré : réessayez dans une heure.": (
        "Too many subscription requests for this address or from your connection. Nothing was "
        "saved: try again in an hour."
    ),
    "Ce lien a expiré. Abonnez-vous de nouveau": (
        'This link has expired. Subscribe again from the list of offers, or use the "Manage '
        'my alerts" link of your latest e-mail from Participe.'
    ),
    "Ce lien n'est pas valide : il a peut-être été coupé ou modifié.": (
        "This link is not valid: it may have been cut or altered. Copy the whole address from "
        "the e-mail you received. Nothing was changed."
    ),
    "Lien invalide": "Invalid link",
    "Abonnement introuvable": "Subscription not found",
    "Cet abonnement n'existe plus": (
        "This subscription no longer exists: it was deleted, or not confirmed within 7 days. "
        "You will receive no e-mail for it."
    ),
    "L'alerte a été supprimée.": "The alert was deleted.",
    "La fréquence de l'alerte a été modifiée.": "The alert's frequency was changed.",
    "Action inconnue : rien n'a été modifié.": "Unknown action: nothing was changed.",
    "Trop d'offres demandées à la fois (%(max)s au plus).": (
        "Too many offers asked for at once (%(max)s at most)."
    ),
    "Demain : date limite de candidature, %(title)s": "Tomorrow: application deadline, %(title)s",
    "Dans %(days)s jours : date limite de candidature, %(title)s": (
        "In %(days)s days: application deadline, %(title)s"
    ),
    "Cette adresse de calendrier n'est pas valide": (
        "This calendar address is not valid: it may have been cut or altered. Copy it again "
        'from the "Saved offers" page.'
    ),
    "Participe : mes offres sauvegardées": "Participe: my saved offers",
    "Confirmer l'abonnement": "Confirm the subscription",
    "Cet abonnement est déjà confirmé.": "This subscription is already confirmed.",
    "Recevoir à %(email)s, %(frequency)s, les nouvelles offres de cette recherche :": (
        "Receive at %(email)s, %(frequency)s, the new offers of this search:"
    ),
    "Confirmer mon abonnement": "Confirm my subscription",
    "Vous n'avez rien demandé ? Ignorez simplement ce message": (
        "You asked for nothing? Just ignore this message: the request will be deleted in 7 days."
    ),
    "Participe : vous avez déjà cette alerte": "Participe: you already have this alert",
    "Bonjour,": "Hello,",
    "Quelqu'un, sans doute vous, a demandé de nouveau": (
        "Someone, probably you, asked again to receive the offers of this search, to which this "
        "address is already subscribed:"
    ),
    "Rien n'a changé. Pour modifier la fréquence ou supprimer vos alertes :": (
        "Nothing changed. To change the frequency or delete your alerts:"
    ),
    "Gérer mes alertes": "Manage my alerts",
    "Gérer mes alertes :": "Manage my alerts:",
    "Participe : confirmez votre alerte": "Participe: confirm your alert",
    "Quelqu'un, sans doute vous, a demandé à recevoir par e-mail": (
        "Someone, probably you, asked to receive by e-mail the new offers of a search on Participe:"
    ),
    "Vous n'avez rien demandé ? Ignorez ce message : rien ne vous sera envoyé": (
        "You asked for nothing? Ignore this message: nothing will be sent to you, and your "
        "address will be deleted in 7 days."
    ),
    "Données personnelles": "Personal data",
    "Données personnelles :": "Personal data:",
    "Pour confirmer, ouvrez ce lien puis appuyez sur le bouton": (
        'To confirm, open this link, then press the "Confirm my subscription" button:'
    ),
    "Les nouvelles offres de votre recherche sur Participe :": (
        "The new offers of your search on Participe:"
    ),
    "Et %(counter)s autre offre sur le site.": (
        "And %(counter)s more offer on the site.",
        "And %(counter)s more offers on the site.",
    ),
    "Voir la recherche sur le site": "See the search on the site",
    "Voir la recherche sur le site :": "See the search on the site:",
    "Se désabonner de cette alerte": "Unsubscribe from this alert",
    "Se désabonner de cette alerte :": "Unsubscribe from this alert:",
    "Participe : %(counter)s nouvelle offre pour votre recherche": (
        "Participe: %(counter)s new offer for your search",
        "Participe: %(counter)s new offers for your search",
    ),
    "Date limite de candidature :": "Application deadline:",
    "Adresse effacée": "Address deleted",
    "Vous n'avez plus aucune alerte : votre adresse e-mail a été effacée de Participe.": (
        "You have no alert left: your e-mail address was deleted from Participe."
    ),
    "Revenir aux offres": "Back to the offers",
    "Mes alertes": "My alerts",
    "Les alertes envoyées à %(email)s :": "The alerts sent to %(email)s:",
    "Confirmée le %(date)s.": "Confirmed on %(date)s.",
    "En attente de confirmation : voyez l'e-mail reçu.": (
        "Waiting for confirmation: see the e-mail you received."
    ),
    "Voir cette recherche": "See this search",
    "Enregistrer": "Save",
    "Supprimer cette alerte": "Delete this alert",
    "Tout supprimer, mon adresse comprise": "Delete everything, my address included",
    "Toutes les offres": "All offers",
    "Recevoir des offres par e-mail": "Get offers by e-mail",
    "L'abonnement n'a pas été enregistré :": "The subscription was not saved:",
    "Revenir à la recherche": "Back to the search",
    "Recevoir ces offres par e-mail": "Get these offers by e-mail",
    "Les nouvelles offres de cette recherche, mots-clés et filtres compris": (
        "The new offers of this search, keywords and filters included, without an account. You "
        "first confirm your address; every e-mail lets you unsubscribe in one click."
    ),
    "M'abonner": "Subscribe",
    "Ce que nous gardons de votre adresse, et combien de temps": (
        "What we keep of your address, and for how long"
    ),
    "Vérifiez votre boîte e-mail": "Check your inbox",
    "Si cette adresse peut recevoir des e-mails": (
        "If this address can receive e-mail, a message from Participe has just been sent to it. "
        "Open it and confirm your subscription: nothing else will be sent to you before. "
        "Without confirmation, the request is deleted after 7 days."
    ),
    "Rien reçu ? Regardez dans les indésirables": (
        "Nothing received? Look in your spam folder, or try again in a few minutes."
    ),
    "Se désabonner": "Unsubscribe",
    "Ne plus recevoir à %(email)s les offres de cette recherche :": (
        "Stop receiving at %(email)s the offers of this search:"
    ),
    "Me désabonner": "Unsubscribe me",
    "Désabonnement enregistré": "Unsubscribed",
    "Vous ne recevrez plus d'e-mail pour cette recherche.": (
        "You will receive no more e-mail for this search. If it was your last alert, your "
        "address was deleted."
    ),
    "Cette offre n'est plus en ligne": "This offer is no longer online",
    "Échéances (.ics)": "Dates (.ics)",
    "Ajouter à Google Agenda": "Add to Google Calendar",
    "Rappels des dates limites": "Deadline reminders",
    "Abonnez votre agenda à ces offres": (
        "Subscribe your calendar to these offers: it will show each one's application deadline, "
        "with a reminder 7 days and then 1 day before. No account: the address itself holds "
        "these offers. After saving or removing an offer, come back for the new address."
    ),
    "S'abonner dans mon agenda": "Subscribe in my calendar",
    "Ou copiez cette adresse dans votre agenda :": "Or copy this address into your calendar:",
    "Participe se consulte sans compte.": (
        "Participe needs no account. The site keeps personal data only when you give it some: "
        "your e-mail address, to receive alerts."
    ),
    "Les alertes par e-mail": "E-mail alerts",
    "Ce qui est gardé : votre adresse e-mail": (
        "What is kept: your e-mail address, the search you follow (keywords and filters), the "
        "frequency you chose, the language of the page you subscribed from, and the dates of "
        "the request, the confirmation and the latest e-mail."
    ),
    "Pourquoi : uniquement pour vous envoyer": (
        "Why: only to send you the new offers of that search. The address is used for nothing "
        "else, given to nobody, and gets no newsletter or advertising."
    ),
    "Combien de temps : une demande non confirmée": (
        "For how long: an unconfirmed request is deleted after 7 days. A confirmed alert is "
        "kept until you unsubscribe; your address is deleted with your last alert."
    ),
    "Vos droits : chaque e-mail contient": (
        'Your rights: every e-mail holds a one-click unsubscribe link and a "Manage my alerts" '
        "link, to change the frequency, delete an alert, or delete everything, address included."
    ),
    "Pour limiter les abus, le nombre de demandes": (
        "To limit abuse, subscription requests are counted for an hour per e-mail address and "
        "per IP address, in a hashed form from which neither can be read back."
    ),
    "Les offres sauvegardées et leurs rappels": "Saved offers and their reminders",
    "Les offres sauvegardées restent dans votre navigateur.": (
        "Saved offers stay in your browser. To show their state and the address of the reminders "
        "calendar, the page sends the site the list of these offers, which is not stored: the "
        "calendar's address holds the offers itself, signed so that it cannot be altered."
    ),
    "Le reste": "Everything else",
    "Aucun cookie de mesure d'audience ni de publicité.": (
        "No analytics or advertising cookie. The site sets a language cookie if you choose "
        "English, and a security cookie when you send a form. The server's logs (IP address, "
        "page asked for) serve to diagnose failures."
    ),
    # The posting importer (offers/importer, its admin pages).
    "Texte de l'annonce": "Text of the posting",
    "ou un fichier": "or a file",
    ".txt, .pdf, .docx ou .odt, 5 Mo au plus.": ".txt, .pdf, .docx or .odt, 5 MB at most.",
    "Organisation": "Organisation",
    "D'après l'annonce (trouvée par son nom, ou créée)": (
        "From the posting (found by its name, or created)"
    ),
    "D'après l'annonce, parmi les vôtres": "From the posting, among yours",
    "Le fichier dépasse %(size)s Mo.": "The file is larger than %(size)s MB.",
    "Collez le texte ou envoyez un fichier, pas les deux.": (
        "Paste the text or send a file, not both."
    ),
    "Collez le texte de l'annonce ou choisissez un fichier.": (
        "Paste the text of the posting or choose a file."
    ),
    "Aucune annonce n'a été reconnue dans ce texte": (
        "No posting was found in this text: it has no title and none of an offer's facts "
        "(dates, place, duration, contacts…)."
    ),
    "Ce texte contient %(count)s annonces": (
        "This text holds %(count)s postings: import them one at a time (or with the "
        "import_postings command)."
    ),
    "Cette annonce a déjà été importée.": "This posting has already been imported.",
    "Choisissez l'organisation de cette offre.": "Choose the organisation of this offer.",
    "Brouillon créé : vérifiez chaque champ": (
        "Draft created: check each field beside the excerpt of the posting."
    ),
    "Importer une annonce": "Import a posting",
    "non": "no",
    "Cette offre n'a pas été importée d'une annonce.": (
        "This offer was not imported from a posting."
    ),
    "Vérifier le brouillon importé": "Check the imported draft",
    "Cette archive ZIP est endommagée.": "This ZIP archive is damaged.",
    "Ce fichier est une archive ZIP, pas un document Word": (
        "This file is a ZIP archive, not a Word (.docx) or OpenDocument (.odt) document."
    ),
    "Ce fichier n'est pas un texte ni un document reconnu.": (
        "This file is neither a text nor a known document."
    ),
    "Ce PDF est protégé par un mot de passe": (
        "This PDF is protected by a password: send a version without one."
    ),
    "Ce PDF est illisible ou endommagé.": "This PDF is unreadable or damaged.",
    "Ce document Word est illisible ou endommagé.": "This Word document is unreadable or damaged.",
    "Ce document OpenDocument est illisible ou endommagé.": (
        "This OpenDocument file is unreadable or damaged."
    ),
    "Le fichier est vide.": "The file is empty.",
    "Aucun texte n'a pu être lu dans ce fichier.": "No text could be read in this file.",
    "Ce texte est trop long pour une annonce.": "This text is too long for a posting.",
    "Accueil": "Home",
    "Collez le texte de l'annonce, ou envoyez-la en fichier": (
        "Paste the text of the posting, or send it as a file (.txt, .pdf, .docx or .odt, "
        "%(max_megabytes)s MB at most). A draft is created with every fact the posting gives, "
        "beside the excerpt it comes from; nothing is published or submitted."
    ),
    "Créer le brouillon": "Create the draft",
    "Vérifier l'import": "Check the import",
    "Statut": "Status",
    "Points à vérifier : l'annonce est ambiguë ici": (
        "To check: the posting is ambiguous here, the field was left empty or its value was "
        "deduced."
    ),
    "Corriger dans le formulaire": "Correct in the form",
    "Champ": "Field",
    "Valeur du brouillon": "Value in the draft",
    "Extrait de l'annonce": "Excerpt of the posting",
    "organisation": "organisation",
    "l'annonce dit": "the posting says",
    "corrigé ; lu": "corrected; read",
    "Échéances": "Milestones",
    "sans date complète": "no full date",
    "L'annonce ne donne aucune échéance.": "The posting gives no milestone.",
    "Contacts": "Contacts",
    "L'annonce ne nomme aucun contact.": "The posting names no contact.",
    "Description": "Description",
    "La description en Markdown": "The description in Markdown",
    "Le texte de l'annonce": "The text of the posting",
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
