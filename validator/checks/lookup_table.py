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
from decimal import Decimal
from typing import Any, ClassVar, Final

from validator.arithmetic import to_text
from validator.checks import fast
from validator.checks.api import Context, Edge, Target, Violation, undescribed, within_files
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


def edges(params: Params, tables: dict[str, Table]) -> list[Edge]:
    """Each row's first and last input value with each label the row allows there (its value
    and what it `also` allows), the rule silent; where the neighbouring row allows all of
    those and more, with each label only the neighbour allows, the rule reporting (moving the
    threshold would add a label there, not take one away): both sides of every threshold,
    and where a label stops being allowed."""
    table = tables.get(params.table)
    if table is None:
        return []  # the loader reports the table missing
    found: dict[tuple[Decimal, Any], Edge] = {}

    def add(what: str, value: Decimal, label: Any, accepted: bool) -> None:
        edge = Edge(
            what, value, params.input, accepted=accepted, label=label, label_at=params.value
        )
        found.setdefault((value, label), edge)

    rows = table.rows
    for index, row in enumerate(rows):
        allowed = (row.value, *row.also)
        ends = (("from", row.min, index - 1), ("to", row.max, index + 1))
        for end, value, beside in ends:
            where = f"{params.table!r} row {row.value!r} {end} {to_text(value)}"
            for label in allowed:
                also = "" if label == row.value else f" (also {label!r})"
                add(where + also, value, label, True)
            if not 0 <= beside < len(rows):
                continue
            other = (rows[beside].value, *rows[beside].also)
            if any(label not in other for label in allowed):
                continue  # the threshold moved takes a label away here: a silent case fails
            for label in other:  # it would only give one: a case reporting it fails
                if label not in allowed:
                    add(f"{where}, called {label!r} (a case reporting)", value, label, False)
    return list(found.values())
