"""What a check kind sees and what it yields.

A check is a small pure generator: `check(target, params, context)` gets one target (the
pointer and value that the rule's `at` selected), its typed params and read access to the
document, and yields `Violation`s. The engine adds rule id, severity and source position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from validator import pointer as jp
from validator.document import Document
from validator.rulepack.models import Quantity, Table

if TYPE_CHECKING:
    from validator.checks.fast import Compiled

_TEMPLATE = re.compile(r"\{(\$key|[A-Za-z_][A-Za-z0-9_]*)\}")


class Target(NamedTuple):
    """What a rule's `at` selected (a NamedTuple: made once per rule and target, cheaply)."""

    pointer: str
    value: Any


class Edge(NamedTuple):
    """A value where a rule's verdict turns (a band's first and last value, a range's maximum
    and the first value past it, a tolerance's last accepted and first refused offset): the
    rule's cases should hold it, so that a change to the number in the pack fails a case.
    `rules lint --cases` looks for it in the documents of the rule's cases."""

    what: str  # in words, for the warning: "the maximum 100", "'status' row 'Free' from 70"
    value: Any  # a number: the figure's value, or an offset in units of its last digit
    # the figure the value is of: None for the target's own value, else a quantity computed at
    # the target (a band's input); with `offset_of`, the printed value at that pointer minus
    # the quantity's exact value, in units of the printed value's last digit (its magnitude)
    input: Quantity | None = None
    key: str | None = None  # only targets whose last key is this (a per-key maximum)
    offset_of: str | None = None
    accepted: bool = True  # the case must expect the rule silent there (False: reporting)
    # with `label_at`: the label (at that pointer, from the target) the case must give there,
    # in the table's spelling or an alias of it (a band's value, each value it also allows)
    label: Any = None
    label_at: str | None = None


class Violation(NamedTuple):
    pointer: str  # absolute JSON pointer of the offending value
    expected: Any
    actual: Any
    detail: str = ""  # kind-specific words for the message, e.g. "the mean of 7 ratings"


@dataclass
class Context:
    """Read access to one document (and the previous edition's, when the run has it).

    It also keeps what was checked: every pointer a check reads through it goes to `read`;
    a check calls `judge` when it has compared a value with what it should be, and what it
    read for that comparison then counts as checked (`judged`). A check that found an
    input absent and compared nothing judges nothing: its rule was not applicable."""

    document: Document
    tables: dict[str, Table]
    previous: Document | None = None
    data: Any = field(default=None)
    read: list[str] = field(default_factory=list)  # since the engine last cleared it
    # the figures that took part in a comparison: pointers, and patterns (`/ratings/*`) for
    # operands read all at once
    judged: set[str] = field(default_factory=set)
    judgements: int = 0  # comparisons made
    peers: Any = None  # validator.peers.Peers: the run's documents, for rules over a group
    # the figures of the document found wrong by an error (given for a previous edition:
    # a comparison with one of them is left to that finding) and of its previous edition
    wrong: frozenset[str] = frozenset()
    previous_wrong: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.data is None:
            self.data = self.document.data

    def judge(self, *pointers: str) -> None:
        """A comparison was made of the values at `pointers` (besides what was read)."""
        self.judgements += 1
        self.judged.update(pointers)
        self.judged.update(self.read)

    def pointer_for(self, ref: str, target: Target) -> str | None:
        """Absolute pointer of `ref`: "/x" from the root, "x" from the target, `{f}` from the
        target's field f (e.g. `/ratings/{category}`), `{$key}` from the target's own key.
        None when a template field is unusable."""
        if "{" not in ref:  # no template: the common case
            if ref.startswith("/") or ref == "":
                return ref
            return (target.pointer if target.pointer != "/" else "") + "/" + ref
        problem = False

        def fill(match: re.Match[str]) -> str:
            nonlocal problem
            if match.group(1) == "$key":
                return jp.escape(jp.split(target.pointer)[-1]) if target.pointer else ""
            value = target.value.get(match.group(1)) if isinstance(target.value, dict) else None
            if not isinstance(value, str | int) or isinstance(value, bool):
                problem = True
                return ""
            self.read.append(jp.join(target.pointer, match.group(1)))
            return jp.escape(value)

        filled = _TEMPLATE.sub(fill, ref)
        if problem:
            return None
        if filled.startswith("/") or filled == "":
            return filled
        return (target.pointer.rstrip("/") if target.pointer != "/" else "") + "/" + filled

    def values(self, ref: str, target: Target) -> list[tuple[str, Any]]:
        """Every (pointer, value) that `ref` names; a pattern may name several, none if absent."""
        at = self.pointer_for(ref, target)
        if at is None:
            return []
        if jp.has_wildcard(at):
            found = jp.expand(self.data, at)
            self.read.extend(p for p, _ in found)
            return found
        value = jp.resolve(self.data, at)
        if value is jp.MISSING:
            return []
        self.read.append(at)
        return [(at, value)]

    def operand_values(self, ref: str, target: Target) -> list[Any]:
        """The values `ref` names, without their pointers; empty when absent."""
        at = self.pointer_for(ref, target)
        if at is None:
            return []
        if jp.has_wildcard(at):
            found = jp.expand_values(self.data, at)
            if found:
                self.read.append(at)  # the pattern: coverage matches figures against it
            return found
        value = jp.resolve(self.data, at)
        if value is jp.MISSING:
            return []
        self.read.append(at)
        return [value]

    def with_data(self, data: Any) -> Context:
        """The same document with other values (what it read there counts as read here)."""
        return Context(
            self.document,
            self.tables,
            self.previous,
            data,
            self.read,
            self.judged,
            0,
            self.peers,
            self.wrong,
            self.previous_wrong,
        )

    def for_previous(self) -> Context | None:
        """The previous edition, read as the document is (with what was found wrong there)."""
        if self.previous is None:
            return None
        return Context(self.previous, self.tables, None, wrong=self.previous_wrong)

    def read_wrong(self) -> bool:
        """Something read through this context is a figure found wrong (or holds one): a
        comparison with it is that finding's to report, one wrong figure one finding."""
        if not self.wrong:
            return False
        return any(
            at == w or at.startswith(w + "/") or w.startswith(at + "/") or jp.matches(at, w)
            for at in self.read
            for w in self.wrong
        )


class Kind(Protocol):
    """A check-kind module, as registered in `validator.checks.KINDS`: every member is
    declared by every kind (mypy holds each module to this protocol; nothing is looked up
    with a default)."""

    __doc__: str | None  # the kind's documentation page, with an example rule

    @property
    def Params(self) -> type: ...  # the typed parameters (a frozen dataclass)

    # what `fix` may write at a finding: the value the kind expects ("safe": arithmetic on the
    # document's own figures; "unsafe": taken from another document), or nothing (None)
    @property
    def WRITES(self) -> Literal["safe", "unsafe"] | None: ...

    @property
    def COMPARES_EDITIONS(self) -> bool: ...  # it reads the previous edition (context.previous)

    @property
    def OVER_GROUPS(self) -> bool: ...  # it computes over a group of the run's documents

    def check(
        self, target: Target, params: Any, context: Context
    ) -> Iterator[Violation]: ...  # yields what is wrong with one target

    def reads(self, params: Any) -> tuple[str, ...]: ...  # what it reads besides `value`

    # the rule compiled to a closure (validator.checks.fast), or None: the kind's `check`
    # alone judges it
    def compile_rule(self, params: Any, at: str, tables: dict[str, Table]) -> Compiled | None: ...

    # the group it computes over can hold documents of other files (`scope: run`): the
    # run checks it once every file is read
    def over_run(self, params: Any) -> bool: ...

    # what a rule's parameters mean, in sentences for `rules explain` (besides them)
    def describe(self, params: Any) -> list[str]: ...

    # the values where the rule's verdict turns, which its cases should hold (none for a
    # kind whose verdict turns on no number of the pack: a sum, a stated change)
    def edges(self, params: Any, tables: dict[str, Table]) -> list[Edge]: ...


def not_compiled(params: Any, at: str, tables: dict[str, Table]) -> Compiled | None:
    """`compile_rule` of a kind that is never compiled."""
    return None


def no_edges(params: Any, tables: dict[str, Table]) -> list[Edge]:
    """`edges` of a kind whose verdict turns on no number of the pack."""
    return []


def tolerance_edges(value: str, quantity: Quantity) -> list[Edge]:
    """The last accepted and the first refused offset of a comparison with a tolerance (none
    without one; none where the parts were rounded too: the accepted range then depends on
    the document's parts, not on the tolerance alone)."""
    if not quantity.tolerance or quantity.parts_rounded:
        return []
    last = quantity.tolerance
    return [
        Edge(f"a value off by {last} (the tolerance: accepted)", last, quantity, offset_of=value),
        Edge(
            f"a value off by {last + 1} (refused)",
            last + 1,
            quantity,
            offset_of=value,
            accepted=False,
        ),
    ]


def undescribed(params: Any) -> list[str]:
    """`describe` of a kind whose parameters say it all."""
    return []


def within_files(params: Any) -> bool:
    """`over_run` of a kind that reads no document of another file (the previous edition
    aside: the run gives it)."""
    return False


def reads(params: Any) -> tuple[str, ...]:
    """The document values a rule's checks read besides the value they judge: every absolute
    pointer in its params but `value`, templates (`{category}`) read as `*`. A kind whose
    params say it differently defines `reads(params)` itself."""
    found: list[str] = []

    def walk(node: Any, top: bool) -> None:
        if isinstance(node, str):
            if node.startswith("/"):
                found.append(_TEMPLATE.sub("*", node))
        elif isinstance(node, tuple | list):
            for item in node:
                walk(item, False)
        elif is_dataclass(node):
            for f in fields(node):
                if not (top and f.name == "value"):
                    walk(getattr(node, f.name), False)

    walk(params, True)
    return tuple(found)
