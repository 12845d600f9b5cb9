from decimal import Decimal

from validator.checks import linear_formula

from .conftest import run

PARAMS = {
    "value": "/p",
    "input": {"mean": ["/r/*"]},
    "steps": [
        {"op": "subtract", "by": 1},
        {"op": "divide", "by": 6},
        {"op": "multiply", "by": 100},
    ],
    "digits": 2,
}
RATINGS = {str(i): Decimal("1.25") for i in range(6)} | {"6": Decimal("1.50")}


def test_formula_uses_the_unrounded_input() -> None:
    assert run(linear_formula, {"r": RATINGS, "p": Decimal("4.76")}, PARAMS) == []


def test_result_from_the_rounded_input_is_wrong() -> None:
    assert run(linear_formula, {"r": RATINGS, "p": Decimal("4.83")}, PARAMS) == [
        ("/p", "4.76", "4.83")
    ]


def test_input_rounding_is_applied_before_the_steps_when_asked() -> None:
    params = {**PARAMS, "input": {"mean": ["/r/*"], "round": 2}}
    assert run(linear_formula, {"r": RATINGS, "p": Decimal("4.83")}, params) == []


def test_add_and_multiply_steps() -> None:
    params = {
        "value": "/y",
        "input": {"field": "/x"},
        "steps": [{"op": "add", "by": Decimal("0.5")}, {"op": "multiply", "by": 3}],
        "digits": 0,
    }
    assert run(linear_formula, {"x": 2, "y": 8}, params) == []  # 7.5 -> 8 half-up
