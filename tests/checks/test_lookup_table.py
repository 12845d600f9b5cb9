from validator.checks import lookup_table

from .conftest import run

TABLES = {
    "t": {
        "summary": "s",
        "source": "t",
        "domain": {"min": -4, "max": 10, "step": 1},
        "rows": [{"min": 6, "max": 10, "value": 1}, {"min": -4, "max": 5, "value": 2}],
    }
}
PARAMS = {"value": "/rating", "input": {"field": "/score"}, "table": "t"}


def test_rating_matches_the_row_of_the_score() -> None:
    assert run(lookup_table, {"score": 6, "rating": 1}, PARAMS, tables=TABLES) == []
    assert run(lookup_table, {"score": -3, "rating": 2}, PARAMS, tables=TABLES) == []


def test_wrong_rating() -> None:
    assert run(lookup_table, {"score": 5, "rating": 1}, PARAMS, tables=TABLES) == [
        ("/rating", "2", "1")
    ]


def test_looked_up_terms_feed_a_mean() -> None:
    params = {
        "value": "/fr",
        "input": {"mean": [{"field": "/a", "table": "t"}, {"field": "/b", "table": "t"}]},
        "table": "t",
    }
    # a -> 1, b -> 2: mean 1.5 is in no row of this integer table
    found = run(lookup_table, {"a": 7, "b": 0, "fr": 1}, params, tables=TABLES)
    assert [p for p, _, _ in found] == ["/fr"]
