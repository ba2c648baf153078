import gzip
import time

import pytest

from offers import communes
from offers.communes import Commune, distance_km, key, resolve, suggest


def test_the_table_is_the_official_list_with_its_source_named():
    table = communes.table()
    assert len(table.communes) == 37_590
    assert "@etalab/decoupage-administratif" in table.source
    assert "GeoNames" in table.source
    kinds = {c.kind for c in table.communes}
    assert kinds == {"commune", "arrondissement", "deleguee", "associee"}
    assert sum(c.kind == "commune" for c in table.communes) == 34_969
    assert sum(c.kind == "arrondissement" for c in table.communes) == 45


def test_every_commune_resolves_by_its_label_name_and_insee_code():
    table = communes.table()
    unresolved = []
    for commune in table.communes:
        by_label = resolve(commune.label)
        # Homonyms in one département (a commune déléguée "Vrigne-aux-Bois" in the new commune
        # "Vrigne aux Bois") resolve to one of them, the same name and département.
        if by_label is None or (key(by_label.name), by_label.departement) != (
            key(commune.name),
            commune.departement,
        ):
            unresolved.append(commune.label)
        by_name = resolve(commune.name)
        if by_name is None or key(by_name.name) != key(commune.name):
            unresolved.append(commune.name)
        if resolve(commune.insee) is None:
            unresolved.append(commune.insee)
    assert unresolved == []


def test_every_postal_code_resolves_to_a_commune_it_serves():
    table = communes.table()
    postal_codes = {code for c in table.communes for code in c.postal_codes}
    assert len(postal_codes) > 6000
    for postal_code in postal_codes:
        commune = resolve(postal_code)
        assert commune is not None, postal_code
        assert postal_code in commune.postal_codes
        assert commune in communes.for_postal_code(postal_code)


def test_every_inhabited_commune_has_coordinates_and_most_their_own():
    table = communes.table()
    without = [c for c in table.communes if not c.located]
    # Only the uninhabited districts of the TAAF and Clipperton.
    assert {c.departement for c in without} <= {"984", "989"}
    assert len(without) == 6
    own = sum(not c.approximate for c in table.communes)
    assert own > 14_000
    for commune in table.communes:
        if commune.located and commune.departement < "97":
            assert 41 < commune.latitude < 51.2 and -5.3 < commune.longitude < 9.7, commune


def test_the_file_was_written_by_the_build_script_and_reads_back_as_is(tmp_path):
    with gzip.open(communes.DATA, "rt", encoding="utf-8") as f:
        first = f.readline()
    assert first.startswith("# @etalab/decoupage-administratif 6.0.0")
    assert "bin/build-communes" in first


@pytest.mark.parametrize(
    "text, insee",
    [
        ("Lyon", "69123"),
        ("LYON", "69123"),
        ("  lyon ", "69123"),
        ("Villeurbanne", "69266"),
        ("Saint-Étienne", "42218"),
        ("saint etienne", "42218"),
        ("St-Etienne", "42218"),
        ("st etienne", "42218"),
        ("Ste-Maxime", "83115"),
        ("l'isle sur la sorgue", "84054"),
        ("L’Isle-sur-la-Sorgue", "84054"),
        ("Lyon 3e", "69383"),
        ("Lyon 1er", "69381"),
        ("lyon 01", "69381"),
        ("Lyon 1er Arrondissement", "69381"),
        ("Paris 15", "75115"),
        ("Paris 15e", "75115"),
        ("Marseille 8e", "13208"),
        ("69001", "69381"),
        ("69 001", "69381"),
        ("69100", "69266"),
        ("38200", "38544"),
        ("Saint-Denis (93)", "93066"),
        ("Saint-Denis (974)", "97411"),
        ("93200 Saint-Denis", "93066"),
        ("Saint-Denis 93200", "93066"),
        ("Saint-Denis (93200)", "93066"),
        ("2A004", "2A004"),
        ("2a004", "2A004"),
        ("Lyon Cedex 03", "69123"),
        ("Vienne", "38544"),
        ("Grenoble", "38185"),
    ],
)
def test_what_people_type_resolves(text, insee):
    commune = resolve(text)
    assert commune is not None
    assert commune.insee == insee


@pytest.mark.parametrize(
    "text", ["", "   ", "xyz", "99999", "Lyonville", "Paris 21e", None, "a" * 500]
)
def test_nothing_resolves_to_none(text):
    assert resolve(text) is None


def test_homonyms_resolve_to_the_most_populous_unless_qualified():
    assert resolve("Saint-Denis").insee == "97411"  # La Réunion's, 150,000 inhabitants
    assert resolve("Saint-Denis (93)").insee == "93066"
    assert resolve("Saint-Denis (11)").departement == "11"
    # A qualifier that names no homonym is ignored rather than failing.
    assert resolve("Vienne (75)").insee == "38544"


def test_a_commune_resolves_in_under_a_millisecond():
    communes.table()
    texts = ["Villeurbanne", "69001", "Saint-Denis (93)", "st etienne", "Lyon 3e", "nowhere"]
    started = time.perf_counter()
    for _ in range(1000):
        for text in texts:
            resolve(text)
    per_call = (time.perf_counter() - started) / (1000 * len(texts))
    assert per_call < 0.001


def test_suggestions_start_with_what_is_typed_likeliest_first():
    assert [c.name for c in suggest("villeur", 3)] == ["Villeurbanne"]
    names = [c.name for c in suggest("Vienne")]
    assert names[0] == "Vienne"
    assert all(key(name).startswith("vienne") for name in names)
    assert len(suggest("s", 8)) == 8
    assert suggest("st eti")[0].name == "Saint-Étienne"
    assert suggest("690", 3)[0].name == "Lyon 1er Arrondissement"
    assert suggest("", 8) == []
    assert suggest("zzzz", 8) == []
    assert suggest("lyon", 0) == []


def test_no_two_suggestions_read_the_same():
    # Saint-Denis (93) took in a former commune of its own name: one choice, the commune.
    for typed in ("Saint-Denis", "93200", "Saint", "Vienne", "Cherbourg"):
        labels = [c.label for c in suggest(typed)]
        assert len(labels) == len(set(labels)), typed
    assert [c.kind for c in suggest("Saint-Denis") if c.label == "Saint-Denis (93)"] == ["commune"]


def test_an_address_is_located_in_its_commune():
    assert communes.locate("Lyon", "69003").insee == "69383"
    assert communes.locate("Villeurbanne", "69100").insee == "69266"
    assert communes.locate("Saint-Denis", "93200").insee == "93066"
    assert communes.locate("Saint-Denis", "97400").insee == "97411"
    assert communes.locate("", "38200").insee == "38544"
    assert communes.locate("Grenoble", "").insee == "38185"
    # A town misspelt in a known postal code: the postal code's commune.
    assert communes.locate("Vilerbane", "69100").insee == "69266"
    assert communes.locate("", "") is None
    assert communes.locate("Nowhere", "") is None


def test_distances_are_great_circle_kilometres():
    lyon = resolve("Lyon")
    assert distance_km(lyon.latitude, lyon.longitude, lyon.latitude, lyon.longitude) == 0
    assert 2 < lyon.distance_km(*_point("Villeurbanne")) < 5
    assert 22 < lyon.distance_km(*_point("Vienne")) < 29
    assert 90 < lyon.distance_km(*_point("Grenoble")) < 100
    # Paris - Marseille, about 660 km as the crow flies.
    assert 655 < resolve("Paris").distance_km(*_point("Marseille")) < 665


def test_an_arrondissement_without_its_own_place_is_approximate():
    paris_15 = resolve("Paris 15e")
    assert isinstance(paris_15, Commune)
    assert paris_15.approximate
    assert paris_15.parent == "75056"
    assert not resolve("Lyon 3e").approximate


def _point(name):
    commune = resolve(name)
    return commune.latitude, commune.longitude
