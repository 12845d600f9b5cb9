from decimal import Decimal

from validator.checks import threshold_bands

from .conftest import run

TABLES = {
    "bands": {
        "summary": "s",
        "source": "t",
        "domain": {"min": 1, "max": 7, "step": Decimal("0.01")},
        "rows": [
            {"min": 1, "max": 2, "value": "low"},
            {"min": Decimal("2.01"), "max": 7, "value": "high"},
        ],
        "aliases": {"Low": "low"},
    }
}
PARAMS = {"value": "/status", "input": {"mean": ["/r/*"], "round": 2}, "table": "bands"}


def _doc(total: Decimal, status: str) -> dict[str, object]:
    return {"r": {"a": total / 2, "b": total / 2}, "status": status}


def test_bound_is_inclusive() -> None:
    assert run(threshold_bands, _doc(Decimal(4), "low"), PARAMS, tables=TABLES) == []
    assert run(threshold_bands, _doc(Decimal("4.02"), "high"), PARAMS, tables=TABLES) == []


def test_wrong_label_is_reported_with_the_expected_label() -> None:
    assert run(threshold_bands, _doc(Decimal(4), "high"), PARAMS, tables=TABLES) == [
        ("/status", "low", "high")
    ]


def test_input_is_rounded_before_classifying() -> None:
    # mean 2.004 rounds to 2.00: low, although the unrounded mean is above 2
    assert run(threshold_bands, _doc(Decimal("4.008"), "low"), PARAMS, tables=TABLES) == []


def test_alias_spelling_is_accepted() -> None:
    assert run(threshold_bands, _doc(Decimal(4), "Low"), PARAMS, tables=TABLES) == []


def test_input_outside_every_band_is_reported() -> None:
    found = run(threshold_bands, _doc(Decimal(16), "high"), PARAMS, tables=TABLES)
    assert [p for p, _, _ in found] == ["/status"]


def test_missing_label_or_input_skips() -> None:
    assert run(threshold_bands, {"r": {"a": 1}}, PARAMS, tables=TABLES) == []
    assert run(threshold_bands, {"status": "low"}, PARAMS, tables=TABLES) == []
