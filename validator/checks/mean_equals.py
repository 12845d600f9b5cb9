"""mean_equals: a value equals the mean of its parts, rounded half-up to `digits` decimals.

Example (the NIT Democracy Score)::

    democracy-score-differs-from-mean:
      check: mean_equals
      params: {value: /democracy_score, parts: [/ratings/*], digits: 2}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from validator.checks.api import Context, Target, Violation
from validator.checks.compare import compare
from validator.rulepack.models import FORBID_EXTRA, Quantity, Term


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    parts: tuple[str | Term, ...]
    digits: int


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    yield from compare(
        params.value,
        Quantity(mean=params.parts, round=params.digits),
        target,
        context,
        "the mean of its parts",
    )
