"""cross_edition: this edition's figures about last year equal the previous edition's.

When the run holds the previous edition (edition - 1) of the same survey and country,
`previous` is evaluated on it (templates such as `{category}` come from this edition's
target) and compared with `value`; `table` classifies it first. Without the previous
edition the rule has nothing to compare and yields nothing. Example::

    last-year-total-differs-from-previous-edition:
      check: cross_edition
      params: {value: /last_year/total_score, previous: {field: /total_score}}

A stated change is the difference with the previous edition: with `change`, the value must
equal `change` (evaluated on this edition) minus `previous` (on the previous one), times
`sign` (-1 where a fall is printed as a gain, as a rank that moves up from 7th to 5th is a
change of +2)::

    score-change-differs-from-previous-edition:
      check: cross_edition
      params:
        value: /score_change
        change: {field: /overall_score}
        previous: {field: /overall_score}

With `change` and `table`, the difference is classified first: the value is the row's (a
trend arrow's direction from the change of the total score; "no arrow" where it is 0).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal, TypeGuard

from validator.arithmetic import equal, exact, is_number, to_text
from validator.checks.api import (
    Context,
    Target,
    Violation,
    no_edges,
    not_compiled,
    undescribed,
    within_files,
)
from validator.checks.quantity import Derived, derive, evaluate
from validator.rulepack.models import FORBID_EXTRA, Quantity

# `fix` may write what it expects at the value: the previous edition's figure, another
# document's, so only with --unsafe-fixes
WRITES: Final = "unsafe"

# It compares a document with the previous edition of the same survey and country: without
# that edition in the run it judges nothing (an audit counts it "not applicable").
COMPARES_EDITIONS = True


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    previous: Quantity
    table: str | None = None
    change: Quantity | None = None  # the value is this (on this edition) minus `previous`
    sign: Literal[1, -1] = 1


def reads(params: Params) -> tuple[str, ...]:
    """Of this edition, what `change` reads (`previous` points into the other one)."""
    if params.change is None:
        return ()
    return tuple(t if isinstance(t, str) else t.field for t in params.change.terms)


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    earlier = context.for_previous()
    if earlier is None:
        return
    edition = earlier.document.edition
    if params.change is not None:
        yield from _change(target, params, params.change, context, earlier)
        return
    for at, actual in context.values(params.value, target):
        derived = derive(params.previous, params.table, target, earlier, compared=actual)
        if derived is None or derived.expected is None or earlier.read_wrong():
            continue  # nothing to compare, or last year's figure was found wrong itself
        context.judge(at)
        expected = derived.expected
        if not derived.accepts(actual):
            source = earlier.document.source
            yield Violation(
                at, expected, actual, f"edition {edition} ({source}) gives {to_text(expected)}"
            )


def _change(
    target: Target, params: Params, change: Quantity, context: Context, earlier: Context
) -> Iterator[Violation]:
    now = evaluate(change, target, context)
    before = evaluate(params.previous, target, earlier)
    if not (_numeric(now) and _numeric(before)) or earlier.read_wrong():
        return  # nothing to compare, or last year's figure was found wrong itself
    difference = (exact(now) - exact(before)) * params.sign
    derived = None
    if params.table is not None:
        table = context.tables[params.table]
        derived = Derived(difference, table, table.find(difference))
    for at, actual in context.values(params.value, target):
        if derived is None and not is_number(actual):
            continue  # a word where a number belongs: the schema's
        context.judge(at)
        right = derived.accepts(actual) if derived is not None else equal(difference, actual)
        if not right:
            edition = earlier.document.edition
            detail = f"{to_text(now)} now, {to_text(before)} in edition {edition}"
            expected = derived.expected if derived is not None else difference
            yield Violation(at, expected, actual, detail)


def _numeric(value: Any) -> TypeGuard[int | Decimal | Fraction]:
    return isinstance(value, int | Decimal | Fraction) and not isinstance(value, bool)


# the rest of the kind's interface (validator.checks.api.Kind)
OVER_GROUPS = False
compile_rule = not_compiled
over_run = within_files
describe = undescribed
edges = no_edges
