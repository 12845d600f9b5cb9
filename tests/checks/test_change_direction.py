from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from validator.checks import change_direction

from .conftest import run

MODERN = {"up": "improved", "down": "declined"}
ORIGINAL = {"up": "declined", "down": "improved"}


def _doc(old: str, new: str, word: str) -> dict[str, object]:
    return {"changes": [{"from": Decimal(old), "to": Decimal(new), "direction": word}]}


def test_fall_declined_on_the_modern_scale() -> None:
    assert run(change_direction, _doc("1.50", "1.25", "declined"), MODERN, at="/changes/*") == []


def test_fall_improved_on_the_original_scale() -> None:
    assert run(change_direction, _doc("6.75", "6.50", "improved"), ORIGINAL, at="/changes/*") == []


def test_wrong_word_points_at_the_direction() -> None:
    assert run(change_direction, _doc("1.50", "1.25", "improved"), MODERN, at="/changes/*") == [
        ("/changes/0/direction", "declined", "improved")
    ]


def test_no_change_is_not_a_change() -> None:
    found = run(change_direction, _doc("1.50", "1.50", "improved"), MODERN, at="/changes/*")
    assert [p for p, _, _ in found] == ["/changes/0/direction"]


@given(st.integers(4, 28), st.integers(4, 28), st.sampled_from(["improved", "declined"]))
def test_the_two_scales_disagree_on_every_real_change(a: int, b: int, word: str) -> None:
    doc = _doc(str(Decimal(a) / 4), str(Decimal(b) / 4), word)
    modern = run(change_direction, doc, MODERN, at="/changes/*")
    original = run(change_direction, doc, ORIGINAL, at="/changes/*")
    if a == b:
        assert modern and original
    else:
        assert bool(modern) != bool(original)
