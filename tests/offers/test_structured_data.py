"""JSON-LD JobPosting, sitemap, robots.txt, canonical and OpenGraph, parsed back."""

import datetime
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from tests.factories import DeadlineFactory, DraftOfferFactory, OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def job_posting(client, offer) -> dict:
    soup = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser")
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_stage_job_posting(client):
    offer = OfferFactory(
        title="Stage concertation",
        organisation=OrganisationFactory(name="Ville de Lyon", website="https://lyon.fr"),
        city="Lyon",
        postal_code="69001",
        department_code="69",
        stipend_amount=Decimal("4.35"),
        stipend_unit="hour",
    )
    DeadlineFactory(offer=offer, date=datetime.date(2027, 1, 15))
    data = job_posting(client, offer)
    assert data["@type"] == "JobPosting"
    assert data["employmentType"] == "INTERN"
    assert data["title"] == "Stage concertation"
    # A Paris date: in the first hour of a Paris day, UTC is still on the day before.
    assert data["datePosted"] == timezone.localdate(offer.published_at).isoformat()
    assert data["validThrough"].startswith("2027-01-15T23:59:59")
    assert data["hiringOrganization"]["name"] == "Ville de Lyon"
    assert data["hiringOrganization"]["sameAs"] == "https://lyon.fr"
    address = data["jobLocation"]["address"]
    assert address["addressCountry"] == "FR"
    assert address["addressLocality"] == "Lyon"
    assert address["addressRegion"] == "Auvergne-Rhône-Alpes"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "value": 4.35,
        "unitText": "HOUR",
    }


def test_service_civique_abroad_without_stipend_or_deadline(client):
    offer = OfferFactory(
        kind=Offer.Kind.SERVICE_CIVIQUE, country="CA", city="Montréal", department_code=""
    )
    data = job_posting(client, offer)
    assert data["employmentType"] == "VOLUNTEER"
    assert data["jobLocation"]["address"]["addressCountry"] == "CA"
    assert "baseSalary" not in data
    assert "validThrough" not in data


def test_publisher_text_cannot_break_out_of_the_script(client):
    offer = OfferFactory(title="</script><script>alert(1)</script>", description="<b>x</b> & co")
    content = client.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert job_posting(client, offer)["title"] == "</script><script>alert(1)</script>"


def test_sitemap_lists_published_offers_and_their_organisations(client):
    published = OfferFactory()
    draft = DraftOfferFactory(organisation=OrganisationFactory())
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {node.text for node in root.findall("sm:url/sm:loc", SITEMAP_NS)}
    host = "http://testserver"
    assert f"{host}{published.get_absolute_url()}" in locations
    assert f"{host}{published.organisation.get_absolute_url()}" in locations
    assert f"{host}/" in locations
    assert f"{host}{draft.get_absolute_url()}" not in locations
    assert f"{host}{draft.organisation.get_absolute_url()}" not in locations


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_canonical_and_opengraph(client):
    offer = OfferFactory(title="Stage concertation")
    soup = BeautifulSoup(client.get(offer.get_absolute_url(), {"utm": "x"}).content, "html.parser")
    assert soup.select_one("link[rel=canonical]")["href"] == (
        f"http://testserver{offer.get_absolute_url()}"
    )
    og = {tag["property"]: tag["content"] for tag in soup.select("meta[property^='og:']")}
    assert og["og:title"].startswith("Stage concertation")
    assert og["og:type"] == "article"
    assert og["og:url"] == f"http://testserver{offer.get_absolute_url()}"
    listing = BeautifulSoup(
        client.get(reverse("offers:list"), {"kind": "stage", "page": "1"}).content, "html.parser"
    )
    assert listing.select_one("link[rel=canonical]")["href"] == "http://testserver/?kind=stage"


def test_date_posted_falls_back_to_the_postings_publication_date(client):
    offer = OfferFactory(published_at=None)
    DeadlineFactory(offer=offer, kind="publication", date=datetime.date(2025, 12, 1))
    assert job_posting(client, offer)["datePosted"] == "2025-12-01"


def test_a_start_named_by_its_month_is_that_month_on_the_page_and_in_json_ld(client):
    offer = OfferFactory(start_month=datetime.date(2027, 9, 1), start_wording="")
    assert job_posting(client, offer)["jobStartDate"] == "2027-09"
    soup = BeautifulSoup(client.get(offer.get_absolute_url()).content, "html.parser")
    start = next(div for div in soup.select("dl div") if div.dt.get_text() == "Début")
    assert start.dd.get_text(" ", strip=True) == "septembre 2027"
