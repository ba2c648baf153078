"""The fields a publisher writes, in the order of a posting: the offer form's fieldsets
(offers/admin_forms.py) and the snapshot a review keeps (offers/review.py)."""

# A posting reads: the offer, when (the application deadline first, offers/admin.py), where, on
# what terms, how to apply and to whom, then the long description. The other milestones and
# the contacts are inlines, shown after these.
OFFER_FIELDSETS = [
    ("L'offre", {"fields": ["organisation", "title", "kind"]}),
    (
        "Dates et durée",
        {
            "description": "Les autres échéances (entretiens, embauche…) se saisissent "
            "plus bas, dans « Autres échéances ».",
            "fields": [
                "start_date",
                "start_month",
                "start_wording",
                "duration_min_months",
                "duration_max_months",
                "duration_wording",
            ],
        },
    ),
    (
        "Lieu",
        {
            "description": "Une adresse, une ville ou au moins le lieu tel que l'annonce le "
            "décrit, ou le télétravail : les étudiantes et étudiants doivent savoir où "
            "travailler.",
            "fields": [
                "address",
                "city",
                "postal_code",
                "department_code",
                "country",
                "place_wording",
                "remote",
                "remote_wording",
            ],
        },
    ),
    (
        "Conditions",
        {
            "fields": [
                "weekly_hours_min",
                "weekly_hours_max",
                "hours_wording",
                "stipend_amount",
                "stipend_unit",
                "stipend_gross",
                "stipend_wording",
                "education_level",
                "education_wording",
                "driving_licence",
            ]
        },
    ),
    (
        "Candidature",
        {
            "description": "Au moins un moyen de postuler : un contact (courriel ou "
            "téléphone, plus bas dans « Contacts »), un lien de candidature ou un texte qui "
            "explique comment postuler.",
            "fields": ["application_url", "how_to_apply"],
        },
    ),
    ("Description", {"fields": ["description"]}),
]

PUBLISHER_FIELDS = [name for _, options in OFFER_FIELDSETS for name in options["fields"]]
