"""Who: the kind of offer, the education level asked for, the driving licence."""

import re

from .text import Found, clip, fold

# The first level a posting asks for is its requirement ("Master 2 – exceptionnellement M1":
# Master 2; "licence ou master": licence; "Bac+4 à Bac+5": Bac+4).
_LEVELS = [
    (
        "bac5",
        r"master\s*(?:2|ii)\b|m2\b|bac\s*\+\s*5|deuxieme annee de master|5e annee|"
        r"fin de cycle|fin d'etudes",
    ),
    ("bac4", r"master\s*(?:1|i)\b|m1\b|bac\s*\+\s*4|master\b(?!\s*(?:1|2|i|ii)\b)"),
    ("bac3", r"licence\b|bac\s*\+\s*3|l3\b"),
    ("bac2", r"bac\s*\+\s*2|bts\b|dut\b"),
    ("bac", r"\bbaccalaureat\b|niveau bac\b"),
    ("none", r"sans condition de diplome|aucun diplome"),
]
_LEVEL_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _LEVELS))
_PROFILE_WORDS = re.compile(
    r"profil|formation|niveau|etudiant|diplome|savoirs|master\s*(?:2|ii)|bac\s*\+|licence|"
    r"requis|annee de master"
)
_LICENCE = re.compile(r"\bpermis\s*(?:b|de conduire)\b")
_LICENCE_PREFERRED = re.compile(
    r"souhait|appreci|serait un plus|atout|bienvenu|idealement|de preference|recommand"
)
_LICENCE_REQUIRED = re.compile(r"requis|exige|obligatoire|indispensable|necessaire|imperati")
_SERVICE_CIVIQUE = re.compile(r"\bservices? civiques?\b|\bvolontaire\b")
_STAGE = re.compile(r"\bstage\b|\bstagiaire\b|\bconvention de stage\b")


def find_kind(heading: str, lines: list[str]) -> Found:
    text = fold("\n".join(lines))
    civique = len(_SERVICE_CIVIQUE.findall(text))
    stage = len(_STAGE.findall(text))
    if civique and (not stage or civique > stage):
        line = next(line for line in lines if _SERVICE_CIVIQUE.search(fold(line)))
        return Found("service_civique", clip(line))
    line = next((line for line in lines if _STAGE.search(fold(line))), heading or "")
    return Found("stage", clip(line)) if stage else Found(None, "")


def find_education(lines: list[str]) -> dict:
    for line in lines:
        folded = fold(line)
        if not _PROFILE_WORDS.search(folded):
            continue
        match = _LEVEL_RE.search(folded)
        if match:
            level = match.lastgroup
            return {
                "education_level": Found(level, clip(line)),
                "education_wording": Found(clip(line, 500), clip(line)),
            }
    return {}


def find_driving_licence(lines: list[str]) -> dict:
    for line in lines:
        folded = fold(line)
        match = _LICENCE.search(folded)
        if not match:
            continue
        around = folded[max(0, match.start() - 60) : match.end() + 80]
        if _LICENCE_PREFERRED.search(around):
            return {"driving_licence": Found("preferred", clip(line))}
        if _LICENCE_REQUIRED.search(around):
            return {"driving_licence": Found("required", clip(line))}
    return {}
