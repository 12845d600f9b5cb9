"""linear_formula: a value equals arithmetic steps applied to an exact input.

The input is computed unrounded (a `Quantity`: a field, sum or mean); the steps run on
exact fractions and only the result is rounded (`rounding`: half-up unless said, or
half-even, toward-zero) to `digits` decimals. Example
(the NIT Democracy Percentage from the unrounded mean of the ratings)::

    democracy-percentage-differs-from-formula:
      check: linear_formula
      params:
        value: /democracy_percentage
        input: {mean: [/ratings/*]}
        steps: [{op: subtract, by: 1}, {op: divide, by: 6}, {op: multiply, by: 100}]
        digits: 2

An input with `parts_rounded: true` (or a `tolerance`) makes the result a range: every result
a value its printed parts could stand for gives. From the two-decimal Democracy Score alone, a
page's percentage is checked so (1.32 stands for 1.315 to 1.325: 5.25 to 5.42).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal

from validator.arithmetic import equal, exact, is_number, printed_digits, round_to
from validator.checks import fast
from validator.checks.api import (
    Context,
    Edge,
    Target,
    Violation,
    tolerance_edges,
    undescribed,
    within_files,
)
from validator.checks.api import reads as api_reads
from validator.checks.compare import compare
from validator.checks.fast import Compiled
from validator.checks.quantity import apply_steps, evaluate
from validator.rulepack.models import FORBID_EXTRA, Quantity, Rounding, Step, Table

# `fix` may write what it expects at the value: the formula's result, as the rule rounds it
WRITES: Final = "safe"


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    input: Quantity
    steps: tuple[Step, ...]
    digits: int | Literal["as-printed"]  # as-printed: as many decimals as the value shows
    rounding: Rounding = "half-up"


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    if not params.input.exact:  # a range: the input's parts were rounded, or a tolerance
        yield from compare(params.value, _whole(params), target, context, "the formula's result")
        return
    found = context.values(params.value, target)
    if not found:
        return
    value = evaluate(params.input, target, context)  # rounded first only if the input says so
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        return
    result = apply_steps(exact(value), params.steps)
    for at, actual in found:
        digits = params.digits
        if digits == "as-printed":
            if not is_number(actual):
                continue  # a word where a number belongs: the schema's
            digits = printed_digits(actual)
        expected = round_to(result, digits, params.rounding)
        context.judge(at)
        if not equal(expected, actual):
            yield Violation(at, expected, actual, "the formula's result")


def compile_rule(params: Params, at: str, tables: dict[str, Table]) -> Compiled | None:
    """The rule as a closure (`validator.checks.fast`), or None: the interpreter checks it."""
    return fast.formula(
        at, params.value, params.input, params.steps, params.digits, params.rounding, tables
    )


# the rest of the kind's interface (validator.checks.api.Kind)
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
over_run = within_files
describe = undescribed


def edges(params: Params, tables: dict[str, Table]) -> list[Edge]:
    """The tolerance's edges, of the value against the input (a tolerance on the input is
    the value's: the formula's steps carry it)."""
    return tolerance_edges(params.value, _whole(params))


def _whole(params: Params) -> Quantity:
    """The input with the formula's steps and rounding: one quantity, compared as a range
    where the input's parts were rounded or it has a tolerance."""
    return replace(
        params.input,
        steps=params.input.steps + params.steps,
        round=params.digits,
        rounding=params.rounding,
    )
