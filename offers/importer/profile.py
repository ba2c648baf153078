"""Who: the kind of offer, the education level asked for, the driving licence."""

import re

from .text import Found, clip, fold, unbulleted

# The first level a posting asks for is its requirement ("Master 2 – exceptionnellement M1":
# Master 2; "licence ou master": licence; "Bac+4 à Bac+5": Bac+4).
_LEVELS = [
    (
        "bac5",
        r"master\s*(?:2|ii)\b|m2\b|bac\s*\+\s*5|deuxieme annee de master|5e annee|"
        r"fin de cycle|fin d'etudes",
    ),
    # "Niveau Master" names a level, its first year; "étudiant en master" a programme, whose
    # year it does not say.
    ("bac4", r"master\s*(?:1|i)\b|m1\b|bac\s*\+\s*4|niveau master\b(?!\s*(?:1|2|i|ii)\b)"),
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
_LICENCE_REQUIRED = re.compile(
    r"requis|exige|obligatoire|indispensable|necessaire|imperati|"
    r"detenir|titulaire|etre en possession|posseder"
)
# The kinds of offer a posting names, and a job (a contract of employment): a job is no
# internship, and the importer says so rather than give it a kind the board has not.
JOB_OFFER = "job"
_KINDS = [
    (
        "alternance",
        r"\balternance\b|\bapprentissage\b|\bapprenti(?:e|\(e\))?\b|"
        r"contrat de professionnalisation",
    ),
    (
        "volontariat",
        # Not "éco-volontariat", a volunteering holiday, nor "volontariat de service civique".
        r"(?<![-\w])volontariat\b(?! de service civique)|"
        r"\bvolontaires? de solidarite internationale|\bv\.?s\.?[ic]\b",
    ),
    ("service_civique", r"\bservices? civiques?\b"),
    ("stage", r"\bstage\b|\bstagiaire\b|\bconvention de stage\b"),
    (
        JOB_OFFER,
        r"\bcdd\b|\bcdi\b|contrat a duree (?:in)?determinee|emploi permanent|\bvacataires?\b|"
        r"contrat vacataire|\bfonctionnaire\b|\bcontractuel\w*\b",
    ),
]
_VOLUNTEER = re.compile(r"\bvolontaires?\b")
_KIND_RE = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in _KINDS))
# The labels of the field that states the kind: "Type d'offre : Stage", "Contrat : CDD".
_KIND_LABEL = re.compile(
    r"^(?:type d'(?:offre|emploi|contrat)|type de contrat|(?:statut / )?type de contrat|contrat|"
    r"nature du contrat|statut|categories?(?:\(s\))?|position administrative)\s*:"
)


def _first_kind(text: str) -> str | None:
    match = _KIND_RE.search(text)
    return match.lastgroup if match else None


def _in_a_name(line: str, start: int) -> bool:
    """A capitalised word after another inside a sentence is part of a name ("France
    Volontaires", "Service Civil"), not the kind of the offer."""
    before = line[:start].split()
    return line[start : start + 1].isupper() and bool(before) and before[-1][:1].isupper()


def find_kind(heading: str, lines: list[str]) -> Found:
    """The kind of offer, read where the posting states it: the field that labels it, the
    heading or the first lines (where the title names it), else the kind the text names most.
    A job offer comes out as JOB_OFFER."""
    for line in lines:
        folded = fold(unbulleted(line))
        if _KIND_LABEL.match(folded):
            kind = _first_kind(folded.split(":", 1)[1])
            if kind:
                return Found(kind, clip(line))
    for line in ([heading] if heading else []) + lines[:3]:
        kind = _first_kind(fold(line))
        if kind:
            return Found(kind, clip(line))
    counts: dict[str, int] = {}
    first_line: dict[str, str] = {}
    for line in lines:
        folded = fold(line)
        for match in _KIND_RE.finditer(folded):
            if len(folded) == len(line) and _in_a_name(line, match.start()):
                continue
            counts[match.lastgroup] = counts.get(match.lastgroup, 0) + 1
            first_line.setdefault(match.lastgroup, line)
    if not counts:
        # A volunteer ("volontaire") with no other kind named: one of service civique.
        line = next((line for line in lines if _VOLUNTEER.search(fold(line))), None)
        return Found("service_civique", clip(line)) if line else Found(None, "")
    # As many mentions of two kinds: not a job (job boards file every post under a contract
    # type), and a stage before the others (a host's "mission" may be lent other words).
    kind = max(counts, key=lambda k: (counts[k], k != JOB_OFFER, k == "stage"))
    return Found(kind, clip(first_line[kind]))


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
        # The licence's own clause: an aside that opens after it ("permis B (être véhiculé est
        # un atout)") or closed before it is about something else.
        before = re.split(r"[.;)]", folded[max(0, match.start() - 60) : match.start()])[-1]
        after = re.split(r"[.;(]", folded[match.end() : match.end() + 80])[0]
        around = before + after
        if _LICENCE_PREFERRED.search(around):
            return {"driving_licence": Found("preferred", clip(line))}
        if _LICENCE_REQUIRED.search(around):
            return {"driving_licence": Found("required", clip(line))}
    return {}
