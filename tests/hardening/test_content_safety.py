"""Publisher content cannot run script: XSS payloads go in through the admin, out on every page."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from offers.models import Offer
from offers.rendering import cached_markdown as markdown
from offers.templating import safe_url
from organisations.models import Organisation
from tests.factories import OfferFactory

from .servers import form_fields

# Classic vectors (OWASP XSS filter evasion cheat sheet) in HTML, Markdown and attribute forms.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="java\tscript:alert(1)">clic</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[clic](javascript:alert(1))",
    "[clic](  javascript:alert(1)  )",
    '[clic](https://example.org" onmouseover="alert(1))',
    "![image](javascript:alert(1))",
    "<javascript:alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<details open ontoggle="alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
]

C0_AND_SPACE = "".join(map(chr, range(0x21)))
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style"}


def assert_no_active_content(html: str, *, admin: bool = False) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"event handler: {element}"
            if name.lower() in URL_ATTRIBUTES:
                # What a browser's URL parser does: trim C0 and spaces, drop tabs and newlines.
                cleaned = re.sub(r"[\t\n\r]", "", str(value).strip(C0_AND_SPACE))
                assert not DANGEROUS_SCHEME.match(cleaned), f"dangerous URL: {element}"
        assert element.name not in FORBIDDEN_TAGS, f"forbidden element: {element}"
        if element.name == "meta":
            assert not element.get("http-equiv"), element
        if element.name == "script":
            if element.get("type") == "application/ld+json":
                # Structured data: a data block, JSON-escaped so that no markup can close it.
                json.loads(element.string)
                assert "<" not in element.string, element
                continue
            # Only same-origin files (and the admin's JSON data blocks), never inline code.
            src = element.get("src", "")
            same_origin = src.startswith("/") and not src.startswith("//")
            assert same_origin or (admin and element.get("type") == "application/json"), element
            assert not src or not (element.string or "").strip(), element


def assert_outbound_links_are_nofollow(html: str) -> None:
    prose = BeautifulSoup(html, "html.parser").select(".prose a")
    for link in prose:
        assert {"nofollow", "noopener"} <= set(link.get("rel", [])), link


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_markdown_filter_leaves_nothing_active(payload):
    html = str(markdown(f"Intro\n\n{payload}\n\n[site](https://example.org) {payload}"))
    assert_no_active_content(html)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find(["script", "img", "svg", "iframe", "form", "math", "div"])
    for link in soup.find_all("a"):
        assert {"nofollow", "noopener"} <= set(link.get("rel", []))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example",
        "",
    ],
)
def test_safe_url_drops_anything_but_web_addresses(url):
    assert safe_url(url) == ""


def test_safe_url_keeps_web_addresses():
    assert safe_url("https://example.org/candidater") == "https://example.org/candidater"
    assert safe_url("http://example.org") == "http://example.org"


def admin_edit(client, url: str, changes: dict[str, str]):
    page = client.get(url)
    assert page.status_code == 200
    # The change form, not the logout form of the header.
    form = BeautifulSoup(page.content.decode(), "html.parser").find("form", id=re.compile("_form$"))
    fields = dict(form_fields(form)) | changes
    response = client.post(url, fields)
    if response.status_code != 302:
        errors = BeautifulSoup(response.content.decode(), "html.parser").select(".errorlist")
        response.form_errors = [e.get_text(" ") for e in errors]
    return response


@pytest.mark.django_db
def test_payloads_entered_in_the_admin_are_inert_on_every_page(admin_client):
    offer = OfferFactory()
    organisation = offer.organisation
    # Payloads go in by batches: every one is tried, and the suite stays quick.
    batches = [XSS_PAYLOADS[i : i + 6] for i in range(0, len(XSS_PAYLOADS), 6)]
    for number, batch in enumerate(batches):
        payload = "\n\n".join(batch)
        response = admin_edit(
            admin_client,
            f"/admin/offers/offer/{offer.pk}/change/",
            {
                "title": f"Offre {number} {' '.join(batch)}"[:300],
                "description": f"## Missions\n\n{payload}\n\n[Notre site](https://example.org)",
                "how_to_apply": payload[:300],
                "city": batch[0][:120],
            },
        )
        assert response.status_code == 302, (payload, getattr(response, "form_errors", None))
        response = admin_edit(
            admin_client,
            f"/admin/organisations/organisation/{organisation.pk}/change/",
            {"name": f"Structure {batch[-1]}"[:200], "description": payload},
        )
        assert response.status_code == 302, payload
        offer.refresh_from_db()
        # Stored as written (line endings aside): it is made safe on the way out.
        assert batch[0] in offer.description.replace("\r\n", "\n")

        public = Client()
        for url in (
            "/",
            f"/?q=Offre+{number}",
            offer.get_absolute_url(),
            organisation.get_absolute_url(),
        ):
            response = public.get(url)
            assert response.status_code == 200, (payload, url)
            html = response.content.decode()
            assert_no_active_content(html)
            assert_outbound_links_are_nofollow(html)
        for url in (
            "/admin/offers/offer/",
            f"/admin/offers/offer/{offer.pk}/change/",
            "/admin/organisations/organisation/",
        ):
            assert_no_active_content(admin_client.get(url).content.decode(), admin=True)


@pytest.mark.django_db
def test_unsafe_urls_that_bypassed_the_forms_are_not_linked(client):
    # Imports and the shell skip form validation: the template is the last line of defence.
    organisation = Organisation.objects.create(
        name="Asso", slug="asso", website="javascript:alert(1)"
    )
    offer = OfferFactory(organisation=organisation, application_url="javascript:alert(1)")
    for url in (offer.get_absolute_url(), organisation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "javascript:" not in html
        assert_no_active_content(html)


@pytest.mark.django_db
def test_the_admin_refuses_a_javascript_url(admin_client):
    offer = OfferFactory()
    response = admin_edit(
        admin_client,
        f"/admin/offers/offer/{offer.pk}/change/",
        {"application_url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).application_url == ""
