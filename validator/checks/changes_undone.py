"""changes_undone: last year's printed figures follow from this year's ratings with the
stated changes undone.

Each stated change moves its rating back by (to - from); `derive` is then evaluated on the
result, optionally classified by `table`, and compared with `value`. `round: as-printed`
compares at the precision the page prints (6, not 5.95). Example (NIT Kazakhstan 2018:
ratings 1.25 x 6 + 1.50 with CS and JFI back to 1.50 give 5.95, printed as 6)::

    last-year-percentage-differs-from-changes:
      check: changes_undone
      params:
        value: /last_year/democracy_percentage
        changes: /changes
        rating: "/ratings/{category}"
        derive: {mean: [/ratings/*], steps: [...], round: as-printed}
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from validator import pointer as jp
from validator.arithmetic import is_number, to_text
from validator.checks.api import (
    Context,
    Target,
    Violation,
    no_edges,
    not_compiled,
    undescribed,
    within_files,
)
from validator.checks.api import reads as api_reads
from validator.checks.quantity import derive
from validator.rulepack.models import FORBID_EXTRA, Quantity


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    changes: str  # the list of stated changes; when it is absent nothing was transcribed
    rating: str
    derive: Quantity
    table: str | None = None
    from_field: str = "from"
    to_field: str = "to"


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    printed = context.values(params.value, target)
    if not printed:
        return
    previous = _undo(params, target, context)
    if previous is None:
        return
    for at, actual in printed:
        derived = derive(params.derive, params.table, target, previous, compared=actual)
        if derived is None or derived.expected is None:
            continue
        context.judge(at)
        if params.table is not None:
            detail = f"{params.table} for last year's {to_text(derived.value)}"
        else:
            detail = "last year's value from the stated changes"
        if not derived.accepts(actual):
            yield Violation(at, derived.expected, actual, detail)


def reads(params: Params) -> tuple[str, ...]:
    """The stated changes' from and to values and the ratings; not the direction words."""
    items = params.changes.rstrip("/") + "/*/"
    rest = api_reads(replace(params, value="", changes=""))
    return (items + params.from_field, items + params.to_field, *rest)


def _undo(params: Params, target: Target, context: Context) -> Context | None:
    """A view of the document with each stated change moved back; None if one is unusable."""
    data = copy.deepcopy(context.data)
    view = context.with_data(data)
    stated = context.values(params.changes, target)
    if not stated or not isinstance(stated[0][1], list):
        return None
    list_at, items = stated[0]
    for index, item in enumerate(items):
        item_at = jp.join(list_at, index)
        if not isinstance(item, dict):
            return None
        old, new = item.get(params.from_field), item.get(params.to_field)
        rating_at = context.pointer_for(params.rating, Target(item_at, item))
        if rating_at is None or not (is_number(old) and is_number(new)):
            return None
        current = jp.resolve(data, rating_at)
        if not is_number(current):
            return None
        context.read.extend(
            (jp.join(item_at, params.from_field), jp.join(item_at, params.to_field), rating_at)
        )
        jp.assign(data, rating_at, current - (new - old))  # Decimal: exact for these values
    return view


# the rest of the kind's interface (validator.checks.api.Kind)
WRITES = None  # `fix` writes nothing at its findings
COMPARES_EDITIONS = False
OVER_GROUPS = False
compile_rule = not_compiled
over_run = within_files
describe = undescribed
edges = no_edges
