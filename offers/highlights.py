"""Highlighted words in a search's snippets, as the templates show them."""

import re

# Sentinels around highlighted words (offers.search asks PostgreSQL for them), which the
# templates mark once the text is escaped: publishers' descriptions are never trusted as HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"


def highlight_parts(text: str | None) -> list[tuple[str, bool]]:
    """A headline as (text, matched) parts: the template escapes each and marks the matches."""
    if not text:
        return []
    # Markdown markers mean nothing in a snippet.
    text = re.sub(r"(^|\s)#+\s|[*_`>]+", r"\1", text)
    parts = []
    for index, chunk in enumerate(re.split(f"[{MARK_START}{MARK_STOP}]", text)):
        if chunk:
            parts.append((chunk, index % 2 == 1))
    return parts
