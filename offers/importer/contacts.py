"""To whom: contacts' names, roles, e-mail addresses and telephone numbers."""

import re
from dataclasses import dataclass

import phonenumbers

from .text import clip, fold

# "s.hernandez @ville-arles.fr": a space slipped before or after the @ is mended.
_EMAIL = re.compile(
    r"(?<![\w.+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]*)\s?@\s?(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
# "Prénom NOM", "Prénom Nom-Composé", "Prénom Nom de Particule".
_NAME = re.compile(
    r"(?:(?:Madame|Monsieur|Mme|M\.)\s+)?(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
    r"(?:\s+(?:de\s+|du\s+|d['’])?[A-ZÀ-Ý][A-Za-zÀ-ÿ'’-]+){1,3})"
)
# A line that is a name, perhaps followed by a role: "Sylvie HERNANDEZ, Chargée de mission".
_SIGNATURE = re.compile(
    r"^(?:(?:Madame|Monsieur|Mme|M\.)\s+)?[A-ZÀ-Ý][\w'’-]+"
    r"(?:\s+(?:de |du |d['’])?[A-ZÀ-Ý][\w'’-]+){0,3}\s*(?:$|[,–—(-]\s)"
)
_SURNAME = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_ROLE_WORDS = re.compile(
    r"charge|directeur|directrice|responsable|coordinat|consultant|president|maitre|"
    r"delegue|animat|chercheu|professeu|encadr|assistant|conseill|referent|secretaire"
)
_LABEL = re.compile(
    r"^(?:mail|e-mail|courriel|email|contact(?:\(s\))?|tel|tél|téléphone)\s*:\s*", re.I
)


@dataclass
class ContactFound:
    name: str
    role: str
    email: str
    phone: str
    excerpt: str


def _name_and_role(text: str) -> tuple[str, str]:
    """The person and role a line names before an address: "Name, role :", "Name – role"."""
    text = _LABEL.sub("", text).strip(" :–—-,(")
    match = _NAME.search(text)
    if not match or match.start() > 3:
        return "", ""
    name = match["name"].strip()
    # Words of a sentence ("Envoyez", "Merci") are not a first name.
    if fold(name.split()[0]) in {
        "envoyez",
        "merci",
        "contact",
        "mail",
        "pour",
        "les",
        "le",
        "la",
        "si",
        "lettre",
        "adresse",
        "poste",
        "date",
        "envoyer",
        "chez",
        "candidature",
        "courriel",
        "courrier",
        "service",
    }:
        return "", ""
    rest = text[match.end() :].strip(" ,:–—-()")
    role = rest if rest and _ROLE_WORDS.search(fold(rest)) else ""
    return name, clip(role.strip(" ,:–—-()"), 300)


def find_contacts(lines: list[str]) -> list[ContactFound]:
    contacts: list[ContactFound] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        for match in _EMAIL.finditer(line):
            email = f"{match['local']}@{match['domain']}".strip(".")
            if email.lower() in seen:
                continue
            seen.add(email.lower())
            before = line[: match.start()]
            # "Name, role : e-mail" on the line, or the name on the line or two before it.
            segments = re.split(r"(?<=[.;!?])\s|\bà\s*:|\bà\s(?=[A-ZÀ-Ý])", before)
            name, role = "", ""
            # The nearest segment that starts with a name: "…à Marion Sabourdy, chargée…, à
            # Territoire de sciences : marion@…" names Marion Sabourdy.
            for segment in reversed(segments):
                name, role = _name_and_role(segment)
                if name:
                    break
            if not name and index > 0:
                # A signature block: "Prénom NOM" alone on a line, an organisation between.
                above = [
                    lines[index - back]
                    for back in (1, 2)
                    if index - back >= 0
                    and "@" not in lines[index - back]
                    and ":" not in lines[index - back]
                    and _SIGNATURE.match(lines[index - back])
                ]
                named = [_name_and_role(line) for line in above]
                surnames = [
                    n
                    for n, line in zip(named, above, strict=True)
                    if n[0] and _SURNAME.search(line)
                ]
                if surnames or (named and named[0][0]):
                    name, role = (surnames or named)[0]
            contacts.append(ContactFound(name, role, email, "", clip(line)))
        for number in phonenumbers.PhoneNumberMatcher(line, "FR"):
            if not phonenumbers.is_valid_number(number.number):
                continue
            phone = number.raw_string.strip()
            owner = next((c for c in contacts if c.excerpt == clip(line)), None)
            if owner is not None and not owner.phone:
                owner.phone = phone
            else:
                contacts.append(ContactFound("", "", "", phone, clip(line)))
    return contacts
