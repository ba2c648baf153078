"""Labelled pairs for the duplicate finder, built from the 28 seed postings and the importer's
40 development postings: each reposted in other words (the same offer), and paired with another
posting given the same host, place and boilerplate (different offers of one host)."""

import re
from pathlib import Path

from offers.importer.headings import split_postings
from offers.importer.text import plain
from sources.matching import Posting
from tests.conftest import POSTINGS_DIR

IMPORT_DEV = Path(__file__).resolve().parent.parent / "offers" / "importer" / "import_dev"

# What a host changes when it posts its offer again, on another site or in another year.
SYNONYMS = {
    "vous": "le ou la stagiaire",
    "mission": "tâche",
    "missions": "tâches",
    "projet": "action",
    "projets": "actions",
    "participer": "contribuer",
    "accompagner": "soutenir",
    "organisation": "structure",
    "association": "structure associative",
    "candidature": "dossier",
    "animer": "conduire",
    "réaliser": "mener",
    "stage": "période de stage",
    "étudiant": "élève",
    "rédaction": "écriture",
    "recherche": "cherche",
    "profil": "compétences attendues",
    "développement": "essor",
    "public": "grand public",
    "territoire": "territoire local",
}
BOILERPLATE = (
    "Qui sommes-nous ? Notre structure rassemble une équipe pluridisciplinaire engagée pour "
    "la participation citoyenne et le dialogue entre sciences et société depuis vingt ans. "
    "Nous accueillons chaque année des stagiaires et des volontaires, encadrés par un tuteur. "
    "Pour candidater, envoyez un CV et une lettre de motivation par courriel à l'adresse "
    "indiquée, en précisant la référence de l'offre."
)


def postings() -> list[str]:
    texts = []
    for path in sorted(POSTINGS_DIR.glob("*.txt")):
        texts += split_postings(plain(path.read_text(encoding="utf-8")))
    for path in sorted((IMPORT_DEV / "postings").glob("*.txt")):
        texts.append(plain(path.read_text(encoding="utf-8")))
    return [text for text in texts if len(text.split()) >= 60]


def split(text: str) -> tuple[str, str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:200], "\n".join(lines[1:])


def _reword_line(line: str) -> str:
    return re.sub(r"\w+", lambda m: SYNONYMS.get(m[0].lower(), m[0]), line)


def reword_title(title: str, rank: int) -> str:
    title = re.sub(r"\s+[–—-]\s+", " : ", title)
    title = _reword_line(title)
    forms = [
        lambda t: f"Offre de stage : {t}",
        lambda t: f"{t} (H/F)",
        lambda t: t.replace("Stage", "Stagiaire") if "Stage" in t else f"Stagiaire {t}",
        lambda t: t.upper(),
        lambda t: f"{t} – poste à pourvoir",
    ]
    return forms[rank % len(forms)](title)


def reword(text: str, rank: int) -> str:
    """The same offer in other words: lines dropped, words replaced, parts moved; one in four
    keeps only its first half (a feed's summary of the page)."""
    lines = text.splitlines()
    if rank % 8 == 0:
        lines = lines[: max(3, len(lines) // 2)]
    kept = [_reword_line(line) for index, line in enumerate(lines) if (index + rank) % 4 != 0]
    third = len(kept) // 3
    moved = kept[-third:] + kept[:-third] if third else kept
    return "\n".join(["Offre relayée par notre réseau.", *moved])


def labelled_pairs() -> list[tuple[Posting, Posting, bool]]:
    texts = postings()
    pairs = []
    for rank, text in enumerate(texts):
        title, description = split(text)
        original = Posting(title, description, city="Lyon", organisation=rank)
        if rank % 2 == 0:
            repost = Posting(
                reword_title(title, rank),
                reword(description, rank),
                city="Lyon",
                organisation=rank,
            )
            pairs.append((original, repost, True))
        else:
            other_title, other = split(texts[(rank + 7) % len(texts)])
            if rank % 3 == 0:
                # The host gives its offers one title (another season, another site).
                other_title = title
            # Another offer of the same host, at the same place, with the host's boilerplate.
            host = Posting(title, f"{description}\n{BOILERPLATE}", city="Lyon", organisation=0)
            sibling = Posting(other_title, f"{other}\n{BOILERPLATE}", city="Lyon", organisation=0)
            pairs.append((host, sibling, False))
    return pairs
