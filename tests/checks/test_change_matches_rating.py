from decimal import Decimal

from validator.checks import change_matches_rating

from .conftest import run

PARAMS = {"current": "/ratings/{category}"}
RATINGS = {"civil_society": Decimal("1.25"), "corruption": Decimal("2.00")}


def test_to_equals_the_rating() -> None:
    doc = {"ratings": RATINGS, "changes": [{"category": "civil_society", "to": Decimal("1.25")}]}
    assert run(change_matches_rating, doc, PARAMS, at="/changes/*") == []


def test_to_differs_from_the_rating() -> None:
    doc = {"ratings": RATINGS, "changes": [{"category": "corruption", "to": Decimal("1.75")}]}
    assert run(change_matches_rating, doc, PARAMS, at="/changes/*") == [
        ("/changes/0/to", "2.00", "1.75")
    ]


def test_unknown_or_unusable_category_skips() -> None:
    doc = {
        "ratings": RATINGS,
        "changes": [{"category": "nothing", "to": 1}, {"category": ["x"], "to": 1}],
    }
    assert run(change_matches_rating, doc, PARAMS, at="/changes/*") == []
