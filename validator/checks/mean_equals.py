"""mean_equals: a value equals the mean of its parts, rounded half-up to `digits` decimals.

Example (the NIT Democracy Score)::

    democracy-score-differs-from-mean:
      check: mean_equals
      params: {value: /democracy_score, parts: [/ratings/*], digits: 2}

How exact: `rounding` (half-up, half-even or toward-zero), `parts_rounded: true` (the parts
were printed rounded from values the publisher averaged unrounded: every mean those values
could give is accepted) and `tolerance` (units of the last digit accepted either way); the
finding then gives the range accepted ("expected 9.74 to 9.76").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Final

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
from validator.checks.compare import compare, of_parts
from validator.checks.fast import Compiled
from validator.rulepack.models import FORBID_EXTRA, Quantity, Rounding, Table, Term

# `fix` may write what it expects at the value: the mean, as the rule rounds it
WRITES: Final = "safe"


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    parts: tuple[str | Term, ...]
    digits: int
    rounding: Rounding = "half-up"
    parts_rounded: bool = False
    tolerance: int = 0


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    yield from compare(
        params.value,
        _quantity(params),
        target,
        context,
        lambda: of_parts("mean", params.parts, target, context),
    )


def compile_rule(params: Params, at: str, tables: dict[str, Table]) -> Compiled | None:
    """The rule as a closure (`validator.checks.fast`), or None: the interpreter checks it."""
    return fast.compare(at, params.value, _quantity(params), tables)


@cache
def _quantity(params: Params) -> Quantity:
    """The rule's quantity (built once per rule, not once per document)."""
    return Quantity(
        mean=params.parts,
        round=params.digits,
        rounding=params.rounding,
        parts_rounded=params.parts_rounded,
        tolerance=params.tolerance,
    )


# the rest of the kind's interface (validator.checks.api.Kind)
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
over_run = within_files
describe = undescribed


def edges(params: Params, tables: dict[str, Table]) -> list[Edge]:
    return tolerance_edges(params.value, _quantity(params))
