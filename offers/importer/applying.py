"""How to apply: the posting's own sentence, and a link to an application form if it gives one."""

import re

from .text import Found, clip, fold

_APPLY = re.compile(
    r"\b(?:envoy\w*|adress\w*|transmettre|faire parvenir|postuler|candidatures?)\b.*\b(?:cv|"
    r"lettre|candidature|motivation)\b"
)
_URL = re.compile(r"https?://[^\s<>()\"']+")
_FORM_WORDS = re.compile(r"formulaire|postuler en ligne|candidater en ligne|plateforme")


def find_how_to_apply(lines: list[str]) -> dict:
    values: dict = {}
    for line in lines:
        if _APPLY.search(fold(line)):
            values["how_to_apply"] = Found(clip(line, 1000), clip(line))
            break
    for line in lines:
        url = _URL.search(line)
        if url and _FORM_WORDS.search(fold(line)):
            values["application_url"] = Found(url.group(0).rstrip(".,;"), clip(line))
            break
    return values
