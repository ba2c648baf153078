"""Publishers' Markdown as the HTML the offer page shows: rendered and sanitised once, on write
(Offer.save() stores it in Offer.description_html)."""

import hashlib
import re

import markdown as markdown_lib
import nh3
from django.core.cache import cache
from django.utils.safestring import mark_safe

# What publishers may use in a description: structure and emphasis, never scripts or styles.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> str:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Markdown lets raw HTML through: nh3 keeps only the allow-list. The description sits under
    # the page's own h2, so its headings move down to keep the outline in order.
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1", "h5"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="nofollow noopener",
    )
    return re.sub(r"<(/?)h([1-4])>", lambda m: f"<{m[1]}h{max(3, int(m[2]) + 1)}>", cleaned)


# Offers store their description rendered (Offer.description_html, on save); this filter is for
# the rows written without save() (fixtures, bulk updates): cached under a hash of the text, so
# an edit is never served stale.
RENDERED_SECONDS = 24 * 60 * 60


def cached_markdown(text: str) -> str:
    key = "participe:markdown:" + hashlib.sha256((text or "").encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = render_markdown(text)
        cache.set(key, cached, timeout=RENDERED_SECONDS)
    return mark_safe(cached)
