"""A canonical report document: one survey, country and edition, with its source map."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from validator import pointer as jp
from validator.source_map import SourceMap

if TYPE_CHECKING:
    from validator.suppressions import Suppression


@dataclass
class Document:
    source: str
    data: dict[str, Any]
    source_map: SourceMap = field(default_factory=SourceMap)
    suppressions: list[Suppression] = field(default_factory=list)  # inline, YAML comments
    # pointers the source already reported as errors (a duplicate key, a number out of
    # bounds): no schema keyword or rule reports them again
    flagged: tuple[str, ...] = ()
    # the layout of its fields, when the source knows it (a table's rows that fill the same
    # cells): documents of one shape are judged column-wise (Engine.verdicts)
    shape: Hashable | None = None
    # the layout it was read in, where the source has several (a report page's, a table's)
    layout: str | None = None

    @property
    def survey(self) -> str | None:
        value = self.data.get("survey")
        return value if isinstance(value, str) else None

    @property
    def country(self) -> str | None:
        value = self.data.get("country")
        return value if isinstance(value, str) else None

    @property
    def edition(self) -> int | None:
        value = self.data.get("edition")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def identity(self) -> tuple[str | None, str | None, int | None]:
        return (self.survey, self.country, self.edition)

    @property
    def record(self) -> tuple[str | None, str | None, int | None]:
        """The identity with the country's key (rules/names/countries.yaml): documents of one
        record under two spellings of the country's name have the same record. Worked out
        once: a document's identity does not change once it is read."""
        found: tuple[str | None, str | None, int | None] | None = self.__dict__.get("_record")
        if found is None:
            from validator.names import country_key  # it reads rules/, which read sources

            survey, country, edition = self.identity
            found = (survey, None if country is None else country_key(country), edition)
            self.__dict__["_record"] = found
        return found


# The fields that name the record: every document has them, whatever its survey.
IDENTITY = frozenset({"/survey", "/country", "/edition"})
ROLES = ("provenance", "prose", "convention")  # the values of a schema's `x-role`


@dataclass(frozen=True)
class Roles:
    """What a survey's fields are besides figures, as its schema marks them (`x-role`):
    provenance says where a record came from, not what it says (`/source`); prose is free
    text a transcription may shorten (`/changes/*/reason`); a convention says how a record
    is written, so two documents that differ there are two representations (NIT on the
    original and the modern scale), not two claims (`/scale`). Pointers may be patterns."""

    provenance: tuple[str, ...] = ()
    prose: tuple[str, ...] = ()
    conventions: tuple[str, ...] = ()

    @cached_property
    def not_figures(self) -> frozenset[str]:
        """The plain pointers (no pattern) that are no figures: identity and the roles."""
        marked = (*self.provenance, *self.prose, *self.conventions)
        return IDENTITY | frozenset(at for at in marked if not jp.has_wildcard(at))

    @cached_property
    def patterns(self) -> tuple[str, ...]:
        """The patterns that are no figures."""
        marked = (*self.provenance, *self.prose, *self.conventions)
        return tuple(at for at in marked if jp.has_wildcard(at))

    @cached_property
    def _aside(self) -> tuple[frozenset[str], tuple[str, ...]]:
        marked = (*self.provenance, *self.prose)
        plain = frozenset(at for at in marked if not jp.has_wildcard(at))
        return plain, tuple(at for at in marked if jp.has_wildcard(at))

    def aside(self, at: str) -> bool:
        """Left out when two documents of a record are compared: provenance and prose."""
        plain, patterns = self._aside
        return at in plain or any(jp.matches(p, at) for p in patterns)


NO_ROLES = Roles()


def leaves(data: Any, at: str = "") -> dict[str, Any]:
    """Every scalar of a document by its JSON pointer (lists and mappings walked)."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {at: data}
    found: dict[str, Any] = {}
    for key, value in items:
        found.update(leaves(value, jp.join(at, key)))
    return found


def representation(doc: Document, roles: Roles = NO_ROLES) -> tuple[Any, ...]:
    """The record a document gives and how it writes it (its conventions): documents with
    the same representation make the same claims, figure for figure."""
    return (doc.record, *(hashable(jp.resolve(doc.data, at)) for at in roles.conventions))


def hashable(value: Any) -> Any:
    """The value as a key: a list or mapping where a convention is expected (an error the
    schema reports) by its text."""
    return value if isinstance(value, Hashable) else repr(value)


def differing(first: Document, second: Document, roles: Roles = NO_ROLES) -> list[str]:
    """Pointers both documents give, with different values (the figures two sources of the
    same record disagree on); provenance and free text aside, nothing when the conventions
    differ."""
    a, b = leaves(first.data), leaves(second.data)
    if any(a.get(at) != b.get(at) for at in roles.conventions):
        return []
    return sorted(
        at
        for at in a.keys() & b.keys()
        if at not in IDENTITY  # the same record: the name may be spelled two ways
        and not _same(a[at], b[at])
        and not roles.aside(at)
    )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


_LIST = object()  # marks a list in a shape (no key of a document is this object)


def shape_of(node: dict[str, Any]) -> tuple[Any, ...]:
    """The keys of a document's data, nested, in order (values left out): documents of one
    shape hold the same fields in the same places, whatever their values."""
    return tuple(
        [
            (key, _nested(value)) if type(value) in (dict, list) else key
            for key, value in node.items()
        ]
    )


def _nested(node: Any) -> tuple[Any, ...]:
    if type(node) is dict:
        return shape_of(node)
    return (_LIST, *(_nested(v) if type(v) in (dict, list) else None for v in node))
