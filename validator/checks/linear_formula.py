"""linear_formula: a value equals arithmetic steps applied to an exact input.

The input is computed unrounded (a `Quantity`: a field, sum or mean); the steps run on
exact fractions and only the result is rounded, half-up, to `digits` decimals. Example
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
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from validator.checks.api import Context, Target, Violation
from validator.checks.compare import compare
from validator.rulepack.models import FORBID_EXTRA, Quantity, Step


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    input: Quantity
    steps: tuple[Step, ...]
    digits: int


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    quantity = replace(params.input, steps=params.input.steps + params.steps, round=params.digits)
    yield from compare(params.value, quantity, target, context, "the formula's result")
