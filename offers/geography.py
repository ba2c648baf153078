"""Official French administrative geography (INSEE Code officiel géographique).

Plain Python data and helpers, no Django dependency:

- ``REGIONS``: INSEE region code -> official name (18 current regions).
- ``DEPARTEMENTS``: département code -> (official name, region code) (101 départements).
- ``department_from_postal_code``: département code of a French postal code.
"""

from __future__ import annotations

import unicodedata

REGIONS: dict[str, str] = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}

DEPARTEMENTS: dict[str, tuple[str, str]] = {
    "01": ("Ain", "84"),
    "02": ("Aisne", "32"),
    "03": ("Allier", "84"),
    "04": ("Alpes-de-Haute-Provence", "93"),
    "05": ("Hautes-Alpes", "93"),
    "06": ("Alpes-Maritimes", "93"),
    "07": ("Ardèche", "84"),
    "08": ("Ardennes", "44"),
    "09": ("Ariège", "76"),
    "10": ("Aube", "44"),
    "11": ("Aude", "76"),
    "12": ("Aveyron", "76"),
    "13": ("Bouches-du-Rhône", "93"),
    "14": ("Calvados", "28"),
    "15": ("Cantal", "84"),
    "16": ("Charente", "75"),
    "17": ("Charente-Maritime", "75"),
    "18": ("Cher", "24"),
    "19": ("Corrèze", "75"),
    "2A": ("Corse-du-Sud", "94"),
    "2B": ("Haute-Corse", "94"),
    "21": ("Côte-d'Or", "27"),
    "22": ("Côtes-d'Armor", "53"),
    "23": ("Creuse", "75"),
    "24": ("Dordogne", "75"),
    "25": ("Doubs", "27"),
    "26": ("Drôme", "84"),
    "27": ("Eure", "28"),
    "28": ("Eure-et-Loir", "24"),
    "29": ("Finistère", "53"),
    "30": ("Gard", "76"),
    "31": ("Haute-Garonne", "76"),
    "32": ("Gers", "76"),
    "33": ("Gironde", "75"),
    "34": ("Hérault", "76"),
    "35": ("Ille-et-Vilaine", "53"),
    "36": ("Indre", "24"),
    "37": ("Indre-et-Loire", "24"),
    "38": ("Isère", "84"),
    "39": ("Jura", "27"),
    "40": ("Landes", "75"),
    "41": ("Loir-et-Cher", "24"),
    "42": ("Loire", "84"),
    "43": ("Haute-Loire", "84"),
    "44": ("Loire-Atlantique", "52"),
    "45": ("Loiret", "24"),
    "46": ("Lot", "76"),
    "47": ("Lot-et-Garonne", "75"),
    "48": ("Lozère", "76"),
    "49": ("Maine-et-Loire", "52"),
    "50": ("Manche", "28"),
    "51": ("Marne", "44"),
    "52": ("Haute-Marne", "44"),
    "53": ("Mayenne", "52"),
    "54": ("Meurthe-et-Moselle", "44"),
    "55": ("Meuse", "44"),
    "56": ("Morbihan", "53"),
    "57": ("Moselle", "44"),
    "58": ("Nièvre", "27"),
    "59": ("Nord", "32"),
    "60": ("Oise", "32"),
    "61": ("Orne", "28"),
    "62": ("Pas-de-Calais", "32"),
    "63": ("Puy-de-Dôme", "84"),
    "64": ("Pyrénées-Atlantiques", "75"),
    "65": ("Hautes-Pyrénées", "76"),
    "66": ("Pyrénées-Orientales", "76"),
    "67": ("Bas-Rhin", "44"),
    "68": ("Haut-Rhin", "44"),
    "69": ("Rhône", "84"),
    "70": ("Haute-Saône", "27"),
    "71": ("Saône-et-Loire", "27"),
    "72": ("Sarthe", "52"),
    "73": ("Savoie", "84"),
    "74": ("Haute-Savoie", "84"),
    "75": ("Paris", "11"),
    "76": ("Seine-Maritime", "28"),
    "77": ("Seine-et-Marne", "11"),
    "78": ("Yvelines", "11"),
    "79": ("Deux-Sèvres", "75"),
    "80": ("Somme", "32"),
    "81": ("Tarn", "76"),
    "82": ("Tarn-et-Garonne", "76"),
    "83": ("Var", "93"),
    "84": ("Vaucluse", "93"),
    "85": ("Vendée", "52"),
    "86": ("Vienne", "75"),
    "87": ("Haute-Vienne", "75"),
    "88": ("Vosges", "44"),
    "89": ("Yonne", "27"),
    "90": ("Territoire de Belfort", "27"),
    "91": ("Essonne", "11"),
    "92": ("Hauts-de-Seine", "11"),
    "93": ("Seine-Saint-Denis", "11"),
    "94": ("Val-de-Marne", "11"),
    "95": ("Val-d'Oise", "11"),
    "971": ("Guadeloupe", "01"),
    "972": ("Martinique", "02"),
    "973": ("Guyane", "03"),
    "974": ("La Réunion", "04"),
    "976": ("Mayotte", "06"),
}


def _normalize_code(code: object) -> str:
    return str(code).strip().upper() if code is not None else ""


def department_sort_key(code: str) -> str:
    """Sort key giving the official order: 01..19, 2A, 2B, 21..95, 971..976."""
    code = _normalize_code(code)
    if code in ("2A", "2B"):
        return "20" + code[1]
    return code


def _collation_key(text: str) -> str:
    """Approximate French collation: compare case- and accent-insensitively."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def department_from_postal_code(postal_code: str) -> str | None:
    """Return the département code of a French postal code, or None.

    Spaces are ignored ("44 620" -> "44"). Overseas codes use three digits
    (97100 -> "971"), Corsica is split between "2A" (20000-20199) and "2B"
    (20200-20299, 20600-20699). Monaco and the Pacific territories (98xxx)
    and anything that is not five digits give None.
    """
    if not isinstance(postal_code, str):
        return None
    code = "".join(postal_code.split())
    if len(code) != 5 or not (code.isascii() and code.isdigit()):
        return None
    if code.startswith("98"):
        return None
    if code.startswith("97"):
        dept = code[:3]
    elif code.startswith("20"):
        prefix = code[:3]
        if prefix in ("200", "201"):
            dept = "2A"
        elif prefix in ("202", "206"):
            dept = "2B"
        else:
            return None
    else:
        dept = code[:2]
    return dept if dept in DEPARTEMENTS else None


def department_name(code: str) -> str | None:
    """Official name of a département ("13" -> "Bouches-du-Rhône"), or None."""
    entry = DEPARTEMENTS.get(_normalize_code(code))
    return entry[0] if entry else None


def region_of_department(code: str) -> str | None:
    """INSEE region code of a département ("13" -> "93"), or None."""
    entry = DEPARTEMENTS.get(_normalize_code(code))
    return entry[1] if entry else None


def region_name(code: str) -> str | None:
    """Official name of a region ("93" -> "Provence-Alpes-Côte d'Azur"), or None."""
    return REGIONS.get(_normalize_code(code))


DEPARTEMENT_CHOICES: list[tuple[str, str]] = [
    (code, f"{code} – {name}")
    for code, (name, _region) in sorted(
        DEPARTEMENTS.items(), key=lambda item: department_sort_key(item[0])
    )
]

REGION_CHOICES: list[tuple[str, str]] = sorted(
    REGIONS.items(), key=lambda item: _collation_key(item[1])
)
