"""offers.importer.text: the posting made plain."""

from offers.importer.text import joined_fields, plain


def test_markup_goes_and_table_cells_become_lines():
    text = "<b>Durée :</b> <b>4 à 6 mois</b>\t<b>Lieu :</b> Lyon\n**Profil** : [Master 2](http://x)"
    assert plain(text) == "Durée : 4 à 6 mois\nLieu : Lyon\nProfil : Master 2"


def test_wrapped_lines_are_joined_but_paragraphs_are_not():
    text = (
        "Des entretiens, en visioconférence ou présentiel, seront ensuite proposés au début du\n"
        "mois de décembre aux candidats retenus.\n"
        "Contact : Alice Martin\n"
    )
    assert plain(text).split("\n") == [
        "Des entretiens, en visioconférence ou présentiel, seront ensuite proposés au début du "
        "mois de décembre aux candidats retenus.",
        "Contact : Alice Martin",
    ]


def test_blank_lines_do_not_change_the_reading():
    wrapped = (
        "Le stage se déroulera en présentiel dans les locaux de l'institut à Niort (12 rue\nBasse)."
    )
    assert plain(wrapped) == plain(wrapped.replace("\n", "\n\n"))


def test_a_label_date_alone_on_its_line_is_joined_to_its_value():
    assert joined_fields(["Date", "06-06-2031", "Référence"]) == ["Date : 06-06-2031", "Référence"]
