import pytest

from offers.geography import (
    DEPARTEMENT_CHOICES,
    DEPARTEMENTS,
    REGION_CHOICES,
    REGIONS,
    department_from_postal_code,
    department_name,
    region_name,
    region_of_department,
)


def test_counts():
    assert len(DEPARTEMENTS) == 101
    assert len(REGIONS) == 18


def test_every_departement_region_exists():
    for code, (name, region) in DEPARTEMENTS.items():
        assert name, code
        assert region in REGIONS, code


def test_every_region_has_departements():
    assert {region for _name, region in DEPARTEMENTS.values()} == set(REGIONS)


@pytest.mark.parametrize(
    ("code", "name", "region"),
    [
        ("13", "Bouches-du-Rhône", "93"),
        ("75", "Paris", "11"),
        ("2A", "Corse-du-Sud", "94"),
        ("2B", "Haute-Corse", "94"),
        ("974", "La Réunion", "04"),
        ("35", "Ille-et-Vilaine", "53"),
        ("17", "Charente-Maritime", "75"),
        ("22", "Côtes-d'Armor", "53"),
        ("93", "Seine-Saint-Denis", "11"),
        ("95", "Val-d'Oise", "11"),
        ("90", "Territoire de Belfort", "27"),
    ],
)
def test_spot_checks(code, name, region):
    assert department_name(code) == name
    assert region_of_department(code) == region
    assert DEPARTEMENTS[code] == (name, region)


def test_region_names():
    assert region_name("84") == "Auvergne-Rhône-Alpes"
    assert region_name("11") == "Île-de-France"
    assert region_name("93") == "Provence-Alpes-Côte d'Azur"
    assert region_name("94") == "Corse"
    assert region_name("99") is None


def test_unknown_codes():
    assert department_name("20") is None
    assert department_name("975") is None
    assert region_of_department("00") is None


@pytest.mark.parametrize(
    ("postal_code", "expected"),
    [
        ("13004", "13"),
        ("75011", "75"),
        ("44 620", "44"),
        ("97100", "971"),
        ("97600", "976"),
        ("97400", "974"),
        ("20000", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("01000", "01"),
        ("98000", None),
        ("G5L 3A1", None),
        ("", None),
        ("abcde", None),
        ("1300", None),
        ("130044", None),
        ("97500", None),
    ],
)
def test_department_from_postal_code(postal_code, expected):
    assert department_from_postal_code(postal_code) == expected


def test_departement_choices_order():
    codes = [code for code, _label in DEPARTEMENT_CHOICES]
    assert len(codes) == 101
    assert codes[:3] == ["01", "02", "03"]
    assert codes[18:22] == ["19", "2A", "2B", "21"]
    assert codes[-5:] == ["971", "972", "973", "974", "976"]
    assert DEPARTEMENT_CHOICES[12] == ("13", "13 – Bouches-du-Rhône")


def test_region_choices_sorted_by_name():
    names = [name for _code, name in REGION_CHOICES]
    assert len(names) == 18
    assert names[0] == "Auvergne-Rhône-Alpes"
    assert names.index("Hauts-de-France") < names.index("Île-de-France")
    assert names.index("Île-de-France") < names.index("La Réunion")
    assert names[-1] == "Provence-Alpes-Côte d'Azur"
