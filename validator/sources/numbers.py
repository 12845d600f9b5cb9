"""The numbers a source may hold, and what happens to the others.

A report figure is a score, a rating, a percentage or a year: a few digits. A number far
outside that (`1e999999`, four thousand digits, forty decimals) is no figure a report
prints, and exact arithmetic on it can take unbounded time and memory. Such a number is
kept as the text it was written as (`RawNumber`), reported once where it is, and no rule
judges it. A negative zero (`-0`, `-0.0`) is read as 0 and reported as a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from validator.arithmetic import shorten

MAX_DIGITS = 30  # significant digits
MAX_MAGNITUDE = 15  # |number| < 10**15
MAX_TEXT = 64  # characters of a decimal as written
MAX_INT_TEXT = 40  # characters of an integer as written (Python reads at most 4,300 digits)

LIMITS = (
    f"at most {MAX_DIGITS} significant digits, smaller than 10^{MAX_MAGNITUDE} "
    f"and at most {MAX_DIGITS} decimals"
)


class RawNumber(str):
    """A number the source holds but no check may compute with: kept as written."""

    __slots__ = ()


def out_of_bounds(text: str) -> str:
    shown = shorten(text, limit=40, head=20)
    return f"number {shown} is beyond what a report holds ({LIMITS}): it is not checked"


def bounded_decimal(text: str) -> Decimal | RawNumber | None:
    """The exact value of a decimal written as `text`; RawNumber when out of bounds; None
    when `text` is no number."""
    if len(text) > MAX_TEXT:
        return RawNumber(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if len(text) <= MAX_MAGNITUDE and "e" not in text and "E" not in text:
        return number  # at most 15 characters and no exponent: within every bound
    if not _fits(number):
        return RawNumber(text)
    return number


_LIMIT = 10**MAX_MAGNITUDE


def bounded_int(text: str, read: Callable[[str], int] = int) -> int | RawNumber:
    """The integer written as `text` (read by `read`: YAML has forms of its own), or
    RawNumber when out of bounds. `read` may raise ValueError."""
    if len(text) > MAX_INT_TEXT:
        return RawNumber(text)
    value = read(text)
    return value if -_LIMIT < value < _LIMIT else RawNumber(text)


def _fits(number: Decimal) -> bool:
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    return (
        number.adjusted() < MAX_MAGNITUDE and len(digits) <= MAX_DIGITS and -exponent <= MAX_DIGITS
    )


def is_negative_zero(text: str, value: object) -> bool:
    return value == 0 and text.lstrip().startswith("-") and not isinstance(value, bool)


def negative_zero(text: str) -> str:
    return f"{text.strip()} is a negative zero; a report figure has no sign here: write 0"
