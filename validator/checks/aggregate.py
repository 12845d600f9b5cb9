"""aggregate: a stated figure equals a count, share, sum, mean, minimum or maximum over a
group of the run's documents.

The group: the documents of `group.survey` that agree with this document on `group.match`
(pointers read in both) and hold `group.where`, from the same source (`scope: source`, the
default: a workbook's summary sheet describes its own records) or from the whole run
(`scope: run`, each record once, however many sources give it). `of` says what is
computed over the members that also hold `where`: `count`; `share`, that count over the
group's size; `sum`, `mean`, `min` or `max` of `field`.

A stated number is compared at the precision it is printed with: the exact result is
rounded half-up to the decimals the stated figure shows. With `significant`, the stated
figure is read at that many significant digits first, trailing zeros dropped: a spreadsheet
stores a share as a binary fraction and shows 15 digits of it, so 0.43080000000000002 is
the 0.4308 it shows and 0.42564102564102563 the ratio 83/195 at 15 digits. Example (the
ratings workbook's Historical distribution sheet)::

    free-share-differs-from-statuses:
      check: aggregate
      params:
        value: /free/share
        of: share
        where: [{field: /status, equals: Free}]
        group: {survey: fiw, match: [/edition], where: [{field: /territory, not_equals: true}]}
        significant: 15

`of: rank`: the stated rank of this document's `field` among the members (`order`:
descending, the highest first, or ascending), ties sharing a rank (two at 2nd: 1, 2, 2, 4).
With `ties: equals-sign` the index marks a shared rank "=2" (or "2="): a mark without a tie,
or a tie without its mark, is a finding too. Example (a rank among one edition's records)::

    rank-differs-from-scores:
      check: aggregate
      params:
        value: /rank
        of: rank
        field: /overall_score
        ties: equals-sign
        group: {survey: democracy-index, match: [/edition], scope: run}

An empty group (the run lacks the records the figure is about) compares nothing: the
figure stays unchecked, and `check --coverage` lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Literal

from validator import pointer as jp
from validator.arithmetic import exact, is_number, printed_digits, round_half_up, to_text
from validator.checks.api import Context, Target, Violation, not_compiled
from validator.rulepack.models import FORBID_EXTRA, Condition

# It computes over the run's documents (the engine gives them as `context.peers`).
OVER_GROUPS = True


@dataclass(frozen=True)
class Group:
    """Which documents of the run the figure is about."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    survey: str
    match: tuple[str, ...] = ()  # fields the members share with this document (/edition)
    where: tuple[Condition, ...] = ()  # what makes a document a member (countries only)
    scope: Literal["source", "run"] = "source"


@dataclass(frozen=True)
class Params:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    value: str
    of: Literal["count", "share", "sum", "mean", "min", "max", "rank"]
    group: Group
    field: str | None = None  # what sum, mean, min, max and rank are taken of
    where: tuple[Condition, ...] = ()  # the members counted (count, share) or taken
    significant: int | None = None  # compare at no more significant digits than this
    order: Literal["descending", "ascending"] = "descending"  # rank: the highest first
    ties: Literal["plain", "equals-sign"] = "plain"  # rank: how a shared rank is printed


def reads(params: Params) -> tuple[str, ...]:
    """This document's fields that choose the group (the rest is read in the members), and
    for a rank the field ranked."""
    if params.of == "rank" and params.field is not None:
        return (*params.group.match, params.field)
    return params.group.match


def check(target: Target, params: Params, context: Context) -> Iterator[Violation]:
    peers = context.peers
    if peers is None:
        return  # checked alone, without the run: nothing to aggregate over
    keys = []
    for at in params.group.match:
        found = context.values(at, target)
        if not found:
            return
        keys.append(found[0][1])
    group = params.group
    source = context.document.source if group.scope == "source" else None
    at_group = (group.survey, source, group.match, tuple(keys))
    members = peers.members(*at_group, group.where)
    if not members:
        return
    chosen = peers.members(*at_group, group.where + params.where)
    if params.of == "rank":
        yield from _rank(target, params, context, chosen)
        return
    computed = _compute(params, chosen, len(members))
    if computed is None:
        return
    expected, how = computed
    for at, actual in context.values(params.value, target):
        if not is_number(actual):
            continue  # a word where a number belongs: the schema's
        context.judge(at)
        stated, wanted = _at_printed_precision(actual, expected, params.significant)
        if stated != exact(wanted):
            yield Violation(at, to_text(wanted), actual, how)


_RANK = re.compile(r"(=?)(-?\d{1,9})(=?)")


def _rank(
    target: Target, params: Params, context: Context, chosen: list[Any]
) -> Iterator[Violation]:
    """The stated rank against the order of `field` among the members."""
    if params.field is None:
        return
    mine = context.values(params.field, target)
    scores = [jp.resolve(d.data, params.field) for d in chosen]
    if len(mine) != 1 or not is_number(mine[0][1]) or not all(is_number(v) for v in scores):
        return  # a score absent or not a number: the schema's, or nothing to rank
    score = exact(mine[0][1])
    values = [exact(v) for v in scores]
    ahead = sum(v > score if params.order == "descending" else v < score for v in values)
    me = context.document
    tied = sum(v == score for v in values) - any(_same(d, me) for d in chosen)
    rank = ahead + 1
    marked = params.ties == "equals-sign" and tied > 0
    expected = f"={rank}" if marked else str(rank)
    better = "higher" if params.order == "descending" else "lower"
    how = f"{ahead} of {len(values)} records score {better}"
    how += f", {tied} the same" if tied else ""
    for at, actual in context.values(params.value, target):
        written = _RANK.fullmatch(str(actual)) if not isinstance(actual, bool) else None
        if written is None:
            continue  # not a rank: the schema's
        context.judge(at)
        number = int(written.group(2))
        mark = bool(written.group(1) or written.group(3))
        if number != rank or (params.ties == "equals-sign" and mark != marked):
            yield Violation(at, expected, actual, how)


def _same(member: Any, doc: Any) -> bool:
    """The member is this document: itself, or (read back from a run's store, or given by
    another source) the same record."""
    if member is doc:
        return True
    if None not in doc.identity:
        return bool(member.record == doc.record)
    return bool(member.source == doc.source and member.data == doc.data)


def _compute(params: Params, chosen: list[Any], size: int) -> tuple[Fraction, str] | None:
    """The exact result and how it was found, or None when a member's field is unusable."""
    who = f"{params.group.survey.upper()} records"
    if params.of == "count":
        return Fraction(len(chosen)), f"{len(chosen)} of the {size} {who}"
    if params.of == "share":
        return Fraction(len(chosen), size), f"{len(chosen)} of {size} {who}"
    if params.field is None or not chosen:
        return None
    values = [jp.resolve(d.data, params.field) for d in chosen]
    if not all(type(v) is int or is_number(v) for v in values):
        return None
    numbers = [exact(v) for v in values]
    if params.of == "sum":
        result = sum(numbers, Fraction(0))
    elif params.of == "mean":
        result = sum(numbers, Fraction(0)) / len(numbers)
    else:
        result = min(numbers) if params.of == "min" else max(numbers)
    return result, f"the {params.of} of {params.field} over {len(numbers)} {who}"


def _at_printed_precision(
    actual: int | Decimal, expected: Fraction, significant: int | None
) -> tuple[Fraction, Decimal]:
    """The stated and the computed figure, both at the stated figure's decimals. With
    `significant`, the stated figure is first read at that many significant digits, its
    trailing zeros dropped: a spreadsheet's 0.43080000000000002 is the 0.4308 it shows."""
    stated = Decimal(actual)
    if significant is not None and stated != 0:
        shown = max(0, significant - 1 - stated.adjusted())  # decimals of those digits
        stated = round_half_up(exact(stated), shown).normalize()
    digits = printed_digits(stated)
    return exact(stated), round_half_up(expected, digits)


# the rest of the kind's interface (validator.checks.api.Kind)
WRITES = None  # `fix` writes nothing at its findings
COMPARES_EDITIONS = False
compile_rule = not_compiled


def over_run(params: Params) -> bool:
    """A group of the whole run (`scope: run`) holds documents of other files."""
    return params.group.scope == "run"
