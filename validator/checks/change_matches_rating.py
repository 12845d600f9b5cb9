"""change_matches_rating: a stated change's `to` value equals this year's rating.

`current` names the rating, with `{field}` taken from the change item. Example::

    change-target-differs-from-rating:
      check: change_matches_rating
      at: /changes/*
      params: {current: "/ratings/{category}"}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from validator import pointer as jp
from validator.arithmetic import equal, is_number
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
from validator.rulepack.models import FORBID_EXTRA


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    current: str
    to_field: str = "to"


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    if not isinstance(target.value, dict):
        return
    stated = target.value.get(params.to_field)
    found = context.values(params.current, target)
    if not is_number(stated) or not found or not is_number(found[0][1]):
        return
    current = found[0][1]
    context.judge(jp.join(target.pointer, params.to_field))
    if not equal(current, stated):
        yield Violation(
            jp.join(target.pointer, params.to_field),
            current,
            stated,
            f"this year's rating at {found[0][0]}",
        )


# the rest of the kind's interface (validator.checks.api.Kind)
WRITES = None  # `fix` writes nothing at its findings
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
compile_rule = not_compiled
over_run = within_files
describe = undescribed
edges = no_edges
