"""The comparison that threshold_bands and lookup_table share: a field against a table row."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from validator.arithmetic import is_number, to_text
from validator.checks.api import Context, Target, Violation
from validator.quantity import equal, evaluate
from validator.rulepack.models import Quantity


def compare_class(
    ref: str, quantity: Quantity, table_name: str, target: Target, context: Context
) -> Iterator[Violation]:
    table = context.tables[table_name]
    for at, actual in context.values(ref, target):
        value = evaluate(quantity, target, context)
        if value is None or not (is_number(value) or isinstance(value, Fraction)):
            continue
        row = table.find(value)
        if row is None:
            yield Violation(
                at,
                f"no value: {to_text(value)} is outside {table_name}",
                actual,
                "the table has no row for the input",
            )
        elif not equal(row.value, table.canonical(actual)):
            yield Violation(at, row.value, actual, f"{table_name} for {to_text(value)}")
