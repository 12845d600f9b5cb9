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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from validator.arithmetic import equal, exact, round_to
from validator.checks.api import Context, Target, Violation
from validator.quantity import apply_steps, evaluate
from validator.rulepack.models import FORBID_EXTRA, Quantity, Rounding, Step


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    input: Quantity
    steps: tuple[Step, ...]
    digits: int
    rounding: Rounding = "half-up"


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    found = context.values(params.value, target)
    if not found:
        return
    value = evaluate(params.input, target, context)  # rounded first only if the input says so
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        return
    expected = round_to(apply_steps(exact(value), params.steps), params.digits, params.rounding)
    for at, actual in found:
        context.judge(at)
        if not equal(expected, actual):
            yield Violation(at, expected, actual, "the formula's result")
