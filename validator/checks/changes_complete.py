"""changes_complete: the stated changes are exactly the ratings that moved since the previous
edition.

When the run holds the previous edition (edition - 1, the same survey and country, written
on the same conventions `same`), each rating under `ratings` is compared with the previous
edition's: one that moved must be among the changes under `changes` (their `category`
field names the rating's key), and a stated change must be of a rating that moved. Without
the previous edition the rule compares nothing. Example (NIT)::

    changes-incomplete:
      check: changes_complete
      params: {ratings: /ratings, changes: /changes, same: [/scale]}

A rating that moved is reported at the rating; a change of a rating that did not move, at
the change's category.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from validator import pointer as jp
from validator.arithmetic import equal, is_number, to_text
from validator.checks.api import (
    Context,
    Target,
    Violation,
    no_edges,
    not_compiled,
    undescribed,
    within_files,
)
from validator.rulepack.models import FORBID_EXTRA

# It compares a document with the previous edition of the same survey and country: without
# that edition in the run it judges nothing (an audit counts it "not applicable").
COMPARES_EDITIONS = True


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    ratings: str  # the mapping of ratings by category
    changes: str  # the list of stated changes
    category: str = "category"  # the field of a change that names the rating
    same: tuple[str, ...] = ()  # fields both editions must agree on (the scale)


def reads(params: Params) -> tuple[str, ...]:
    return (params.ratings + "/*", params.changes + "/*/" + params.category)


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    earlier = context.for_previous()
    if earlier is None:
        return
    for at in params.same:
        if not equal(jp.resolve(context.data, at), jp.resolve(earlier.data, at)):
            return  # two ways of writing the ratings: not comparable value for value
    now, before = jp.resolve(context.data, params.ratings), jp.resolve(earlier.data, params.ratings)
    if not isinstance(now, dict) or not isinstance(before, dict):
        return
    changes = jp.resolve(context.data, params.changes)
    stated: dict[str, str] = {}  # category -> pointer of its change's category field
    if isinstance(changes, list):
        for index, change in enumerate(changes):
            if isinstance(change, dict) and isinstance(change.get(params.category), str):
                at = jp.join(params.changes, str(index), params.category)
                stated.setdefault(change[params.category], at)
    edition = earlier.document.edition
    for key, value in now.items():
        old = before.get(key)
        if not (is_number(value) and is_number(old)):
            continue
        if earlier.wrong and jp.join(params.ratings, key) in earlier.wrong:
            continue  # last year's rating was found wrong itself: that finding says it
        at = jp.join(params.ratings, key)
        context.read.append(at)
        moved = not equal(old, value)
        if moved and key not in stated:
            context.judge(at)
            yield Violation(
                at,
                f"a stated change from {to_text(old)} to {to_text(value)}",
                value,
                f"edition {edition} rated it {to_text(old)}, and no change is stated",
            )
        elif key in stated:
            context.judge(at, stated[key])
            if not moved:
                yield Violation(
                    stated[key],
                    f"no change ({key} is {to_text(value)} in both editions)",
                    key,
                    f"edition {edition} rated it {to_text(old)} too",
                )
        else:
            context.judge(at)


# the rest of the kind's interface (validator.checks.api.Kind)
WRITES = None  # `fix` writes nothing at its findings
OVER_GROUPS = False
compile_rule = not_compiled
over_run = within_files
describe = undescribed
edges = no_edges
