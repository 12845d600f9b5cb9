"""cross_edition: this edition's figures about last year equal the previous edition's.

When the run holds the previous edition (edition - 1) of the same survey and country,
`previous` is evaluated on it (templates such as `{category}` come from this edition's
target) and compared with `value`; `table` classifies it first. Without the previous
edition the rule has nothing to compare and yields nothing. Example::

    last-year-total-differs-from-previous-edition:
      check: cross_edition
      params: {value: /last_year/total_score, previous: {field: /total_score}}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from validator.arithmetic import to_text
from validator.checks.api import Context, Target, Violation
from validator.quantity import derive
from validator.rulepack.models import FORBID_EXTRA, Quantity

# It compares a document with the previous edition of the same survey and country: without
# that edition in the run it judges nothing (an audit counts it "not applicable").
COMPARES_EDITIONS = True


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    previous: Quantity
    table: str | None = None


def reads(params: Params) -> tuple[str, ...]:
    """Nothing of this edition but the value it judges: `previous` points into the other one."""
    return ()


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    earlier = context.for_previous()
    if earlier is None:
        return
    edition = earlier.document.edition
    for at, actual in context.values(params.value, target):
        derived = derive(params.previous, params.table, target, earlier, compared=actual)
        if derived is None or derived.expected is None:
            continue
        context.judge(at)
        expected = derived.expected
        if not derived.accepts(actual):
            source = earlier.document.source
            yield Violation(
                at, expected, actual, f"edition {edition} ({source}) gives {to_text(expected)}"
            )
