"""One name per country: the key that pairs documents (validator/names.py, rules/names/)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from validator.locations import data_dir
from validator.names import country_key, spellings
from validator.sources.yaml_source import parse_yaml


def _table() -> dict[str, list[str]]:
    data, _, problems = parse_yaml((data_dir("rules") / "names" / "countries.yaml").read_text())
    assert problems == []
    names: dict[str, list[str]] = data["names"]
    return names


def test_every_spelling_of_the_table_has_its_names_key_and_no_other() -> None:
    seen: dict[str, str] = {}
    for name, others in _table().items():
        for spelling in (name, *others):
            assert country_key(spelling) == country_key(name), spelling
            assert seen.setdefault(country_key(spelling), name) == name, spelling
        assert set(spellings(others[0])) == {name, *others}


def test_the_publishers_variants_are_one_country() -> None:
    assert country_key("Côte d’Ivoire") == country_key("Cote d'Ivoire")
    assert country_key("Israeli-Occupied Territories") == country_key(
        "Israeli Occupied Territories"
    )
    assert country_key("Swaziland") == country_key("Eswatini")
    assert country_key("Macedonia") == country_key("North Macedonia")
    assert country_key("Turkey") == country_key("Türkiye")
    assert country_key("Niger") != country_key("Nigeria")
    assert country_key("Congo (Brazzaville)") != country_key("Congo (Kinshasa)")


NAMES = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz ()."), min_size=1, max_size=30)
ACCENTED = str.maketrans("aceinou", "\u00e2\u00e7\u00e9\u00ee\u00f1\u00f4\u00fc")


@given(NAMES)
def test_case_accents_spaces_hyphens_and_apostrophes_do_not_change_the_key(name: str) -> None:
    assert country_key(name.upper()) == country_key(name)
    assert country_key(name.translate(ACCENTED)) == country_key(name)
    assert country_key(f"  {name}  ") == country_key(name)
    assert country_key(name.replace(" ", "-")) == country_key(name)
    assert country_key(name + "'s") == country_key(name + "\u2019s")
