from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from validator.checks import mean_equals

from .conftest import run

PARAMS = {"value": "/score", "parts": ["/r/*"], "digits": 2}


def _doc(ratings: list[Decimal], score: Decimal) -> dict[str, object]:
    return {"r": {str(i): v for i, v in enumerate(ratings)}, "score": score}


def test_mean_is_rounded_half_up() -> None:
    # 9 / 7 = 1.2857 -> 1.29
    ratings = [Decimal("1.25")] * 6 + [Decimal("1.50")]
    assert run(mean_equals, _doc(ratings, Decimal("1.29")), PARAMS) == []
    assert run(mean_equals, _doc(ratings, Decimal("1.28")), PARAMS) == [("/score", "1.29", "1.28")]


def test_tie_rounds_up() -> None:
    assert (
        run(mean_equals, _doc([Decimal("0.125"), Decimal("0.125")], Decimal("0.13")), PARAMS) == []
    )
    assert (
        run(mean_equals, _doc([Decimal("0.125"), Decimal("0.125")], Decimal("0.12")), PARAMS) != []
    )


@given(st.lists(st.integers(4, 28), min_size=1, max_size=9), st.integers(-2, 2))
def test_only_the_correctly_rounded_mean_passes(quarters: list[int], offset: int) -> None:
    ratings = [Decimal(q) / 4 for q in quarters]
    mean = (sum(ratings) / len(ratings)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    printed = mean + Decimal(offset) / 100
    found = run(mean_equals, _doc(ratings, printed), PARAMS)
    assert (found == []) == (offset == 0)
