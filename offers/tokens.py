"""Words as the search reads them: the queries' and the documents' (no database here)."""

import re
import unicodedata

# One letter means nothing in French ("l'", "d'", "a") and would match half the board.
MIN_WORD_LENGTH = 2
# Joins that students read as spaces: "50-50/budget", "Unis-Cité". Mirrors the SQL function
# participe_words (offers/migrations/0002), which splits the documents the same way.
JOINS = re.compile(r"[-/\\|_+=<>@#*~^]+")
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents: "Démocratie" -> "democratie"."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    # Typographic apostrophes split words as plain ones do ("l’eau" is "l'eau").
    return text.replace("\u2019", "'").replace("\u02bc", "'").strip()


def words(text: str) -> list[str]:
    """The words of a search as the documents are split: folded, two letters or more."""
    found = WORD.findall(fold(JOINS.sub(" ", normalise(text))).replace("_", " "))
    return [word for word in found if len(word) >= MIN_WORD_LENGTH]
