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
descending, the highest first, or ascending). Equal scores are ranked as the publisher
does (`ties`):

- `shared` (the default; `plain` is the same): equals share a rank, the next rank skips
  (9.75, 9.18, 9.18, 8.00 rank 1, 2, 2, 4);
- `equals-sign`: shared, and marked "=2" (or "2="): a mark without a tie, or a tie without
  its mark, is a finding too;
- `distinct`: every record its own rank, equals in any order among themselves (9.18 and
  9.18 rank 2 and 3, either way round); a rank printed twice among equals is a finding.

A rank may be printed as an ordinal ("38th"); the finding then says the rank the same way.
`tie_break`: a field that orders equals first (the unrounded score a publisher ranks by
when it prints rounded ones); only records equal on both are ties. Example (a rank among
one edition's records)::

    rank-differs-from-scores:
      check: aggregate
      params:
        value: /rank
        of: rank
        field: /overall_score
        ties: distinct
        group: {survey: democracy-index, match: [/edition], scope: run}

An empty group (the run lacks the records the figure is about) compares nothing: the
figure stays unchecked, and `check --coverage` lists it. So does a group the run holds in
part: with `group.size` (a number, or a pointer to the figure each document states, such as
"of 180"), a group with fewer members; without it, a rank group in which half or more of the
printed ranks are beyond the number of its members (a pre-commit hook that checks the two
files changed out of an edition of 180).
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
from validator.checks.api import Context, Target, Violation, no_edges, not_compiled
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
    # how many records the whole group holds: a number, or a pointer to the figure each
    # document states ("rank 12 of 180"); a run with fewer members holds the group in part
    size: int | str | None = None


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
    # rank: how equal scores are ranked (see the module's documentation)
    ties: Literal["shared", "plain", "equals-sign", "distinct"] = "shared"
    tie_break: str | None = None  # rank: a field that orders equal scores first


def reads(params: Params) -> tuple[str, ...]:
    """This document's fields that choose the group (the rest is read in the members), and
    for a rank the field ranked."""
    if params.of == "rank" and params.field is not None:
        extra = (params.tie_break,) if params.tie_break else ()
        return (*params.group.match, params.field, *extra)
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
    if not members or _partial(params, context, target, members):
        return  # nothing, or part of the group: nothing compared, the figure unchecked
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


# a printed rank: "2", "=2", "2=", or an ordinal "2nd" (its suffix must be the number's)
_RANK = re.compile(r"(=?)(-?\d{1,9})(st|nd|rd|th)?(=?)", re.IGNORECASE)


def _partial(params: Params, context: Context, target: Target, members: list[Any]) -> bool:
    """The run holds part of the group: fewer members than `group.size` says, or (a rank
    without `size`) most printed ranks beyond the number of members."""
    size = params.group.size
    if isinstance(size, str):
        stated = context.values(size, target)
        size = stated[0][1] if stated and type(stated[0][1]) is int else None
    if isinstance(size, int):
        return len(members) < size
    if params.of != "rank" or not params.value.startswith("/"):
        return False
    beyond = 0
    for member in members:
        written = _written_rank(jp.resolve(member.data, params.value))
        beyond += written is not None and written[0] > len(members)
    return 2 * beyond >= len(members)


def _written_rank(value: Any) -> tuple[int, bool] | None:
    """A printed rank: its number, and whether it is marked as shared ("=2", "2=")."""
    if isinstance(value, bool) or value is jp.MISSING:
        return None
    written = _RANK.fullmatch(str(value))
    if written is None:
        return None
    number, suffix = int(written.group(2)), written.group(3)
    if suffix is not None and suffix.lower() != _ordinal(number):
        return None  # "2th": no rank as English writes one (the schema's to say)
    return number, bool(written.group(1) or written.group(4))


def _ordinal(number: int) -> str:
    """The English ordinal suffix: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _as_written(number: int, like: Any) -> str:
    """A rank written as the document writes its own (an ordinal "38th", or "38")."""
    written = _RANK.fullmatch(str(like))
    return f"{number}{_ordinal(number)}" if written and written.group(3) else str(number)


def _rank(
    target: Target, params: Params, context: Context, chosen: list[Any]
) -> Iterator[Violation]:
    """The stated rank against the order of `field` (then `tie_break`) among the members."""
    if params.field is None:
        return
    fields = (params.field, params.tie_break) if params.tie_break else (params.field,)
    mine = [context.values(at, target) for at in fields]
    if any(len(found) != 1 or not is_number(found[0][1]) for found in mine):
        return  # a score absent or not a number: the schema's, or nothing to rank
    key = tuple(exact(found[0][1]) for found in mine)
    keys = [tuple(jp.resolve(d.data, at) for at in fields) for d in chosen]
    if not all(is_number(v) for k in keys for v in k):
        return
    exact_keys = [tuple(exact(v) for v in k) for k in keys]
    me = context.document
    descending = params.order == "descending"
    ahead = sum(k > key if descending else k < key for k in exact_keys)
    equals = [d for d, k in zip(chosen, exact_keys, strict=True) if k == key and not _same(d, me)]
    tied = len(equals)
    better = "higher" if descending else "lower"
    how = f"{ahead} of {len(exact_keys)} records score {better}"
    how += f", {tied} the same" if tied else ""
    rank = ahead + 1
    distinct = params.ties == "distinct"
    marked = params.ties == "equals-sign" and tied > 0
    for at, actual in context.values(params.value, target):
        written = _written_rank(actual)
        if written is None:
            continue  # not a rank: the schema's
        if distinct and tied:
            expected = f"{_as_written(rank, actual)} to {_as_written(rank + tied, actual)}"
        else:
            expected = ("=" if marked else "") + _as_written(rank, actual)
        context.judge(at)
        number, mark = written
        if distinct:
            twice = [d for d in equals if _written_rank(_printed(d, at, params)) == written]
            if not rank <= number <= rank + tied or mark:
                yield Violation(at, expected, actual, how)
            elif twice:
                yield Violation(at, expected, actual, f"{how}; rank {number} is printed twice")
        elif number != rank or (params.ties == "equals-sign" and mark != marked):
            yield Violation(at, expected, actual, how)


def _printed(member: Any, at: str, params: Params) -> Any:
    """The rank a member prints (at the rule's `value`; `at` when that is a template)."""
    return jp.resolve(member.data, params.value if params.value.startswith("/") else at)


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


_TIES = {
    "shared": "equal scores share a rank, the next rank skips (1, 2, 2, 4)",
    "plain": "equal scores share a rank, the next rank skips (1, 2, 2, 4)",
    "equals-sign": 'equal scores share a rank marked "=2" (or "2="), the next rank skips',
    "distinct": "every record its own rank, equal scores in any order among themselves",
}


def describe(params: Params) -> list[str]:
    """How ranks are compared, and when a group is held in part."""
    if params.of != "rank":
        return []
    said = [f"Ties: {_TIES[params.ties]}"]
    if params.tie_break:
        said.append(f"Tie-break: equal scores are ordered by {params.tie_break} first")
    size = params.group.size
    if size is None:
        said.append(
            "Part of a group: not judged when half or more of its printed ranks are beyond "
            "the records the run holds"
        )
    else:
        said.append(f"Part of a group: not judged when the run holds fewer records than {size}")
    return said


edges = no_edges  # a count or share turns on the run's documents, not on a number of the pack
