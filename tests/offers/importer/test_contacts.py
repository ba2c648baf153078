"""offers.importer.contacts: names, roles, e-mail addresses, telephone numbers."""

from offers.importer.contacts import find_contacts


def contacts(*lines):
    return [(c.name, c.role, c.email, c.phone) for c in find_contacts(list(lines))]


def test_name_role_and_address_on_one_line():
    assert contacts(
        "Candidatures à Marieke Verbrugghe, consultante senior : verbrugghe@exemple.fr"
    ) == [("Marieke Verbrugghe", "consultante senior", "verbrugghe@exemple.fr", "")]


def test_a_signature_block_above_the_address():
    assert contacts("Justine BASSOUL", "Défi Clé WOc", "Mail : justine@exemple.fr") == [
        ("Justine BASSOUL", "", "justine@exemple.fr", "")
    ]


def test_a_slipped_space_in_an_address_is_mended_and_the_phone_is_the_contact_s():
    assert contacts(
        "Sylvie HERNANDEZ, Chargée de mission",
        "06.89.15.36.27 /Courriel : s.hernandez @ville-arles.fr",
    ) == [
        ("Sylvie HERNANDEZ", "Chargée de mission", "s.hernandez@ville-arles.fr", "06.89.15.36.27")
    ]


def test_a_shared_mailbox_has_no_name():
    assert contacts("Envoyer CV et lettre de motivation à contact@asso.example") == [
        ("", "", "contact@asso.example", "")
    ]


def test_a_telephone_alone():
    assert contacts("Contact", "05 56 55 66 00") == [("", "", "", "05 56 55 66 00")]


def test_the_same_address_twice_is_one_contact():
    assert len(contacts("Écrire à a@b.example", "ou encore a@b.example")) == 1


def test_numbers_that_are_not_telephones():
    assert contacts("Réf. 2023-NB-1040", "CS 93111 – 35031 Rennes Cedex") == []
