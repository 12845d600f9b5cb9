from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from validator.checks import range_step

from .conftest import run

QUARTERS = {"min": 1, "max": 7, "step": Decimal("0.25")}


def test_values_in_range_on_the_grid_pass() -> None:
    data = {"r": {"a": Decimal("1.00"), "b": Decimal("7.00"), "c": Decimal("3.75")}}
    assert run(range_step, data, QUARTERS, at="/r/*") == []


def test_out_of_range_and_off_grid_are_reported_where_they_are() -> None:
    data = {"r": {"a": Decimal("7.25"), "b": Decimal("1.30"), "c": 0}}
    found = run(range_step, data, QUARTERS, at="/r/*")
    assert [p for p, _, _ in found] == ["/r/a", "/r/b", "/r/c"]


def test_non_numbers_are_left_to_the_schema() -> None:
    assert run(range_step, {"r": {"a": "1.25", "b": None, "c": True}}, QUARTERS, at="/r/*") == []


def test_labels_are_judged_when_the_rule_names_the_words_it_accepts() -> None:
    params = {"min": 0, "max": 0, "labels": ("N/A",)}
    assert run(range_step, {"x": "N/A"}, params, at="/x") == []
    assert run(range_step, {"x": "n/a"}, params, at="/x") == [
        ("/x", "a number from 0 to 0 or N/A", "n/a")
    ]
    none = {"min": 0, "max": 4, "labels": ()}
    assert run(range_step, {"x": "N/A"}, none, at="/x") == [("/x", "a number from 0 to 4", "N/A")]


def test_without_step_any_value_in_range_passes() -> None:
    assert run(range_step, {"x": Decimal("0.123")}, {"min": 0, "max": 1}, at="/x") == []


@given(st.integers(-20, 60))
def test_integer_grid(value: int) -> None:
    found = run(range_step, {"x": value}, {"min": -4, "max": 40, "step": 1}, at="/x")
    assert (found == []) == (-4 <= value <= 40)


@given(st.integers(0, 800))
def test_quarter_grid_from_min(hundredths: int) -> None:
    value = Decimal(hundredths) / 100
    found = run(range_step, {"x": value}, QUARTERS, at="/x")
    assert (found == []) == (1 <= value <= 7 and hundredths % 25 == 0)


def test_maxima_give_each_key_its_own_maximum() -> None:
    params = {"min": 0, "max": 6, "step": 1, "maxima": {"A2": 3}}
    data = {"i": {"A1": 6, "A2": 3}}
    assert run(range_step, data, params, at="/i/*") == []
    assert run(range_step, {"i": {"A1": 6, "A2": 4}}, params, at="/i/*") == [
        ("/i/A2", "0 to 3", "4")
    ]
    assert run(range_step, {"i": {"A1": 7}}, params, at="/i/*") == [("/i/A1", "0 to 6", "7")]
