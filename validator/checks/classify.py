"""The comparison that threshold_bands and lookup_table share: a field against a table row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from validator.arithmetic import printed_digits, round_half_up, to_text
from validator.checks.api import Context, Target, Violation
from validator.checks.quantity import derive
from validator.rulepack.models import Quantity, Table


def _on_grid(value: object, table: Table) -> str:
    """The input as the table's own grid writes it: a Freedom Rating 3 as 3.0."""
    if isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool):
        return to_text(round_half_up(Fraction(value), printed_digits(table.domain.step)))
    return to_text(value)


def _no_row(value: object, table: Table, name: str) -> str:
    """Why a table has no row for a computed input: off its grid, or outside its rows."""
    domain = table.domain
    shown = to_text(value)
    if isinstance(value, int | Decimal | Fraction) and domain.min <= value <= domain.max:
        return (
            f"{name} has no row for {shown}: its rows are on a grid of {to_text(domain.step)} "
            f"from {to_text(domain.min)}, and {shown} falls between two of them (a figure "
            "printed with more decimals than the table's)"
        )
    covered = f"{to_text(domain.min)} to {to_text(domain.max)}"
    return f"{name} has no row for {shown}: it covers {covered}"


def compare_class(
    ref: str, quantity: Quantity, table_name: str, target: Target, context: Context
) -> Iterator[Violation]:
    table = context.tables[table_name]
    for at, actual in context.values(ref, target):
        derived = derive(quantity, table_name, target, context)
        if derived is None:
            continue
        context.judge(at)
        if derived.row is None:
            yield Violation(at, "no value", actual, _no_row(derived.value, table, table_name))
        elif not derived.accepts(actual):
            detail = f"{table_name} for {_on_grid(derived.value, table)}"
            yield Violation(at, derived.expected, actual, detail)
