"""lookup_table: a value (a rating) equals what the table gives for its input (a score).

Example (FIW Political Rights rating from the 0-40 score, negative scores included)::

    political-rights-rating-differs-from-table:
      check: lookup_table
      params: {value: /political_rights_rating, input: {field: /political_rights_score},
               table: fiw-political-rights-rating}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from validator.checks import fast
from validator.checks.api import Context, Target, Violation, undescribed, within_files
from validator.checks.api import reads as api_reads
from validator.checks.classify import compare_class
from validator.checks.fast import Compiled
from validator.rulepack.models import FORBID_EXTRA, Quantity, Table

# `fix` may write what it expects at the value: the table's row (none where a row allows
# two values)
WRITES: Final = "safe"


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


# the rest of the kind's interface (validator.checks.api.Kind)
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
over_run = within_files
describe = undescribed
