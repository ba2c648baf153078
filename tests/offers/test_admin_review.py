"""What moderators need to decide, and what the workflow refuses or confirms first."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from offers import workflow
from offers.models import Offer, OfferStatus
from tests.admin_forms import form_data
from tests.factories import (
    ContactFactory,
    DeadlineFactory,
    DraftOfferFactory,
    OfferFactory,
    SubmittedOfferFactory,
)

pytestmark = pytest.mark.django_db
S = OfferStatus


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# Item 9: no empty offer in the queue.


@pytest.mark.parametrize(
    "fields, missing",
    [
        ({"title": "  "}, "un intitulé"),
        ({"city": "", "postal_code": ""}, "un lieu"),
        ({"description": ""}, "une description"),
        ({"how_to_apply": ""}, "un moyen de postuler"),
    ],
)
def test_an_offer_missing_what_a_student_needs_cannot_be_submitted(
    organisation, author, fields, missing
):
    offer = DraftOfferFactory(organisation=organisation, **fields)
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.apply(offer, "submit", by=author)
    assert missing in str(refused.value)
    assert Offer.objects.get(pk=offer.pk).status == S.DRAFT


@pytest.mark.parametrize(
    "fields, contact",
    [
        ({"how_to_apply": "", "application_url": "https://kimiyo.test/postuler"}, None),
        ({"how_to_apply": ""}, {"email": "", "phone": "04 72 00 00 00"}),
        ({"city": "", "postal_code": "", "remote": "possible"}, None),
        ({"city": "", "postal_code": "", "remote_wording": "Entièrement à distance"}, None),
        ({"city": "", "postal_code": "", "place_wording": "Marseille et alentours"}, None),
    ],
)
def test_any_way_to_apply_and_any_place_wording_is_enough(organisation, author, fields, contact):
    offer = DraftOfferFactory(organisation=organisation, **fields)
    if contact:
        offer.contacts.add(ContactFactory(organisation=organisation, **contact))
    workflow.apply(offer, "submit", by=author)
    assert Offer.objects.get(pk=offer.pk).status == S.SUBMITTED


def test_the_form_says_what_is_missing_before_submitting(client, organisation, author):
    offer = DraftOfferFactory(organisation=organisation, description="", how_to_apply="")
    client.force_login(author)
    page = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    items = [
        li.text
        for li in BeautifulSoup(page.content, "html.parser").select(".missing-for-submission li")
    ]
    assert items[0] == "une description" and items[1].startswith("un moyen de postuler")
    assert len(items) == 2
    response = client.post(f"/admin/offers/offer/{offer.pk}/statut/submit/", follow=True)
    assert "Il manque : une description" in text_of(response)


@time_machine.travel(datetime.datetime(2031, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    "deadline, expected",
    [
        (datetime.date(2031, 4, 15), "ouverte aux candidatures jusqu'au 15 avril 2031"),
        (datetime.date(2031, 2, 1), "serait déjà close : sa date limite de candidature (1 février"),
        (None, "pendant 60 jours, jusqu'au 30 avril 2031"),
    ],
)
def test_the_preview_says_whether_applications_would_be_open_once_published(
    client, moderatrice, deadline, expected
):
    offer = SubmittedOfferFactory(published_at=None)
    if deadline:
        DeadlineFactory(offer=offer, date=deadline)
    client.force_login(moderatrice)
    page = client.get(f"/admin/offers/offer/{offer.pk}/apercu/")
    notice = " ".join(
        BeautifulSoup(page.content, "html.parser").select_one(".preview-notice").text.split()
    )
    assert expected in notice


# Item 10: the queue.


def test_the_queue_shows_the_columns_a_moderator_sorts_by(client, moderatrice, author):
    offer = DraftOfferFactory(organisation=author.memberships.get().organisation)
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "reject", by=moderatrice, reason="Précisez la durée.")
    workflow.apply(offer, "submit", by=author)
    OfferFactory(modified_since_approval=True, title="Modifiée")
    client.force_login(moderatrice)
    soup = BeautifulSoup(client.get("/admin/offers/offer/").content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("#result_list thead th")]
    assert headers[1:] == ["Intitulé", "Organisation", "Statut", "Soumise le", "Signaux"]
    first, second = soup.select("#result_list tbody tr")[:2]
    local = timezone.localtime(Offer.objects.get(pk=offer.pk).submitted_at)
    assert first.select_one(".field-submitted_on").text == local.strftime("%d/%m/%Y")
    assert first.select_one(".field-flags").text == "déjà refusée"
    assert second.select_one(".field-flags").text == "modifiée depuis sa validation"


def test_the_admin_home_says_how_many_offers_wait(client, moderatrice, author, organisation):
    SubmittedOfferFactory.create_batch(3)
    SubmittedOfferFactory(organisation=organisation)
    DraftOfferFactory()
    client.force_login(moderatrice)
    home = BeautifulSoup(client.get("/admin/").content, "html.parser")
    link = home.select_one(".moderation-queue-count a")
    assert " ".join(link.text.split()) == "4 offres attendent une modération"
    assert link["href"] == "/admin/offers/offer/?status__exact=submitted"
    # A publisher counts their own organisation's offers only.
    client.force_login(author)
    home = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert " ".join(home.select_one(".moderation-queue-count").text.split()) == (
        "1 offre attend une modération"
    )


# Item 11: context for a decision.


@time_machine.travel(datetime.datetime(2031, 7, 1, 10, 5, tzinfo=datetime.UTC), tick=False)
def test_the_audit_trail_is_in_paris_time(client, moderatrice, author, organisation):
    offer = DraftOfferFactory(organisation=organisation)
    workflow.apply(offer, "submit", by=author)
    client.force_login(moderatrice)
    page = client.get(f"/admin/offers/offer/{offer.pk}/change/")
    cells = [
        td.text for td in BeautifulSoup(page.content, "html.parser").select(".audit-trail tbody td")
    ]
    assert cells[0] == "01/07/2031 12:05"  # 10:05 UTC is 12:05 in Paris in summer


def test_a_resubmitted_offer_shows_the_last_rejection_and_what_changed(
    client, moderatrice, author, organisation
):
    offer = DraftOfferFactory(organisation=organisation, title="Médiation", city="Lyon")
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "reject", by=moderatrice, reason="Indiquez la gratification.")
    client.force_login(author)
    url = f"/admin/offers/offer/{offer.pk}/change/"
    data = form_data(client.get(url), "offer_form")
    data.update(city="Villeurbanne", stipend_amount="4,35", stipend_unit="hour")
    assert client.post(url, data).status_code == 302
    workflow.apply(Offer.objects.get(pk=offer.pk), "submit", by=author)

    client.force_login(moderatrice)
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    reason = soup.select_one(".rejection-reason")
    assert "Indiquez la gratification." in reason.text and "Dernier refus" in reason.text
    rows = {
        tr.th.text: [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in soup.select(".review-changes tbody tr")
    }
    assert rows == {
        "Ville": ["Lyon", "Villeurbanne"],
        "Gratification (montant en €)": ["(vide)", "4,35"],
        "Unité de la gratification": ["(vide)", "par heure"],
    }
    # The reason and the changes come before the form's fields.
    assert str(soup).index("rejection-reason") < str(soup).index('id="id_title"')


def test_a_published_offer_edited_by_its_publisher_shows_what_changed(
    client, moderatrice, author, organisation
):
    offer = DraftOfferFactory(organisation=organisation, how_to_apply="Par courriel.")
    workflow.apply(offer, "submit", by=author)
    workflow.apply(offer, "publish", by=moderatrice)
    client.force_login(author)
    url = f"/admin/offers/offer/{offer.pk}/change/"
    data = form_data(client.get(url), "offer_form")
    data["how_to_apply"] = "Par le formulaire en ligne."
    assert client.post(url, data).status_code == 302
    client.force_login(moderatrice)
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert "depuis la validation" in soup.select_one(".review-changes h2").text
    rows = [
        [c.get_text(strip=True) for c in tr.select("th, td")]
        for tr in soup.select(".review-changes tbody tr")
    ]
    assert rows == [
        ["Comment postuler (texte de l'annonce)", "Par courriel.", "Par le formulaire en ligne."]
    ]


# Item 12: links and confirmations.


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.REJECTED, S.ARCHIVED, S.PUBLISHED])
def test_view_on_site_only_for_a_published_offer(client, moderatrice, status):
    offer = OfferFactory(status=status)
    client.force_login(moderatrice)
    soup = BeautifulSoup(
        client.get(f"/admin/offers/offer/{offer.pk}/change/").content, "html.parser"
    )
    link = soup.select_one("a.viewsitelink")
    if status == S.PUBLISHED:
        assert link is not None and "Voir sur le site" in link.text
        assert link["href"] == offer.get_absolute_url()
    else:
        assert link is None


def test_archiving_asks_first_and_says_what_it_does(client, moderatrice):
    offer = OfferFactory()
    client.force_login(moderatrice)
    change = BeautifulSoup(
        client.get(f"/admin/offers/offer/{offer.pk}/change/").content, "html.parser"
    )
    link = change.select_one(f"a[href='/admin/offers/offer/{offer.pk}/confirmer/archive/']")
    assert link is not None and change.select_one("button[value=archive]") is None
    page = client.get(link["href"])
    assert "ne peut pas être remise en ligne" in text_of(page)
    assert Offer.objects.get(pk=offer.pk).status == S.PUBLISHED
    data = form_data(page, "confirm_form")
    form = BeautifulSoup(page.content, "html.parser").select_one("#confirm_form")
    client.post(form["action"], data)
    assert Offer.objects.get(pk=offer.pk).status == S.ARCHIVED


def test_archiving_from_the_list_asks_first(client, moderatrice):
    offers = OfferFactory.create_batch(2)
    client.force_login(moderatrice)
    selection = {"action": "archive_selected", "_selected_action": [o.pk for o in offers]}
    page = client.post("/admin/offers/offer/", selection)
    assert page.status_code == 200 and "Archiver 2 offres" in text_of(page)
    assert Offer.objects.filter(status=S.PUBLISHED).count() == 2
    confirmed = form_data(page, "confirm_form")
    assert confirmed["confirm"] == "archive"
    confirmed["_selected_action"] = [str(o.pk) for o in offers]  # form_data keeps one per name
    response = client.post("/admin/offers/offer/", confirmed, follow=True)
    assert "Archiver : 2 offre(s)." in text_of(response)
    assert Offer.objects.filter(status=S.ARCHIVED).count() == 2


@pytest.mark.parametrize(
    "status, words, after",
    [
        (S.SUBMITTED, "redevient un brouillon", S.DRAFT),
        (S.PUBLISHED, "quitte le site et est archivée", S.ARCHIVED),
    ],
)
def test_withdrawing_asks_first_and_says_what_it_does(
    client, author, organisation, status, words, after
):
    offer = OfferFactory(organisation=organisation, status=status)
    client.force_login(author)
    page = client.get(f"/admin/offers/offer/{offer.pk}/confirmer/withdraw/")
    assert words in text_of(page)
    assert Offer.objects.get(pk=offer.pk).status == status
    form = BeautifulSoup(page.content, "html.parser").select_one("#confirm_form")
    client.post(form["action"], form_data(page, "confirm_form"))
    assert Offer.objects.get(pk=offer.pk).status == after


def test_only_archiving_and_withdrawing_have_a_confirmation_page(client, moderatrice):
    offer = SubmittedOfferFactory()
    client.force_login(moderatrice)
    assert client.get(f"/admin/offers/offer/{offer.pk}/confirmer/publish/").status_code == 404
