from decimal import Decimal

from validator.checks import changes_complete

from .conftest import run

D = Decimal
THIS = {
    "edition": 2018,
    "scale": "7-most-democratic",
    "ratings": {"cs": D("1.25"), "jf": D("1.25"), "co": D("1.25")},
    "changes": [{"category": "cs", "from": D("1.50"), "to": D("1.25")}],
}
PREVIOUS = {
    "edition": 2017,
    "scale": "7-most-democratic",
    "ratings": {"cs": D("1.50"), "jf": D("1.25"), "co": D("1.25")},
}
PARAMS = {"ratings": "/ratings", "changes": "/changes", "same": ["/scale"]}


def test_the_stated_changes_are_the_moves() -> None:
    assert run(changes_complete, THIS, PARAMS, previous=PREVIOUS) == []


def test_a_rating_that_moved_without_a_stated_change() -> None:
    moved = {**PREVIOUS, "ratings": {**PREVIOUS["ratings"], "co": D("1.50")}}
    found = run(changes_complete, THIS, PARAMS, previous=moved)
    assert found == [("/ratings/co", "a stated change from 1.50 to 1.25", "1.25")]


def test_a_stated_change_of_a_rating_that_did_not_move() -> None:
    still = {**PREVIOUS, "ratings": {**PREVIOUS["ratings"], "cs": D("1.25")}}
    found = run(changes_complete, THIS, PARAMS, previous=still)
    assert [f[0] for f in found] == ["/changes/0/category"]


def test_nothing_without_the_previous_edition_or_on_another_scale() -> None:
    assert run(changes_complete, THIS, PARAMS) == []
    other = {**PREVIOUS, "scale": "1-most-democratic", "ratings": {"cs": D("6.50")}}
    assert run(changes_complete, THIS, PARAMS, previous=other) == []
