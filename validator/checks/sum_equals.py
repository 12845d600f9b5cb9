"""sum_equals: a total equals the signed sum of its parts.

A part is a pointer or an object with `field`, `sign` (-1 subtracts), `default` (used when
the field is absent) and `table` (look the value up first). Example (FIW Political Rights)::

    political-rights-score-differs-from-sum:
      check: sum_equals
      params:
        value: /political_rights_score
        parts: [/indicators/A*, /indicators/B*, /indicators/C*,
                {field: /add_q, sign: -1, default: 0}]

The rule is skipped when the total or a part without default is absent. `parts_rounded`
and `tolerance` make the comparison a range, as in `mean_equals`.
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
from validator.rulepack.models import FORBID_EXTRA, Quantity, Table, Term

# `fix` may write what it expects at the value: the sum of the parts
WRITES: Final = "safe"


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    parts: tuple[str | Term, ...]
    parts_rounded: bool = False
    tolerance: int = 0


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    detail = lambda: of_parts("sum", params.parts, target, context)  # noqa: E731
    yield from compare(params.value, _quantity(params), target, context, detail)


def compile_rule(params: Params, at: str, tables: dict[str, Table]) -> Compiled | None:
    """The rule as a closure (`validator.checks.fast`), or None: the interpreter checks it."""
    return fast.compare(at, params.value, _quantity(params), tables)


@cache
def _quantity(params: Params) -> Quantity:
    """The rule's quantity (built once per rule, not once per document)."""
    return Quantity(
        sum=params.parts, parts_rounded=params.parts_rounded, tolerance=params.tolerance
    )


# the rest of the kind's interface (validator.checks.api.Kind)
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
over_run = within_files
describe = undescribed


def edges(params: Params, tables: dict[str, Table]) -> list[Edge]:
    return tolerance_edges(params.value, _quantity(params))
