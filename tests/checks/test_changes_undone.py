from decimal import Decimal

from validator.checks import changes_undone

from .conftest import run

STEPS = [{"op": "subtract", "by": 1}, {"op": "divide", "by": 6}, {"op": "multiply", "by": 100}]
PARAMS = {
    "value": "/last/p",
    "changes": "/changes",
    "rating": "/r/{category}",
    "derive": {"mean": ["/r/*"], "steps": STEPS, "round": "as-printed"},
}
RATINGS = {
    "a": Decimal("1.25"),
    "b": Decimal("1.25"),
    "c": Decimal("1.25"),
    "d": Decimal("1.25"),
    "e": Decimal("1.50"),
    "f": Decimal("1.25"),
    "g": Decimal("1.25"),
}
CHANGES = [
    {"category": "c", "from": Decimal("1.50"), "to": Decimal("1.25")},
    {"category": "f", "from": Decimal("1.50"), "to": Decimal("1.25")},
]


def _doc(printed: object, changes: object = CHANGES) -> dict[str, object]:
    return {"r": dict(RATINGS), "changes": changes, "last": {"p": printed}}


def test_kazakhstan_2018_last_year_is_5_95_printed_6() -> None:
    assert run(changes_undone, _doc(6), PARAMS) == []
    assert run(changes_undone, _doc(Decimal("5.95")), PARAMS) == []


def test_wrong_figure_gives_the_expected_one_at_the_printed_precision() -> None:
    assert run(changes_undone, _doc(5), PARAMS) == [("/last/p", "6", "5")]
    assert run(changes_undone, _doc(Decimal("6.00")), PARAMS) == [("/last/p", "5.95", "6.00")]


def test_the_document_itself_is_not_modified() -> None:
    doc = _doc(6)
    run(changes_undone, doc, PARAMS)
    assert doc["r"] == RATINGS


def test_absent_changes_skip_but_no_changes_compare_this_year() -> None:
    doc = _doc(6)
    del doc["changes"]
    assert run(changes_undone, doc, PARAMS) == []
    assert run(changes_undone, _doc(6, []), PARAMS) == [("/last/p", "5", "6")]


def test_classified_through_a_table() -> None:
    tables = {
        "t": {
            "summary": "s",
            "source": "s",
            "domain": {"min": 1, "max": 7, "step": Decimal("0.01")},
            "rows": [
                {"min": 1, "max": Decimal("1.30"), "value": "low"},
                {"min": Decimal("1.31"), "max": 7, "value": "high"},
            ],
        }
    }
    params = {**PARAMS, "value": "/last/s", "derive": {"mean": ["/r/*"], "round": 2}, "table": "t"}
    doc = {"r": dict(RATINGS), "changes": CHANGES, "last": {"s": "high"}}  # last year 1.36
    assert run(changes_undone, doc, params, tables=tables) == []
    doc["last"] = {"s": "low"}
    assert run(changes_undone, doc, params, tables=tables) == [("/last/s", "high", "low")]


def test_a_table_compares_as_the_bands_check_does_aliases_and_also_values() -> None:
    tables = {
        "t": {
            "summary": "s",
            "source": "s",
            "domain": {"min": 1, "max": 7, "step": Decimal("0.01")},
            "rows": [
                {"min": 1, "max": Decimal("1.30"), "value": "low"},
                {"min": Decimal("1.31"), "max": 7, "value": "high", "also": ["raised"]},
            ],
            "aliases": {"High": "high"},
        }
    }
    params = {**PARAMS, "value": "/last/s", "derive": {"mean": ["/r/*"], "round": 2}, "table": "t"}
    for accepted in ("high", "High", "raised"):  # last year 1.36
        doc = {"r": dict(RATINGS), "changes": CHANGES, "last": {"s": accepted}}
        assert run(changes_undone, doc, params, tables=tables) == []
    doc = {"r": dict(RATINGS), "changes": CHANGES, "last": {"s": "low"}}
    assert run(changes_undone, doc, params, tables=tables) == [("/last/s", "high or raised", "low")]
