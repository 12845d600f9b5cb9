from decimal import Decimal

from validator.checks import cross_edition

from .conftest import run

THIS = {
    "edition": 2023,
    "last_year": {"total": 23, "status": "Not Free"},
    "changes": [{"category": "cs", "from": Decimal("1.50")}],
}
PREVIOUS = {
    "edition": 2022,
    "pr": 5,
    "cl": 18,
    "status": "Not Free",
    "ratings": {"cs": Decimal("1.50")},
}


def test_no_previous_edition_means_nothing_to_compare() -> None:
    params = {"value": "/last_year/total", "previous": {"sum": ["/pr", "/cl"]}}
    assert run(cross_edition, THIS, params) == []


def test_computed_previous_figure_agrees_and_differs() -> None:
    params = {"value": "/last_year/total", "previous": {"sum": ["/pr", "/cl"]}}
    assert run(cross_edition, THIS, params, previous=PREVIOUS) == []
    found = run(cross_edition, THIS, params, previous={**PREVIOUS, "cl": 19})
    assert found == [("/last_year/total", "24", "23")]


def test_labels_compare_as_words() -> None:
    params = {"value": "/last_year/status", "previous": {"field": "/status"}}
    assert run(cross_edition, THIS, params, previous=PREVIOUS) == []
    assert run(cross_edition, THIS, params, previous={**PREVIOUS, "status": "Free"}) == [
        ("/last_year/status", "Free", "Not Free")
    ]


def test_template_takes_the_field_from_this_editions_target() -> None:
    params = {"value": "from", "previous": {"field": "/ratings/{category}"}}
    assert run(cross_edition, THIS, params, at="/changes/*", previous=PREVIOUS) == []
    changed = {**PREVIOUS, "ratings": {"cs": Decimal("1.75")}}
    assert run(cross_edition, THIS, params, at="/changes/*", previous=changed) == [
        ("/changes/0/from", "1.75", "1.50")
    ]


def test_a_stated_change_is_this_edition_minus_the_previous_times_the_sign() -> None:
    """A rank that moves up from 7th to 5th is printed as +2 (`sign: -1`); a score that
    rises from 21 to 23 as +2 (the sign left at 1)."""
    ranked = {"edition": 2023, "rank": 5, "rank_change": 2}
    params = {
        "value": "/rank_change",
        "change": {"field": "/rank"},
        "previous": {"field": "/rank"},
        "sign": -1,
    }
    before = {"edition": 2022, "rank": 7}
    assert run(cross_edition, ranked, params, previous=before) == []
    wrong = {**ranked, "rank_change": -2}
    assert run(cross_edition, wrong, params, previous=before) == [("/rank_change", "2", "-2")]
    unsigned = {k: v for k, v in params.items() if k != "sign"}
    assert run(cross_edition, wrong, unsigned, previous=before) == []
    assert run(cross_edition, ranked, unsigned, previous=before) == [("/rank_change", "-2", "2")]
