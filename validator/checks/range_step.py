"""range: a value lies between `min` and `max` (inclusive) on a grid of `step` from `min`.

Example (NIT category ratings are 1.00-7.00 in quarter points)::

    rating-outside-scale:
      check: range
      at: /ratings/*
      params: {min: 1, max: 7, step: 0.25}

A word the schema allows in place of a number (FIW's Add A is "N/A" once eliminated) is
judged when the rule gives `labels`, the words it accepts: "N/A" passes the rule for the
editions where Add A no longer exists and fails the one (`labels: []`) for the editions
where it is a score::

    add-a-used-after-elimination:
      check: range
      at: /add_a
      editions: {first: 2018}
      params: {min: 0, max: 0, labels: [N/A]}

Without `labels`, a value that is not a number is left to the schema check.

`maxima` gives a maximum per key of the target (its last pointer segment) where the items
of one pattern have different ranges (FOTN's indicators); a key it does not name keeps
`max`::

    indicator-outside-range:
      check: range
      at: /indicators/*
      params: {min: 0, max: 6, step: 1, maxima: {A2: 3, A5: 4}}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from validator import pointer as jp
from validator.arithmetic import is_multiple, is_number, to_text
from validator.checks import fast
from validator.checks.api import Context, Edge, Target, Violation, undescribed, within_files
from validator.checks.api import reads as api_reads
from validator.checks.fast import Compiled
from validator.rulepack.models import FORBID_EXTRA, Table


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    min: Decimal
    max: Decimal
    step: Decimal | None = None  # None: any value in the range
    labels: tuple[str, ...] | None = None  # words judged, and accepted, in place of a number
    maxima: dict[str, Decimal] | None = None  # the maximum by the target's key, where it differs


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    value = target.value
    if not (type(value) is int or is_number(value)):  # a whole number first: the common case
        if isinstance(value, str) and params.labels is not None:
            context.judge(target.pointer)
            if value not in params.labels:
                expected = f"a number from {to_text(params.min)} to {to_text(params.max)}"
                if params.labels:
                    expected += " or " + " or ".join(params.labels)
                yield Violation(target.pointer, expected, value, "not a number")
        return  # anything else that is no number: the schema's
    context.judge(target.pointer)
    top = params.max
    if params.maxima is not None:
        top = params.maxima.get(jp.split(target.pointer)[-1], top)
    if not params.min <= value <= top:
        expected = f"{to_text(params.min)} to {to_text(top)}"
        yield Violation(target.pointer, expected, value, "outside the range")
    elif params.step is not None and not is_multiple(value - params.min, params.step):
        expected = f"a multiple of {to_text(params.step)} from {to_text(params.min)}"
        yield Violation(target.pointer, expected, value, "not on the scale's steps")


def compile_rule(params: Params, at: str, tables: dict[str, Table]) -> Compiled | None:
    """The rule as a closure (`validator.checks.fast`), or None: the interpreter checks it."""
    return fast.in_range(at, params.min, params.max, params.step, params.maxima, params.labels)


# the rest of the kind's interface (validator.checks.api.Kind)
WRITES = None  # `fix` writes nothing at its findings
COMPARES_EDITIONS = False
OVER_GROUPS = False
reads = api_reads  # every absolute pointer of its params
over_run = within_files
describe = undescribed


def edges(params: Params, tables: dict[str, Table]) -> list[Edge]:
    """The minimum and maximum (a case silent there) and one step past each (a case reporting
    there); with `maxima`, each key's maximum and one step past it (`max` too, unless it is
    one of them); on a grid other than whole numbers from a whole minimum, a value halfway
    between two steps (a case reporting)."""
    past = params.step if params.step is not None else Decimal(1)
    low, high = params.min - past, params.max + past
    found = [
        Edge(f"the minimum {to_text(params.min)}", params.min),
        Edge(f"{to_text(low)}, below the minimum", low, accepted=False),
    ]
    if params.maxima is None or params.max not in params.maxima.values():
        found += [
            Edge(f"the maximum {to_text(params.max)}", params.max),
            Edge(f"{to_text(high)}, past the maximum", high, accepted=False),
        ]
    for key, top in (params.maxima or {}).items():
        beyond = top + past
        found += [
            Edge(f"{key}'s maximum {to_text(top)}", top, key=key),
            Edge(f"{to_text(beyond)}, past {key}'s maximum", beyond, key=key, accepted=False),
        ]
    if params.step is not None and not (params.step == 1 and params.min == int(params.min)):
        between = params.min + params.step / 2
        found.append(Edge(f"{to_text(between)}, between two steps", between, accepted=False))
    return found
