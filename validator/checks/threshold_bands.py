"""threshold_bands: a label (a status) matches the band its computed input falls in.

The bands are a table of the pack (ordered rows, bounds inclusive, value = label). The input
is computed from primary data, not from a printed derived value, so that one wrong printed
number gives one finding. Example (NIT regime classification from the 2-decimal mean)::

    status-outside-threshold-band:
      check: threshold_bands
      params: {value: /status, input: {mean: [/ratings/*], round: 2}, table: nit-regime}

An input outside every band is reported too (the label cannot be right then).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from validator.checks import fast
from validator.checks.api import Context, Target, Violation
from validator.checks.classify import compare_class
from validator.checks.fast import Compiled
from validator.rulepack.models import FORBID_EXTRA, Quantity, Table


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    input: Quantity
    table: str


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    yield from compare_class(params.value, params.input, params.table, target, context)


def compile_rule(params: Params, at: str, tables: dict[str, Table]) -> Compiled | None:
    """The rule as a closure (`validator.checks.fast`), or None: the interpreter checks it."""
    return fast.classify(at, params.value, params.input, params.table, tables)
