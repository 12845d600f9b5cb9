"""Evaluate a rule pack's `Quantity` on a document: exact, then rounded half-up once.

Returns None when an operand is absent (and has no default) or is not a number: the rule
has nothing to compare then, and the schema check has already reported a wrong type.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from validator.arithmetic import (
    equal,
    exact,
    is_number,
    printed_digits,
    round_to,
    to_text,
)
from validator.checks.api import Context, Target
from validator.rulepack.models import Quantity, Row, Step, Table, Term


def operands(
    terms: tuple[str | Term, ...], target: Target, context: Context
) -> list[int | Decimal] | None:
    """The signed, looked-up values of `terms`, or None when one is unusable."""
    values: list[int | Decimal] = []
    for term in terms:
        if isinstance(term, str):  # a plain pointer: the common case
            found = context.operand_values(term, target)
            if not found or not all(type(v) is int or is_number(v) for v in found):
                return None
            values.extend(found)
            continue
        found = context.operand_values(term.field, target)
        if not found:
            if term.default is None:
                return None
            found = [term.default]
        for value in found:
            if type(value) is not int and not is_number(value):
                return None
            if term.table is not None:
                row = context.tables[term.table].find(value)
                if row is None or not is_number(row.value):
                    return None
                value = row.value
            values.append(value * term.sign)
    return values


def apply_steps(value: Fraction, steps: tuple[Step, ...]) -> Fraction:
    for step in steps:
        by = exact(step.by)
        if step.op == "add":
            value += by
        elif step.op == "subtract":
            value -= by
        elif step.op == "multiply":
            value *= by
        else:
            value /= by
    return value


def evaluate(
    quantity: Quantity, target: Target, context: Context, compared: Any = None
) -> Fraction | Decimal | Any | None:
    """The quantity's value; a plain non-numeric field (a status label) is returned as is."""
    if quantity.field is not None and not quantity.steps and quantity.round is None:
        found = context.values(quantity.field, target)
        return found[0][1] if found else None  # as printed: a number or a label
    values = operands(quantity.terms, target, context)
    if not values:
        return None
    return combine(quantity, values, compared)


def combine(quantity: Quantity, values: list[int | Decimal], compared: Any = None) -> Any:
    """The quantity's value from its operands' (signed, looked-up) values: the arithmetic
    alone, shared by the interpreter and the rules compiled at load."""
    if (
        quantity.mean is None
        and not quantity.steps
        and quantity.round is None
        and all(type(v) is int for v in values)
    ):
        return sum(values)  # whole numbers: exact as they are, no fractions needed
    result = sum((exact(v) for v in values), Fraction(0))
    if quantity.mean is not None:
        result /= len(values)
    result = apply_steps(result, quantity.steps)
    digits = _digits(quantity, compared)
    return result if digits is None else round_to(result, digits, quantity.rounding)


def _digits(quantity: Quantity, compared: Any) -> int | None:
    """The decimals the result is rounded to: `round`, or the compared value's."""
    if quantity.round == "as-printed":
        return printed_digits(compared) if is_number(compared) else 0
    return quantity.round


class Accepted(NamedTuple):
    """The printed values a quantity accepts when the comparison is not exact: every rounding
    of a value the unrounded parts could give, widened by the tolerance."""

    low: Decimal
    high: Decimal

    def holds(self, actual: Any) -> bool:
        return is_number(actual) and self.low <= actual <= self.high

    @property
    def text(self) -> str:
        low, high = to_text(self.low), to_text(self.high)
        return low if low == high else f"{low} to {high}"


def accepted(
    quantity: Quantity, target: Target, context: Context, compared: Any
) -> Accepted | None:
    """The range `compared` may take (`quantity.exact` is false); None when the quantity
    cannot be computed. Parts rounded: each part printed with d decimals stood for a value
    within half a unit of its d-th decimal; the bounds go through the mean and steps exactly,
    and each bound is rounded as the result is (rounding is monotone, so every value
    between is a rounding of a value between)."""
    values = operands(quantity.terms, target, context)
    if not values:
        return None
    return accepted_from(quantity, values, compared)


def accepted_from(
    quantity: Quantity, values: list[int | Decimal], compared: Any
) -> Accepted | None:
    """`accepted`, from the operands' values (the arithmetic alone)."""
    if not is_number(compared):
        return None
    total = sum((exact(v) for v in values), Fraction(0))
    spread = Fraction(0)
    if quantity.parts_rounded:
        spread = sum((Fraction(1, 2 * 10 ** printed_digits(v)) for v in values), Fraction(0))
    if quantity.mean is not None:
        total, spread = total / len(values), spread / len(values)
    ends = sorted(apply_steps(end, quantity.steps) for end in (total - spread, total + spread))
    digits = _digits(quantity, compared)
    if digits is None:
        digits = printed_digits(compared)
    unit = Decimal(1).scaleb(-digits) * quantity.tolerance
    low, high = (round_to(end, digits, quantity.rounding) for end in ends)
    return Accepted(low - unit, high + unit)


class Derived(NamedTuple):
    """A computed value and, with a table, the row it falls in: what a field is compared to."""

    value: Any  # the quantity's value (a table's input)
    table: Table | None
    row: Row | None

    @property
    def expected(self) -> Any:
        """The value itself, or the row's value (and what the row also accepts)."""
        if self.table is None:
            return self.value
        if self.row is None:
            return None
        accepted = (self.row.value, *self.row.also)
        return accepted[0] if len(accepted) == 1 else " or ".join(map(to_text, accepted))

    def accepts(self, actual: Any) -> bool:
        """Whether `actual` is right: equal to the value, or one of the row's values, a
        variant spelling (the table's aliases) read as the value it stands for."""
        if self.table is None:
            return equal(self.value, actual)
        if self.row is None:
            return False
        written = self.table.canonical(actual)
        return any(equal(v, written) for v in (self.row.value, *self.row.also))


def derive(
    quantity: Quantity, table: str | None, target: Target, context: Context, compared: Any = None
) -> Derived | None:
    """The quantity's value, classified by `table` when one is named; None when it cannot be
    computed, or a table is given a label."""
    value = evaluate(quantity, target, context, compared=compared)
    if value is None:
        return None
    if table is None:
        return Derived(value, None, None)
    if not (is_number(value) or isinstance(value, Fraction)):
        return None
    found = context.tables[table]
    return Derived(value, found, found.find(value))
