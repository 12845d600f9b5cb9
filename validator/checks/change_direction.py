"""change_direction: a stated change's direction word agrees with its from and to values.

`up` and `down` are the words for a rising and a falling number; on an inverted scale they
swap, so each scale era has its own rule. A stated change with from equal to to is wrong
too. Example (NIT, 7 = most democratic)::

    change-direction-contradicts-values:
      check: change_direction
      at: /changes/*
      params: {up: improved, down: declined}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Final

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
from validator.rulepack.models import FORBID_EXTRA

# `fix` may write what it expects at the value: the word its from and to values call for
# (none where they are equal: that is no change, and a person decides)
WRITES: Final = "safe"


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    up: str
    down: str
    direction: str = "direction"
    from_field: str = "from"
    to_field: str = "to"


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    item = target.value
    if not isinstance(item, dict):
        return
    old, new, word = (
        item.get(params.from_field),
        item.get(params.to_field),
        item.get(params.direction),
    )
    if not (is_number(old) and is_number(new) and isinstance(word, str)):
        return
    at = jp.join(target.pointer, params.direction)
    context.judge(
        at, jp.join(target.pointer, params.from_field), jp.join(target.pointer, params.to_field)
    )
    if old == new:
        yield Violation(at, "a change", word, f"from and to are both {to_text(old)}")
        return
    expected = params.up if new > old else params.down
    if word != expected:
        yield Violation(at, expected, word, f"from {to_text(old)} to {to_text(new)}")


# the rest of the kind's interface (validator.checks.api.Kind)
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
compile_rule = not_compiled
over_run = within_files
describe = undescribed
edges = no_edges
