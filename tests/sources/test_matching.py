"""The duplicate finder on labelled pairs, and a duplicate met by a run: attached to the offer
already on the board, shown to the moderator, who can split them."""

import pytest

from offers.models import Offer, OfferStatus
from sources.matching import Posting, is_same_offer
from sources.models import SourceItem
from sources.services import sync_addresses
from tests.factories import OfferFactory, OrganisationFactory

from .pairs import labelled_pairs


def test_the_labelled_pairs_are_told_apart():
    pairs = labelled_pairs()
    assert len(pairs) >= 40
    assert sum(same for *_pair, same in pairs) >= 20
    assert sum(not same for *_pair, same in pairs) >= 20

    found = [(is_same_offer(a, b), same) for a, b, same in pairs]
    true_positives = sum(1 for guess, same in found if guess and same)
    precision = true_positives / max(1, sum(1 for guess, _same in found if guess))
    recall = true_positives / sum(1 for _guess, same in found if same)

    assert precision >= 0.95, precision
    assert recall >= 0.90, recall


def test_another_organisation_or_another_place_is_another_offer():
    text = "Animer des ateliers de concertation avec les habitants du quartier. " * 5
    one = Posting("Stage concertation", text, city="Lyon", organisation=1)

    assert is_same_offer(one, Posting("Stage concertation", text, city="Lyon", organisation=1))
    assert not is_same_offer(one, Posting("Stage concertation", text, city="Lyon", organisation=2))
    assert not is_same_offer(
        one, Posting("Stage concertation", text, city="Nantes", organisation=1)
    )


@pytest.mark.django_db
def test_an_item_already_on_the_board_is_attached_to_its_offer_not_created_again(site):
    """The host typed its offer on the board; the feed brings it again, in its own words."""
    traverses = OrganisationFactory(name="Agence Traverses")
    typed = OfferFactory(
        organisation=traverses,
        title="Chargé·e de mission concertation citoyenne (stage)",
        city="Lyon",
        postal_code="69002",
        description=(
            "L'agence Traverses accompagne depuis quinze ans les collectivités et les maîtres "
            "d'ouvrage dans leurs démarches de concertation réglementaire et volontaire.\n\n"
            "- Préparer et animer des ateliers participatifs avec les habitants\n"
            "- Rédiger les comptes rendus et les bilans de concertation\n"
            "- Concevoir les supports d'information du public\n\n"
            "Étudiant·e en master 2 (sciences politiques, urbanisme, sociologie)."
        ),
    )

    [report] = sync_addresses([site.url("/wordpress_jobs.rss")])

    assert (report.created, report.duplicates) == (2, 1)
    item = SourceItem.objects.get(address__endswith="concertation-citoyenne/")
    assert item.offer == typed and item.duplicate
    typed.refresh_from_db()
    assert typed.status == OfferStatus.PUBLISHED and typed.source_url == ""
    # Running again changes nothing.
    [again] = sync_addresses([site.url("/wordpress_jobs.rss")])
    assert (again.created, again.duplicates, again.unchanged) == (0, 0, 3)
    assert Offer.objects.count() == 3
