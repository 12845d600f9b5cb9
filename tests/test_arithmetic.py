from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from validator.arithmetic import is_multiple, printed_digits, round_half_up, to_text


@given(st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False), st.integers(0, 4))
def test_round_half_up_agrees_with_decimal_quantize(value: Decimal, digits: int) -> None:
    expected = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    assert round_half_up(Fraction(value), digits) == expected


@given(st.integers(28, 196))
def test_democracy_score_of_quarter_points_never_ties(k: int) -> None:
    # k/28 is the mean of seven quarter points; half-up and half-even must agree
    # (docs/methodology.md §2.3)
    exact = Fraction(k, 28)
    assert round_half_up(exact, 2) == Decimal(round(exact * 100)) / 100


def test_half_up_is_not_pythons_round() -> None:
    assert round(12.5) == 12  # Python rounds half to even ...
    assert round_half_up(Fraction(25, 2), 0) == Decimal(13)  # ... the publisher does not
    assert round_half_up(Fraction(-25, 2), 0) == Decimal(-13)


def test_kazakhstan_2018_percentage_from_the_unrounded_mean() -> None:
    mean = Fraction(9, 7)  # 1.25 x 6 + 1.50
    assert round_half_up((mean - 1) / 6 * 100, 2) == Decimal("4.76")
    assert round_half_up((Fraction("1.29") - 1) / 6 * 100, 2) == Decimal("4.83")


def test_printed_digits() -> None:
    assert printed_digits(6) == 0
    assert printed_digits(Decimal("5.95")) == 2
    assert printed_digits(Decimal("6.0")) == 1


def test_to_text_never_uses_scientific_notation() -> None:
    assert to_text(Decimal("1E+2")) == "100"
    assert to_text(Decimal("0.10")) == "0.10"
    assert to_text(Fraction(1, 3)) == "1/3"
    assert to_text(Fraction(7, 4)) == "1.75"


@given(
    value=st.decimals(min_value=-(10**14), max_value=10**14, places=6),
    step=st.sampled_from([Decimal("0.25"), Decimal("1"), Decimal("0.5"), Decimal("1E-29")]),
)
def test_is_multiple_agrees_with_fractions(value: Decimal, step: Decimal) -> None:
    """Decimal's `%` where it answers, fractions where it raises: the same verdict."""
    assert is_multiple(value, step) == ((Fraction(value) / Fraction(step)).denominator == 1)


def test_is_multiple_past_the_decimal_context() -> None:
    assert is_multiple(Decimal("99999999999999.25"), Decimal("1E-29"))
    assert not is_multiple(Decimal("1.3"), Decimal("0.25"))
    assert is_multiple(7, 1)


_MODES = {"half-up": "ROUND_HALF_UP", "half-even": "ROUND_HALF_EVEN", "toward-zero": "ROUND_DOWN"}


@given(
    whole=st.integers(-(10**6), 10**6),
    digits=st.integers(0, 6),
    mode=st.sampled_from(sorted(_MODES)),
    beyond=st.sampled_from([Fraction(1, 2), Fraction(0), Fraction(1, 3), Fraction(2, 3)]),
)
def test_every_rounding_mode_is_exact_at_every_tie(
    whole: int, digits: int, mode: str, beyond: Fraction
) -> None:
    """Ties (k + 1/2 units of the last digit), exact grid values and values off the decimal
    grid (thirds): the oracle is Decimal's own rounding at a precision that holds them."""
    import decimal

    from validator.arithmetic import round_to

    value = (whole + beyond) / Fraction(10) ** digits
    with decimal.localcontext() as context:
        context.prec = 60
        as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
        expected = as_decimal.quantize(
            Decimal(1).scaleb(-digits), rounding=getattr(decimal, _MODES[mode])
        )
    assert round_to(value, digits, mode) == expected


def test_the_modes_differ_where_they_should() -> None:
    from validator.arithmetic import round_to

    assert [round_to(Fraction(25, 20), 1, m) for m in ("half-up", "half-even", "toward-zero")] == [
        Decimal("1.3"),
        Decimal("1.2"),
        Decimal("1.2"),
    ]
    assert round_to(Fraction(-39, 20), 1, "toward-zero") == Decimal("-1.9")


@given(
    st.lists(
        st.one_of(
            st.integers(-2, 3),
            st.sampled_from(["", "1", "a"]),
            st.booleans(),
            st.none(),
            st.sampled_from([Decimal("1"), Decimal("1.0"), Decimal("2.50")]),
            st.lists(st.integers(0, 2), max_size=2),
            st.dictionaries(st.sampled_from(["a"]), st.integers(0, 2)),
        ),
        max_size=12,
    ),
    st.sampled_from(["int", "one", "printed"]),
)
def test_each_distinct_value_is_decided_as_it_would_be_alone(values: list[Any], name: str) -> None:
    """A test decided once per distinct value says of each what it says alone: 1, True,
    1.0 and "1" apart, mappings and lists tested where they stand."""
    from validator.arithmetic import each_distinct

    tests = {
        "int": lambda v: type(v) is int,
        "one": lambda v: v == 1,
        "printed": lambda v: str(v).endswith("0"),
    }
    assert each_distinct(tests[name], values) == [tests[name](v) for v in values]
