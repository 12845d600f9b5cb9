"""Rules compiled when their pack loads: a closure per rule, specialised to its pointers,
operands and arithmetic, that answers one question fast: does the rule hold on this
document?

A compiled rule takes a document's data and returns the pointers it judged (what the
interpreter's `Context.judged` would hold: the value compared and what was read for it) when
the rule compared something and found nothing wrong; None in every other case (a value
wrong, an operand absent or not a number, a shape it was not compiled for), and the engine
then runs the kind's `check`, the reference interpreter, which finds and explains. So the
interpreter alone decides every finding, and the compiled path only ever skips work whose
outcome is "passed". The arithmetic is the interpreter's own (`quantity.combine`,
`quantity.accepted_from`, `Derived.accepts`); what is compiled away is the generic pointer
handling, the per-target context and the generators. `tests/test_compiled.py` holds the two
to the same findings, outcomes and figure coverage on random documents of every survey.

Compiled: pointers that are absolute, with no template or the target's own key (`{$key}`);
a rule with any other (`{category}`, a pointer relative to its target) is left to the
interpreter, as are the kinds without a `compile_rule`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from validator import pointer as jp
from validator.arithmetic import equal, exact, is_multiple, is_number, printed_digits, round_to
from validator.quantity import Derived, accepted_from, apply_steps, combine
from validator.rulepack.models import Quantity, Step, Table, Term

# data -> the pointers judged when the rule holds, or None: the interpreter decides
Fast = Callable[[Any], tuple[str, ...] | None]
# the target's pointer -> the pointer a rule's reference names there
Filler = Callable[[str], str]
# data, the target's pointer, what was read (appended to) -> the operands' values, or None
Collect = Callable[[Any, str, list[str]], list[int | Decimal] | None]
# data, the target's pointer, what was read, the compared value -> the quantity, or _NONE
Evaluate = Callable[[Any, str, list[str], Any], Any]
Targets = Callable[[Any], list[tuple[str, Any]]]

_NONE: Any = object()  # "the quantity cannot be computed" (None is a value a field may hold)
_KEY = "{$key}"


def filler(ref: str | None) -> Filler | None:
    """How a reference becomes a pointer at a target, as `Context.pointer_for` does it, for
    the references compiled: absolute, with no template or the target's own key (`{$key}`);
    None for any other (a field's value in a template, a pointer relative to the target)."""
    if not isinstance(ref, str) or not ref.startswith("/"):
        return None
    if "{" not in ref:
        return lambda pointer: ref
    if ref.replace(_KEY, "").count("{"):
        return None
    return lambda pointer: ref.replace(_KEY, jp.escape(jp.split(pointer)[-1]) if pointer else "")


def targets(at: str) -> Targets | None:
    """What a rule's `at` selects, as the engine's `_targets`; None for a template."""
    if at in ("", "/"):
        return lambda data: [("", data)]
    if "{" in at or not at.startswith("/"):
        return None
    return lambda data: jp.expand(data, at)


def _found(data: Any, ref: str) -> list[Any]:
    """The values a pointer or pattern names, as `Context.operand_values`."""
    if jp.has_wildcard(ref):
        return jp.expand_values(data, ref)
    value = jp.resolve(data, ref)
    return [] if value is jp.MISSING else [value]


def operands(terms: tuple[str | Term, ...], tables: dict[str, Table]) -> Collect | None:
    """`quantity.operands` specialised to its terms; None when a term is not compiled."""
    compiled: list[tuple[Filler, Term | None, Table | None]] = []
    for term in terms:
        fill = filler(term if isinstance(term, str) else term.field)
        if fill is None:
            return None
        table = None
        if not isinstance(term, str) and term.table is not None:
            table = tables.get(term.table)
            if table is None:
                return None
        compiled.append((fill, None if isinstance(term, str) else term, table))

    def collect(data: Any, at: str, read: list[str]) -> list[int | Decimal] | None:
        values: list[int | Decimal] = []
        for fill, term, table in compiled:
            ref = fill(at)
            found = _found(data, ref)
            if term is None:
                if not found or not all(type(v) is int or is_number(v) for v in found):
                    return None
                read.append(ref)
                values.extend(found)
                continue
            if found:
                read.append(ref)
            elif term.default is None:
                return None
            else:
                found = [term.default]
            for value in found:
                if type(value) is not int and not is_number(value):
                    return None
                if table is not None:
                    row = table.find(value)
                    if row is None or not is_number(row.value):
                        return None
                    value = row.value
                values.append(value * term.sign)
        return values

    return collect


def quantity(q: Quantity, tables: dict[str, Table]) -> Evaluate | None:
    """`quantity.evaluate` specialised to one quantity."""
    if q.field is not None and not q.steps and q.round is None:
        fill = filler(q.field)
        if fill is None or jp.has_wildcard(q.field):
            return None

        def as_printed(data: Any, at: str, read: list[str], compared: Any) -> Any:
            ref = fill(at)
            if jp.has_wildcard(ref):
                return _NONE
            value = jp.resolve(data, ref)
            if value is jp.MISSING:
                return _NONE
            read.append(ref)
            return value

        return as_printed
    collect = operands(q.terms, tables)
    if collect is None:
        return None

    def computed(data: Any, at: str, read: list[str], compared: Any) -> Any:
        values = collect(data, at, read)
        if not values:
            return _NONE
        return combine(q, values, compared)

    return computed


# one target: data, its pointer, the compared value, what was read -> whether it holds
Holds = Callable[[Any, str, Any, list[str]], bool]


def _each(at: str, ref: str, holds: Holds) -> Fast | None:
    """The rule over its targets: it holds when, at every target, the compared value is
    there and `holds`; the pointers judged are each target's value and what was read."""
    select, fill = targets(at), filler(ref)
    if select is None or fill is None or jp.has_wildcard(ref):
        return None

    def fast(data: Any) -> tuple[str, ...] | None:
        judged: list[str] = []
        for pointer, _ in select(data):
            where = fill(pointer)
            if jp.has_wildcard(where):
                return None
            actual = jp.resolve(data, where)
            if actual is jp.MISSING:
                return None
            read = [where]
            if not holds(data, pointer, actual, read):
                return None
            judged.extend(read)
        return tuple(judged) if judged else None

    return fast


def compare(at: str, ref: str, q: Quantity, tables: dict[str, Table]) -> Fast | None:
    """`checks.compare.compare`: a field against a computed quantity."""
    if not q.exact:
        collect = operands(q.terms, tables)
        if collect is None:
            return None

        def ranged(data: Any, pointer: str, actual: Any, read: list[str]) -> bool:
            values = collect(data, pointer, read)
            if not values:
                return False
            bounds = accepted_from(q, values, actual)
            return bounds is not None and bounds.holds(actual)

        return _each(at, ref, ranged)
    evaluate = quantity(q, tables)
    if evaluate is None:
        return None

    def exactly(data: Any, pointer: str, actual: Any, read: list[str]) -> bool:
        expected = evaluate(data, pointer, read, actual)
        return expected is not _NONE and expected is not None and equal(expected, actual)

    return _each(at, ref, exactly)


def classify(
    at: str, ref: str, q: Quantity, table_name: str, tables: dict[str, Table]
) -> Fast | None:
    """`checks.classify.compare_class`: a field against the table's row for a quantity."""
    table = tables.get(table_name)
    evaluate = quantity(q, tables)
    if table is None or evaluate is None:
        return None

    def holds(data: Any, pointer: str, actual: Any, read: list[str]) -> bool:
        value = evaluate(data, pointer, read, None)
        if value is _NONE or not (is_number(value) or isinstance(value, Fraction)):
            return False
        row = table.find(value)
        return row is not None and Derived(value, table, row).accepts(actual)

    return _each(at, ref, holds)


def formula(
    at: str,
    ref: str,
    q: Quantity,
    steps: tuple[Step, ...],
    digits: int | str,
    rounding: Any,
    tables: dict[str, Table],
) -> Fast | None:
    """`checks.linear_formula` in its exact form (a ranged input is the interpreter's)."""
    evaluate = quantity(q, tables)
    if evaluate is None or not q.exact:
        return None

    def holds(data: Any, pointer: str, actual: Any, read: list[str]) -> bool:
        value = evaluate(data, pointer, read, None)
        if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
            return False
        places = digits
        if places == "as-printed":
            if not is_number(actual):
                return False
            places = printed_digits(actual)
        assert isinstance(places, int)
        return equal(round_to(apply_steps(exact(value), steps), places, rounding), actual)

    return _each(at, ref, holds)


def in_range(
    at: str,
    low: Decimal,
    high: Decimal,
    step: Decimal | None,
    maxima: dict[str, Decimal] | None,
) -> Fast | None:
    """`checks.range_step` for numbers (a word in place of one is the interpreter's)."""
    select = targets(at)
    if select is None:
        return None

    def fast(data: Any) -> tuple[str, ...] | None:
        judged = []
        for pointer, value in select(data):
            if type(value) is not int and not is_number(value):
                return None
            top = high if maxima is None else maxima.get(jp.split(pointer)[-1], high)
            if not low <= value <= top:
                return None
            if step is not None and not is_multiple(value - low, step):
                return None
            judged.append(pointer)
        return tuple(judged) if judged else None

    return fast
