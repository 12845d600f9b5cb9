"""Exact arithmetic for scores: Fractions inside, Decimals outside, the publisher's rounding.

Python's `round()` rounds half to even, which is not what the publisher does; nothing
here ever touches a binary float.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeGuard


def is_number(value: object) -> TypeGuard[int | Decimal]:
    """A score read from a document: int or Decimal (never bool, never float)."""
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def exact(value: int | Decimal | Fraction) -> Fraction:
    return Fraction(value)


def is_multiple(value: int | Decimal, step: int | Decimal) -> bool:
    """`value` is a whole multiple of `step`, exactly. Decimal's `%` is exact and fast, but
    raises when the quotient needs more digits than its context holds (a step of 1e-29 in
    a range of 1e14): then fractions decide."""
    try:
        return not Decimal(value) % Decimal(step)
    except InvalidOperation:
        return (Fraction(value) / Fraction(step)).denominator == 1


ROUNDING = ("half-up", "half-even", "toward-zero")  # the modes a rule pack may name


def round_half_up(value: Fraction, digits: int) -> Decimal:
    """`value` rounded to `digits` decimals, ties away from zero (Decimal's ROUND_HALF_UP)."""
    return round_to(value, digits, "half-up")


def round_to(value: Fraction, digits: int, mode: str = "half-up") -> Decimal:
    """`value` rounded to `digits` decimals: `half-up` (ties away from zero, as the
    publisher rounds), `half-even` (ties to the even digit, Python's `round`), `toward-zero`
    (the digits beyond cut off). Exact: the value is a fraction, never a float."""
    scaled = abs(value) * Fraction(10) ** digits
    whole = int(scaled)
    rest = scaled - whole
    if mode == "half-up":
        whole += rest >= Fraction(1, 2)
    elif mode == "half-even":
        whole += rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1)
    elif mode != "toward-zero":
        raise ValueError(f"unknown rounding mode {mode!r}")
    return Decimal(-whole if value < 0 else whole).scaleb(-digits)


def printed_digits(value: int | Decimal) -> int:
    """How many decimals a printed number shows: `6` -> 0, `5.95` -> 2."""
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def shorten(text: str, limit: int = 60, head: int = 40) -> str:
    """A long text (a number of 5,000 digits) for a message: its start, its end, its length."""
    return text if len(text) <= limit else f"{text[:head]}…{text[-8:]} ({len(text)} characters)"


def to_text(value: object) -> str:
    """How a value appears in a message: exact decimals, never scientific notation."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        denominator = value.denominator
        for factor in (2, 5):
            while denominator % factor == 0:
                denominator //= factor
        if denominator == 1:  # a finite decimal: show it as one
            return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return "null"
    return str(value)


def equal(expected: Any, actual: Any) -> bool:
    """Numbers compare by value (0.10 equals 0.1); anything else must be identical."""
    if (is_number(expected) or isinstance(expected, Fraction)) and is_number(actual):
        return bool(exact(actual) == expected)
    return bool(expected == actual) and type(expected) is type(actual)


# whole numbers and texts are their own memo keys (a bool is neither: True == 1)
PLAIN_KEYS = frozenset({int, str})


def memo_key(value: Any) -> Any:
    """A value as a memo key that tells apart what the rules tell apart: 1, 1.0, 1.00, True
    and "1" are five keys (Python's == makes the first four one)."""
    kind = type(value)
    return value if kind is int or kind is str else (kind, str(value))


def each_distinct(test: Callable[[Any], bool], values: list[Any]) -> list[bool]:
    """`test` of each value, decided once per distinct value as `memo_key` tells them apart
    (a column of whole numbers and texts through a set, in C); a mapping or list, which
    has no key worth writing out, is tested where it stands."""
    if frozenset(map(type, values)) <= PLAIN_KEYS:
        said = {value: test(value) for value in set(values)}
        if all(said.values()):
            return [True] * len(values)
        return [said[value] for value in values]
    seen: dict[Any, bool] = {}
    found = []
    for value in values:
        kind = type(value)
        if kind is dict or kind is list:
            found.append(test(value))
            continue
        key = memo_key(value)
        held = seen.get(key)
        if held is None:
            held = seen[key] = test(value)
        found.append(held)
    return found
