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
from validator.arithmetic import (
    PLAIN_KEYS,
    equal,
    exact,
    is_multiple,
    is_number,
    memo_key,
    printed_digits,
    round_to,
)
from validator.checks.quantity import Derived, accepted_from, apply_steps, combine
from validator.rulepack.models import Quantity, Step, Table, Term

# the pointers a rule judged when it holds; None: the interpreter decides
Verdict = tuple[str, ...] | None
# data -> its verdict
Fast = Callable[[Any], Verdict]
# the target's pointer -> the pointer a rule's reference names there
Filler = Callable[[str], str]
# data, the target's pointer, what was read (appended to) -> the operands' values, or None
Collect = Callable[[Any, str, list[str]], list[int | Decimal] | None]
# data, the target's pointer, what was read, the compared value -> the quantity, or _NONE
Evaluate = Callable[[Any, str, list[str], Any], Any]
Targets = Callable[[Any], list[tuple[str, Any]]]

_NONE: Any = object()  # "the quantity cannot be computed" (None is a value a field may hold)
_KEY = "{$key}"

# a column-wise kernel's answer for a row it could not judge (a decimal where it sums whole
# numbers): `Compiled.batch` asks the one-document closure
UNKNOWN: Any = ("?",)
# what `Engine.verdicts` says of a rule whose conditions (`when`), read column-wise, do not
# hold for a document: it does not apply there
EXCLUDED: Any = ("-",)


class Columns:
    """The values of documents of one shape (the same keys everywhere: a table's rows),
    column by column, each column read once for every rule that reads it."""

    def __init__(self, datas: list[Any]) -> None:
        self.datas = datas
        self.read: dict[str, list[Any]] = {}
        self._kinds: dict[str, frozenset[type]] = {}

    def __len__(self) -> int:
        return len(self.datas)

    def kinds(self, pointer: str) -> frozenset[type]:
        """The types of the values at `pointer` (`{int}`: a column of whole numbers, which
        the kernels judge without a test per row)."""
        found = self._kinds.get(pointer)
        if found is None:
            found = self._kinds[pointer] = frozenset(map(type, self(pointer)))
        return found

    def only(self, chosen: list[bool]) -> Columns:
        """The documents chosen, with the columns read so far."""
        part = Columns([data for data, keep in zip(self.datas, chosen, strict=True) if keep])
        for pointer, values in self.read.items():
            part.read[pointer] = [v for v, keep in zip(values, chosen, strict=True) if keep]
        return part

    def __call__(self, pointer: str) -> list[Any]:
        """The value at `pointer` in each document (MISSING in all where the first lacks it:
        they share its shape)."""
        found = self.read.get(pointer)
        if found is None:
            found = self.read[pointer] = self._column(pointer)
        return found

    def _column(self, pointer: str) -> list[Any]:
        datas = self.datas
        path: list[Any] = []
        node = datas[0]
        for segment in jp.split(pointer):  # the keys as the first document holds them
            if isinstance(node, dict) and segment in node:
                path.append(segment)
                node = node[segment]
            elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                path.append(int(segment))
                node = node[int(segment)]
            else:
                return [jp.MISSING] * len(datas)
        if len(path) == 1:
            (a,) = path
            return [data[a] for data in datas]
        if len(path) == 2:
            a, b = path
            return [data[a][b] for data in datas]
        found = []
        for data in datas:
            for key in path:
                data = data[key]
            found.append(data)
        return found


# documents of one shape, column by column -> a verdict per document
Many = Callable[[Columns], list[Verdict]]


class Compiled:
    """A compiled rule: `one` judges a document; `many` (where the kind has a column-wise
    form) judges documents of one shape at once, their values read column by column (the
    rows of a table); a row it cannot judge so (a decimal, a word) is judged by `one`."""

    __slots__ = ("many", "one")

    def __init__(self, one: Fast, many: Many | None = None) -> None:
        self.one, self.many = one, many

    def __call__(self, data: Any) -> Verdict:
        return self.one(data)

    def batch(self, columns: Columns) -> list[Verdict]:
        """A verdict per document, all of one shape; a closure that raises defers to the
        interpreter (None), as the engine's call of `one` does."""
        verdicts: list[Verdict] | None = None
        if self.many is not None:
            try:
                verdicts = self.many(columns)
            except Exception:  # a shape the kernel did not foresee
                verdicts = None
        if verdicts is None:
            verdicts = [UNKNOWN] * len(columns)
        datas = columns.datas
        for index, verdict in enumerate(verdicts):
            if verdict is UNKNOWN:
                try:
                    verdicts[index] = self.one(datas[index])
                except Exception:
                    verdicts[index] = None
        return verdicts


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


def _one(data: Any, ref: str) -> Any:
    """The one value a pointer names (`_NONE` for a pattern, or where there is none)."""
    if jp.has_wildcard(ref):
        return _NONE
    value = jp.resolve(data, ref)
    return _NONE if value is jp.MISSING else value


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
            value = _one(data, ref)
            if value is not _NONE:
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


def _each(
    at: str, ref: str, holds: Holds, q: Quantity, many: Many | None = None
) -> Compiled | None:
    """The rule over its targets: it holds when, at every target, the compared value is
    there and `holds`; the pointers judged are each target's value and what was read.
    Column-wise, `many` when given, else `_recalled`: one verdict per distinct row."""
    select, fill = targets(at), filler(ref)
    if select is None or fill is None or jp.has_wildcard(ref):
        return None
    operand_fills = [filler(t if isinstance(t, str) else t.field) for t in q.terms]

    def fast(data: Any) -> tuple[str, ...] | None:
        judged: list[str] = []
        for pointer, _ in select(data):
            where = fill(pointer)
            actual = _one(data, where)
            if actual is _NONE:
                return None
            read = [where]
            if not holds(data, pointer, actual, read):
                return None
            judged.extend(read)
        return tuple(judged) if judged else None

    def reads(first: Any) -> list[str] | None:
        """Every value the rule can read in documents of the first one's shape."""
        found = []
        for pointer, _ in select(first):
            found.append(fill(pointer))
            for operand in operand_fills:
                if operand is None:
                    return None
                part = operand(pointer)
                if jp.has_wildcard(part):
                    found.extend(at for at, _ in jp.expand(first, part))
                else:
                    found.append(part)
        return found

    return Compiled(fast, many or _recalled(fast, reads))


_INT = frozenset({int})


def _recalled(fast: Fast, reads: Callable[[Any], list[str] | None]) -> Many:
    """Column-wise by recall: a rule's verdict is a function of the values it can read, so
    rows of one shape that hold the same values (a score and its rating: a few dozen
    pairs in 2,515 rows) are judged once."""

    def many(columns: Columns) -> list[Verdict]:
        datas = columns.datas
        pointers = reads(datas[0])
        if pointers is None:
            return [UNKNOWN] * len(datas)
        rows = zip(*map(columns, pointers), strict=True) if pointers else [()] * len(datas)
        plain = all(columns.kinds(p) <= PLAIN_KEYS for p in pointers)
        seen: dict[tuple[Any, ...], Verdict] = {}
        verdicts: list[Verdict] = []
        for data, row in zip(datas, rows, strict=True):
            key = row if plain else tuple(map(memo_key, row))
            if key in seen:
                verdicts.append(seen[key])
            else:
                verdict = seen[key] = fast(data)
                verdicts.append(verdict)
        return verdicts

    return many


def compare(at: str, ref: str, q: Quantity, tables: dict[str, Table]) -> Compiled | None:
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

        return _each(at, ref, ranged, q)
    evaluate = quantity(q, tables)
    if evaluate is None:
        return None

    def exactly(data: Any, pointer: str, actual: Any, read: list[str]) -> bool:
        expected = evaluate(data, pointer, read, actual)
        return expected is not _NONE and expected is not None and equal(expected, actual)

    plain_sum = q.sum is not None and not q.steps and q.round is None
    return _each(at, ref, exactly, q, _sums(at, ref, q.sum) if plain_sum and q.sum else None)


def _sums(at: str, ref: str, terms: tuple[str | Term, ...]) -> Many | None:
    """An exact sum column-wise: per target (found in the first document; the others have
    its shape), the total's column against the sum of the parts' columns, row by row, for
    rows of whole numbers (any other row is judged by the one-document closure)."""
    select, fill = targets(at), filler(ref)
    fills: list[tuple[Filler, Term | None]] = []
    for term in terms:
        fill_term = filler(term if isinstance(term, str) else term.field)
        if fill_term is None or (not isinstance(term, str) and term.table is not None):
            return None
        fills.append((fill_term, None if isinstance(term, str) else term))
    if select is None or fill is None:
        return None

    def pointers(data: Any, ref: str) -> list[str]:
        if jp.has_wildcard(ref):
            return [pointer for pointer, _ in jp.expand(data, ref)]
        return [] if jp.resolve(data, ref) is jp.MISSING else [ref]

    def many(columns: Columns) -> list[Verdict]:
        first = columns.datas[0]
        none: list[Verdict] = [UNKNOWN] * len(columns)
        held = [True] * len(columns)
        whole = [True] * len(columns)  # rows of whole numbers: judged here
        judged: list[str] = []
        for pointer, _ in select(first):
            where = fill(pointer)
            if jp.has_wildcard(where) or jp.resolve(first, where) is jp.MISSING:
                return none
            read = [where]
            plus: list[str] = []
            minus: list[str] = []
            constant = 0
            for fill_term, term in fills:
                part = fill_term(pointer)
                found = pointers(first, part)
                if found:
                    read.append(part)
                    (minus if term is not None and term.sign == -1 else plus).extend(found)
                elif term is None or term.default is None or term.default != int(term.default):
                    return none
                else:
                    constant += int(term.default) * term.sign
            judged.extend(read)
            split = len(plus) + 1
            if all(columns.kinds(p) == _INT for p in (where, *plus, *minus)):
                # columns of whole numbers: summed row by row in C, no test per cell
                added = (
                    [sum(row) for row in zip(*map(columns, plus), strict=True)] if plus else None
                )
                taken = (
                    [sum(row) for row in zip(*map(columns, minus), strict=True)] if minus else None
                )
                for index, total in enumerate(columns(where)):
                    expected = constant
                    if added is not None:
                        expected += added[index]
                    if taken is not None:
                        expected -= taken[index]
                    if total != expected:
                        held[index] = False
                continue
            for index, row in enumerate(zip(*map(columns, (where, *plus, *minus)), strict=True)):
                if not whole[index]:
                    continue
                if all(type(v) is int for v in row):
                    held[index] = held[index] and (
                        row[0] == sum(row[1:split]) - sum(row[split:]) + constant
                    )
                else:
                    whole[index] = False
        verdict = tuple(judged) if judged else None
        return [
            (verdict if ok else None) if known else UNKNOWN
            for ok, known in zip(held, whole, strict=True)
        ]

    return many


def classify(
    at: str, ref: str, q: Quantity, table_name: str, tables: dict[str, Table]
) -> Compiled | None:
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

    return _each(at, ref, holds, q)


def formula(
    at: str,
    ref: str,
    q: Quantity,
    steps: tuple[Step, ...],
    digits: int | str,
    rounding: Any,
    tables: dict[str, Table],
) -> Compiled | None:
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

    return _each(at, ref, holds, q)


def in_range(
    at: str,
    low: Decimal,
    high: Decimal,
    step: Decimal | None,
    maxima: dict[str, Decimal] | None,
    labels: tuple[str, ...] | None = None,
) -> Compiled | None:
    """`checks.range_step` for numbers and the words it accepts in place of one (`labels`:
    `N/A`); any other word is the interpreter's."""
    select = targets(at)
    if select is None:
        return None
    # a whole number on a grid of whole steps of 1 from a whole minimum is on the grid
    whole_grid = step is not None and step == 1 and low == int(low)

    def on_grid(value: int | Decimal) -> bool:
        if step is None or (whole_grid and type(value) is int):
            return True
        return is_multiple(value - low, step)

    def top(pointer: str) -> Decimal:
        return high if maxima is None else maxima.get(jp.split(pointer)[-1], high)

    def one(data: Any) -> Verdict:
        judged = []
        for pointer, value in select(data):
            if type(value) is str and labels is not None and value in labels:
                judged.append(pointer)
                continue
            if type(value) is not int and not is_number(value):
                return None
            if not low <= value <= top(pointer) or not on_grid(value):
                return None
            judged.append(pointer)
        return tuple(judged) if judged else None

    def many(columns: Columns) -> list[Verdict]:
        pointers = tuple(pointer for pointer, _ in select(columns.datas[0]))
        if not pointers:
            return [None] * len(columns)
        held = [True] * len(columns)
        whole = [True] * len(columns)  # rows of whole numbers: judged here
        for pointer in pointers:
            highest = top(pointer)
            values = columns(pointer)
            if (whole_grid or step is None) and columns.kinds(pointer) == _INT:
                if not low <= min(values) or not max(values) <= highest:
                    held = [a and low <= v <= highest for a, v in zip(held, values, strict=True)]
                continue  # a column of whole numbers within the range (and on its grid)
            if whole_grid or step is None:
                fits = [type(v) is int and low <= v <= highest for v in values]
            else:
                fits = [type(v) is int and low <= v <= highest and on_grid(v) for v in values]
            if labels is not None and str in columns.kinds(pointer):  # `N/A` accepted
                fits = [
                    ok or (type(v) is str and v in labels)
                    for ok, v in zip(fits, values, strict=True)
                ]
                known = [type(v) is int or type(v) is str for v in values]
            else:
                known = [type(v) is int for v in values]
            held = [a and b for a, b in zip(held, fits, strict=True)]
            whole = [a and b for a, b in zip(whole, known, strict=True)]
        return [
            (pointers if ok else None) if known else UNKNOWN
            for ok, known in zip(held, whole, strict=True)
        ]

    return Compiled(one, many)
