"""The pages this side of the board adds, and what every public page must respect."""

import gzip
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests.factories import OfferFactory

STATIC = Path(settings.BASE_DIR) / "static"
# The list page, HTML + CSS + JS, gzip-compressed: what a student on a phone downloads.
PAGE_WEIGHT_LIMIT = 60 * 1024


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_accessibility_statement_says_what_is_tested(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Déclaration d'accessibilité" in text
    assert "partiellement conforme" in text
    assert "axe-core" in text and "Nu HTML Checker" in text
    # Every page links to it, as the RGAA asks.
    footer = soup(client.get("/")).select_one("footer")
    assert footer.find("a", href=reverse("accessibility"))


@pytest.mark.django_db
def test_saved_offers_page_explains_itself_without_javascript(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("offers:saved"))
    assert response.status_code == 200
    page = soup(response)
    nojs = page.select_one("[data-saved-nojs]")
    assert "JavaScript" in nojs.get_text() and not nojs.has_attr("hidden")
    # The list stays in the browser; the state of its offers is asked for, not kept.
    assert "qui ne garde pas la liste" in page.select_one("main").get_text()


@pytest.mark.django_db
def test_save_buttons_are_hidden_until_the_script_runs(client):
    offer = OfferFactory()
    for url in ("/", offer.get_absolute_url()):
        button = soup(client.get(url)).select_one(f'[data-save-slug="{offer.slug}"]')
        assert button is not None and button.has_attr("hidden")
        assert button["data-save-url"] == offer.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/offres-sauvegardees/", "/accessibilite/", "/inconnue/"])
def test_nothing_is_fetched_from_another_site(client, path):
    OfferFactory()
    page = soup(client.get(path))
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for node in page.find_all(tag):
            url = node.get(attribute)
            if url is None or (tag == "link" and node.get("rel") in (["canonical"], ["alternate"])):
                continue
            assert not urlparse(url).netloc, f"{tag} {url}"
    # No inline script or style: the Content-Security-Policy forbids them.
    assert all(
        node.get("src") or node.get("type") == "application/ld+json"
        for node in page.find_all("script")
    )
    assert page.find(style=True) is None and page.find("style") is None
    assert not any(attr.startswith("on") for node in page.find_all(True) for attr in node.attrs)


def test_css_has_no_web_font_or_external_import():
    for css in STATIC.glob("css/*.css"):
        text = css.read_text()
        assert "@font-face" not in text and "@import" not in text and "url(http" not in text


def test_the_list_page_weighs_at_most_60_kb_compressed(client, seed):
    response = client.get("/")
    assert len(response.context["offers"]) == settings.PAGE_SIZE
    page = soup(response)
    assets = [node["href"] for node in page.select('link[rel="stylesheet"]')]
    assets += [node["src"] for node in page.select("script[src]")]
    assert assets, "the page should load its CSS and JS"
    total = len(gzip.compress(response.content))
    for url in assets:
        relative = url.removeprefix(settings.STATIC_URL)
        total += len(gzip.compress((STATIC / relative).read_bytes()))
    assert total <= PAGE_WEIGHT_LIMIT, f"{total} bytes"


@pytest.mark.django_db
def test_print_stylesheet_for_the_offer_page(client):
    offer = OfferFactory()
    links = soup(client.get(offer.get_absolute_url())).select('link[rel="stylesheet"]')
    assert any(link.get("media") == "print" for link in links)
    assert ".site-header" in (STATIC / "css" / "print.css").read_text()


@pytest.mark.django_db
def test_every_page_has_an_icon_and_favicon_ico_is_not_a_404(client):
    icon = BeautifulSoup(client.get("/").content, "html.parser").select_one('link[rel="icon"]')
    assert icon is not None and icon["type"] == "image/svg+xml"
    # Clients that read no <link rel="icon"> (the admin, error pages, feed readers) ask here.
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == icon["href"]
    served = client.get(icon["href"])
    assert served.status_code == 200 and served["Content-Type"].startswith("image/svg+xml")
    svg = ElementTree.fromstring(b"".join(served.streaming_content))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
