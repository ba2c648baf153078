"""What a source lists, and what an offer's page says, read from the bytes fetched.

A feed (RSS or Atom), a page or sitemap of links, a page with schema.org JobPosting markup and a
missions XML feed each give items: an address, a stamp that changes when the source says the
item changed, and, where the source carries the whole offer, its text. An offer's page gives
the text the importer reads: its JobPosting markup where it has some (extruct), its main text
otherwise (trafilatura). Markup is sanitised with the publishers' allow-list before it becomes
text: nothing a source writes reaches a page unsanitised.
"""

import datetime
import hashlib
import html
import json
import re
import xml.sax
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import extruct
import feedparser
import lxml.etree
import lxml.html
import nh3
import trafilatura
from django.utils import formats, translation

from offers.rendering import ALLOWED_TAGS

from .models import SourceKind


class Unreadable(Exception):
    """The source's answer is not what its kind promises (bad XML, no feed)."""


@dataclass
class Item:
    address: str
    # Changes when the source says the item changed (its date, its text in the feed); empty
    # when the source says nothing of it: its page is asked again, conditionally.
    stamp: str = ""
    # The offer's text, when the source carries it whole (a missions feed, a JobPosting page):
    # then no page is fetched.
    text: str = ""
    # What the source states in fields of its own (a JobPosting's title, a mission's city),
    # set over what the importer reads in the text.
    facts: dict = field(default_factory=dict)
    # The feed's own text of the item: what is read when its page has none.
    summary: str = ""

    @property
    def inline(self) -> bool:
        return bool(self.text)


@dataclass
class Reading:
    text: str
    facts: dict = field(default_factory=dict)
    markup: bool = False  # read from JobPosting markup


def digest(*parts) -> str:
    return hashlib.sha256(
        json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()


_XML = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def _xml(body: bytes):
    try:
        return lxml.etree.fromstring(body, parser=_XML)
    except lxml.etree.XMLSyntaxError as error:
        raise Unreadable(f"XML illisible : {error}") from None


def _local(tag) -> str:
    return lxml.etree.QName(tag).localname if isinstance(tag, str) else ""


def sniff(body: bytes) -> str:
    """The kind of source an answer looks like, for an address given without one."""
    head = body[:4096].lstrip().lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return SourceKind.FEED
    if b"<urlset" in head or b"<sitemapindex" in head:
        return SourceKind.LISTING
    if b"<missions" in head or b"<mission>" in head:
        return SourceKind.MISSIONS
    if job_postings(body, "http://localhost/"):
        return SourceKind.JOBPOSTING
    return SourceKind.LISTING


def html_to_text(markup: str) -> str:
    """A fragment of a publisher's HTML as plain lines, sanitised first."""
    clean = nh3.clean(markup or "", tags=ALLOWED_TAGS, attributes={})
    clean = re.sub(r"</li>", "", clean)
    clean = re.sub(r"<li[^>]*>", "\n- ", clean)
    clean = re.sub(r"</?(p|br|h\d|ul|ol|blockquote|pre|hr)[^>]*>", "\n", clean)
    clean = re.sub(r"<[^>]+>", "", clean)
    lines = [" ".join(html.unescape(line).split()) for line in clean.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Feeds ---------------------------------------------------------------------------------------


def read_feed(body: bytes, base_url: str) -> list[Item]:
    # Bytes, never the address: feedparser would fetch an address itself, past every check.
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        raise Unreadable(f"Flux illisible : {problem or 'ni RSS ni Atom'}")
    if isinstance(problem, xml.sax.SAXException):
        # A feed cut short reads as a feed whose items are gone: not a list to act on.
        raise Unreadable(f"Flux illisible : XML mal formé ({problem}).")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        content = " ".join(part.get("value", "") for part in entry.get("content", []))
        summary = html_to_text(content or entry.get("summary", ""))
        # dict.get: feedparser's own get() maps a missing "updated" to "published", with a
        # warning.
        stamp = digest(
            entry.get("id"),
            dict.get(entry, "updated") or dict.get(entry, "published"),
            entry.get("title"),
            summary,
        )
        # A WordPress job board (WP Job Manager) names the host in its own element.
        company = dict.get(entry, "job_listing_company") or ""
        items.append(
            Item(
                address=urljoin(base_url, link),
                stamp=stamp,
                summary=summary,
                facts={"organisation": company.strip()} if company.strip() else {},
            )
        )
    return items


# Listing pages and sitemaps ------------------------------------------------------------------


def read_listing(body: bytes, base_url: str) -> list[Item]:
    head = body[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or b"<urlset" in head:
        return _read_sitemap(body, base_url)
    try:
        document = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError) as error:
        raise Unreadable(f"Page illisible : {error}") from None
    # The offers are in the page's content, not in its menus and footer.
    roots = document.xpath("//main") or document.xpath("//body") or [document]
    site = urlsplit(base_url).netloc
    found, seen = [], {urldefrag(base_url)[0]}
    for root in roots:
        for link in root.xpath(".//a[@href]"):
            if link.xpath("ancestor::nav|ancestor::header|ancestor::footer"):
                continue
            address = urldefrag(urljoin(base_url, link.get("href").strip()))[0]
            parts = urlsplit(address)
            if parts.scheme not in ("http", "https") or parts.netloc != site:
                continue
            if address in seen or parts.path in ("", "/"):
                continue
            seen.add(address)
            found.append(Item(address=address))
    return found


def _read_sitemap(body: bytes, base_url: str) -> list[Item]:
    root = _xml(body)
    if _local(root.tag) != "urlset":
        raise Unreadable("Sitemap illisible : un <urlset> était attendu.")
    items = []
    for url in root:
        values = {_local(child.tag): (child.text or "").strip() for child in url}
        if values.get("loc"):
            address = urljoin(base_url, values["loc"])
            items.append(Item(address=address, stamp=digest(values.get("lastmod", ""))))
    return items


# JobPosting markup ---------------------------------------------------------------------------


def _typed(value, wanted: str) -> bool:
    kinds = value.get("@type") if isinstance(value, dict) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return wanted in kinds


def _walk(value):
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def job_postings(body: bytes, url: str) -> list[dict]:
    try:
        data = extruct.extract(
            body.decode("utf-8", "replace"),
            base_url=url,
            syntaxes=["json-ld", "microdata"],
            uniform=True,
            errors="ignore",
        )
    except Exception:  # noqa: BLE001 — a page's broken markup is no reason to stop
        return []
    found = []
    for syntax in ("json-ld", "microdata"):
        for value in _walk(data.get(syntax, [])):
            if _typed(value, "JobPosting"):
                found.append(value)
    return found


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _name(value) -> str:
    value = _first(value)
    if isinstance(value, dict):
        return str(value.get("name") or "").strip()
    return str(value or "").strip()


def _french_date(value) -> str:
    text = str(_first(value) or "")[:10]
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return ""
    # In French whatever the language of the request or the test that ran before: the
    # importer reads French dates.
    with translation.override("fr"):
        return formats.date_format(day, "j F Y")


_KINDS = {
    "INTERN": "stage",
    "INTERNSHIP": "stage",
    "VOLUNTEER": "service_civique",
}


def posting_reading(posting: dict, page_url: str) -> Reading:
    """A JobPosting as the lines of a posting, and its fields as facts."""
    title = str(_first(posting.get("title")) or "").strip()
    organisation = _name(posting.get("hiringOrganization"))
    location = _first(posting.get("jobLocation")) or {}
    address = (location.get("address") if isinstance(location, dict) else None) or {}
    address = _first(address) if isinstance(address, list) else address
    if not isinstance(address, dict):
        address = {"streetAddress": str(address)}
    street = str(address.get("streetAddress") or "").strip()
    postal = str(address.get("postalCode") or "").strip()
    city = str(address.get("addressLocality") or "").strip()
    employment = _first(posting.get("employmentType")) or ""
    kind = _KINDS.get(str(employment).upper(), "")
    lines = [title]
    if organisation:
        lines.append(f"Organisme : {organisation}")
    place = ", ".join(p for p in (street, f"{postal} {city}".strip()) if p)
    if place:
        lines.append(f"Lieu : {place}")
    if kind == "stage":
        lines.append("Type de contrat : stage")
    elif kind == "service_civique":
        lines.append("Type de contrat : service civique")
    posted = _french_date(posting.get("datePosted"))
    if posted:
        lines.append(f"Offre publiée le {posted}")
    closes = _french_date(posting.get("validThrough"))
    if closes:
        lines.append(f"Date limite de candidature : {closes}")
    starts = _french_date(posting.get("jobStartDate"))
    if starts:
        lines.append(f"Début du stage : {starts}")
    lines.append("")
    lines.append(html_to_text(str(_first(posting.get("description")) or "")))
    apply_url = str(_first(posting.get("url")) or "").strip()
    facts = {
        "title": title,
        "organisation": organisation,
        "city": city,
        "postal_code": postal,
        "address": street,
        "kind": kind,
        "application_url": apply_url if apply_url.startswith(("http://", "https://")) else "",
    }
    return Reading(
        text="\n".join(lines).strip(),
        facts={k: v for k, v in facts.items() if v},
        markup=True,
    )


def read_jobposting_page(body: bytes, url: str) -> list[Item]:
    postings = job_postings(body, url)
    if not postings:
        raise Unreadable("La page ne porte aucun balisage JobPosting.")
    items = []
    for index, posting in enumerate(postings, 1):
        address = str(_first(posting.get("url")) or "").strip()
        if not address.startswith(("http://", "https://")):
            address = f"{urldefrag(url)[0]}#offre-{index}"
        reading = posting_reading(posting, url)
        items.append(
            Item(
                address=address,
                stamp=digest(posting),
                text=reading.text,
                facts=reading.facts,
            )
        )
    return items


# An offer's page -----------------------------------------------------------------------------


def read_page(body: bytes, url: str) -> Reading:
    """The offer a page states: its JobPosting markup, else its main text."""
    postings = job_postings(body, url)
    if postings:
        return posting_reading(postings[0], url)
    text = trafilatura.extract(
        body.decode("utf-8", "replace"),
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_links=False,
        favor_precision=True,
    )
    return Reading(text=(text or "").strip())


# Missions XML --------------------------------------------------------------------------------
# The partner feed of the state's volunteering hub: <missions><mission>…</mission></missions>,
# one element per field (see tests/sources/recordings/missions.xml).

_MISSION_KINDS = {
    "volontariat-service-civique": "service_civique",
    "service-civique": "service_civique",
    "volontariat": "volontariat",
    "benevolat": "",
}


def read_missions(body: bytes) -> list[Item]:
    root = _xml(body)
    if _local(root.tag) != "missions":
        raise Unreadable("Flux de missions illisible : un élément <missions> était attendu.")
    items = []
    for mission in root:
        if _local(mission.tag) != "mission":
            continue
        values = {_local(child.tag): (child.text or "").strip() for child in mission}
        address = values.get("url") or values.get("applicationUrl") or ""
        if not address.startswith(("http://", "https://")):
            continue
        kind = _MISSION_KINDS.get(values.get("type", "").lower(), "")
        lines = [values.get("title", "")]
        if values.get("organizationName"):
            lines.append(f"Organisme : {values['organizationName']}")
        place = ", ".join(
            p
            for p in (
                values.get("address", ""),
                f"{values.get('postalCode', '')} {values.get('city', '')}".strip(),
            )
            if p
        )
        if place:
            lines.append(f"Lieu : {place}")
        if kind == "service_civique":
            lines.append("Mission de service civique")
        elif kind == "volontariat":
            lines.append("Mission de volontariat")
        starts = _french_date(values.get("startAt"))
        if starts:
            lines.append(f"Début de la mission : {starts}")
        if values.get("durationMonths", "").isdigit():
            lines.append(f"Durée : {values['durationMonths']} mois")
        if values.get("weeklyHours", "").isdigit():
            lines.append(f"Durée hebdomadaire : {values['weeklyHours']} heures par semaine")
        closes = _french_date(values.get("applicationDeadline"))
        if closes:
            lines.append(f"Date limite de candidature : {closes}")
        lines += ["", html_to_text(values.get("description", ""))]
        facts = {
            "title": values.get("title", ""),
            "organisation": values.get("organizationName", ""),
            "city": values.get("city", ""),
            "postal_code": values.get("postalCode", ""),
            "kind": kind,
            "application_url": values.get("applicationUrl", ""),
        }
        if values.get("type", "").lower() == "benevolat":
            facts["volunteering"] = True
        items.append(
            Item(
                address=address,
                stamp=digest(values),
                text="\n".join(lines).strip(),
                facts={k: v for k, v in facts.items() if v},
            )
        )
    return items


def read_source(kind: str, body: bytes, url: str) -> list[Item]:
    if kind == SourceKind.FEED:
        return read_feed(body, url)
    if kind == SourceKind.MISSIONS:
        return read_missions(body)
    if kind == SourceKind.JOBPOSTING:
        return read_jobposting_page(body, url)
    return read_listing(body, url)
