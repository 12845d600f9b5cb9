"""The typed rule-pack format: stdlib dataclasses, the single definition of what a pack holds.

`validator.packs.schema_gen` derives `schemas/rule-pack.schema.json` from these classes
with pydantic (the authoring tool); at run time a pack is checked against that schema and
built with `validator.rulepack.build`, so a hook run never pays pydantic's import.
Each check kind's parameters are a dataclass of the same kind in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

from validator import pointer as jp
from validator.arithmetic import equal

# pydantic reads this plain dict: unknown keys in a pack are errors, not silently ignored.
FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}


@dataclass(frozen=True)
class Term:
    """One operand of a sum or mean: a field, optionally signed, defaulted or looked up."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    field: str  # pointer: "/x" from the document root, "x" from the rule's target
    sign: Literal[1, -1] = 1  # -1 subtracts (Add Q)
    default: Decimal | None = None  # the value when the field is absent (else the rule is skipped)
    table: str | None = None  # look the value up in this table first (score -> rating)


@dataclass(frozen=True)
class Step:
    """One arithmetic step applied to an exact intermediate value."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    op: Literal["add", "subtract", "multiply", "divide"]
    by: Decimal


Rounding = Literal["half-up", "half-even", "toward-zero"]


@dataclass(frozen=True)
class Quantity:
    """A value computed from a document: exactly one of `field`, `sum` or `mean`, then steps.

    Intermediates stay exact (fractions); `round` rounds the end result (`rounding`: half-up
    unless said) to that many decimals, or to as many as the compared value shows
    (`as-printed`). How exact the comparison is: `parts_rounded` (the parts as printed were
    rounded from values the publisher kept, each to its last printed digit: every result
    those values could give is accepted) and `tolerance` (that many units of the result's
    last digit either way); the finding then gives the range accepted.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    field: str | None = None
    sum: tuple[str | Term, ...] | None = None
    mean: tuple[str | Term, ...] | None = None
    steps: tuple[Step, ...] = ()
    round: int | Literal["as-printed"] | None = None
    rounding: Rounding = "half-up"
    parts_rounded: bool = False
    tolerance: int = 0

    @property
    def exact(self) -> bool:
        """Compared as one value, not a range."""
        return not self.parts_rounded and not self.tolerance

    @property
    def terms(self) -> tuple[str | Term, ...]:
        if self.field is not None:
            return (self.field,)
        return self.sum or self.mean or ()


@dataclass(frozen=True)
class Row:
    """Values from `min` to `max`, both inclusive, map to `value`; `also` lists other values
    the era accepted for the same input (a case the methodology left to judgement)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    min: Decimal
    max: Decimal
    value: str | int
    also: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Domain:
    """Every value a table must map: `min`, `min + step`, ... `max`."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    min: Decimal
    max: Decimal
    step: Decimal


@dataclass(frozen=True)
class Table:
    """Threshold bands or a lookup table: ordered, non-overlapping rows covering a domain."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    summary: str
    source: str
    domain: Domain
    rows: tuple[Row, ...]
    aliases: dict[str, str] = field(default_factory=dict)  # variant spelling -> row value

    def canonical(self, value: Any) -> Any:
        return self.aliases.get(value, value) if isinstance(value, str) else value

    def find(self, value: Any) -> Row | None:
        for row in self.rows:
            if row.min <= value <= row.max:
                return row
        return None


@dataclass(frozen=True)
class Editions:
    """The editions (publication years) a rule applies to, both inclusive; open when absent."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    first: int | None = None
    last: int | None = None

    def contains(self, edition: int | None) -> bool:
        if edition is None:
            return self.first is None and self.last is None
        return (self.first is None or edition >= self.first) and (
            self.last is None or edition <= self.last
        )


@dataclass(frozen=True)
class Condition:
    """The rule applies only when the field at `field` equals `equals`, or one of `one_of`
    (spellings of the same value), or anything but `not_equals` (absent included), and/or
    is present (`present: true`) or absent (`present: false`)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    field: str
    equals: str | int | bool | None = None
    one_of: tuple[str | int | bool, ...] | None = None
    not_equals: str | int | bool | None = None
    present: bool | None = None

    @property
    def compares(self) -> bool:
        """It reads the field's value (not only whether it is there)."""
        return self.equals is not None or self.one_of is not None or self.not_equals is not None

    def holds(self, data: Any) -> bool:
        """The condition holds for a document's data."""
        return self.holds_for(jp.resolve(data, self.field))

    def holds_for(self, value: Any) -> bool:
        """The condition holds where its field has this value (`jp.MISSING`: absent)."""
        if self.present is not None and (value is not jp.MISSING) != self.present:
            return False
        if self.equals is not None and not equal(self.equals, value):
            return False
        if self.not_equals is not None and equal(self.not_equals, value):
            return False
        return self.one_of is None or any(equal(v, value) for v in self.one_of)


@dataclass(frozen=True)
class Rule:
    """One rule: the problem it finds (its id), where it looks, and the check kind it runs."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    summary: str
    rationale: str
    fix: str
    source: str
    severity: Literal["error", "warning", "info"]
    check: str  # a kind of validator.checks.KINDS; "builtin" for findings the pipeline makes
    at: str = ""  # pointer pattern of the targets, `*` matches any key or index
    params: dict[str, Any] = field(default_factory=dict)
    editions: Editions = Editions()
    when: tuple[Condition, ...] = ()
    message: str | None = None  # template: {actual} {expected} {pointer} {detail}
    # `fix` may write the value this rule expects (where its kind can say one): false for a
    # figure published in its own right, whatever the figures it is compared with
    autofix: bool | None = None


@dataclass(frozen=True)
class RulePackFile:
    """A rule pack as written in rules/<pack>.yaml."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    pack: str
    summary: str
    survey: str | tuple[str, ...] | None = None  # the survey(s) it checks; None: built-in findings

    @property
    def surveys(self) -> tuple[str, ...]:
        if self.survey is None:
            return ()
        return (self.survey,) if isinstance(self.survey, str) else self.survey

    tables: dict[str, Table] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
