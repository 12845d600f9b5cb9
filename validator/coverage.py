"""Figure coverage: which figures of each document some rule compared, and which none did.

Like code coverage for data: a figure (a number or a label a document states) counts as
checked when a rule that ran read it for a comparison (the value it judged, or an operand
of what it computed). A rule that could not compare (an input absent, another edition's
rule, a `--select` that left it out) checks nothing, and the figures only it would have
read are listed as unchecked, with where they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from validator import pointer as jp
from validator.arithmetic import to_text
from validator.document import NO_ROLES, Document, Roles, shape_of


@dataclass(frozen=True, order=True)
class Unchecked:
    """A figure no rule compared, where it is."""

    source: str
    line: int
    column: int
    pointer: str
    value: str
    survey: str | None = None
    country: str | None = None
    edition: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The figure in the JSON outputs' field order (this class's)."""
        return asdict(self)


def figures(doc: Document, roles: Roles = NO_ROLES) -> dict[str, Any]:
    """The figures a document states, by pointer: every number and label but what names
    the record (survey, country, edition), says where it came from or how it is written,
    and free text (its survey's `roles`)."""
    return _stated(doc, roles)[0]


def _stated(doc: Document, roles: Roles) -> tuple[dict[str, Any], tuple[Any, ...] | None]:
    """`figures`, and the shape whose places they were found at (None: the data was
    walked)."""
    shape = _shape(doc)
    if shape is not None:  # where its shape's figures may be, worked out once
        found = _figures_by_shape(doc, shape, roles)
        if found is not None:
            return found, shape
    walked: dict[str, Any] = {}
    _walk(doc.data, "", walked, roles.not_figures, roles.patterns)
    return walked, None


def _shape(doc: Document) -> tuple[Any, ...] | None:
    """The shape a document's figures are found by: its source's (a table's row, with its
    layout), else its data's keys, nested (`shape_of`); None for data nested past what
    Python can walk (then it is walked as far as it goes, as before)."""
    if doc.shape is not None:
        return ("source", doc.shape, doc.layout)
    try:
        return ("data", shape_of(doc.data))
    except RecursionError:
        return None


# where the figures of documents of one shape (the rows of a table that fill the same
# cells, `Document.shape`; documents whose data have the same keys, nested) may be:
# (pointer, the keys to it), in the order of the walk; and of those, the ones a set of
# pointers judged names. Both are forgotten once they hold PLACES places (a table whose
# rows each fill other cells has as many shapes as rows; a document of a million values
# is a shape of a million places)
Places = tuple[tuple[str, tuple[Any, ...]], ...]
_PLACES: dict[tuple[Any, ...], Places] = {}
_COVERED: dict[tuple[Any, ...], frozenset[str]] = {}
PLACES = 131_072
_held = [0]  # places held by both


def _keep(size: int) -> bool:
    """Room for `size` more places (made by forgetting all when there is none); False
    for more than the whole budget (that document is walked)."""
    if size > PLACES:
        return False
    if _held[0] + size > PLACES:
        _PLACES.clear()
        _COVERED.clear()
        _held[0] = 0
    _held[0] += size
    return True


def _figures_by_shape(doc: Document, shape: Any, roles: Roles) -> dict[str, Any] | None:
    """`figures` of a document by its shape's places; None where the data does not have
    the shape its source claims (then it is walked)."""
    key = (shape, roles)
    places = _PLACES.get(key)
    if places is None:
        places = _places(doc.data, roles)
        if not _keep(len(places)):
            return None
        _PLACES[key] = places
    found: dict[str, Any] = {}
    data = doc.data
    try:
        for pointer, keys in places:
            if len(keys) == 1:
                value = data[keys[0]]
            elif len(keys) == 2:
                value = data[keys[0]][keys[1]]
            else:
                value = data
                for step in keys:
                    value = value[step]
            kind = type(value)
            if kind is int or kind is str or kind is Decimal or _figure(value):
                found[pointer] = value
            elif isinstance(value, dict | list):  # not the shape it claims: walked
                return None
    except (KeyError, IndexError, TypeError):  # the same
        return None
    return found


def _figure(value: Any) -> bool:
    return isinstance(value, int | Decimal | str) and not isinstance(value, bool)


def _places(data: Any, roles: Roles) -> Places:
    """Every scalar of the data that is no identity, provenance, prose or convention."""
    found: list[tuple[str, tuple[Any, ...]]] = []
    skip, patterns = roles.not_figures, roles.patterns

    def walk(node: Any, at: str, keys: tuple[Any, ...]) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            pointer = at + "/" + jp.escape(key)
            if isinstance(value, dict | list):
                walk(value, pointer, (*keys, key))
            elif pointer not in skip and not any(jp.matches(p, pointer) for p in patterns):
                found.append((pointer, (*keys, key)))

    walk(data, "", ())
    return tuple(found)


def _covered(shape: Any, roles: Roles, judged: set[str]) -> frozenset[str] | None:
    """Of the places of a shape, those the pointers and patterns judged name (worked out
    once per shape and set judged); None when they are not known."""
    places = _PLACES.get((shape, roles))
    if places is None:
        return None
    key = (shape, roles, frozenset(judged))
    covered = _COVERED.get(key)
    if covered is None:
        covered = frozenset(at for at, _ in places if _names(judged, at))
        if _PLACES.get((shape, roles)) is places and _keep(len(covered)):
            _COVERED[key] = covered
    return covered


def _names(judged: set[str], at: str) -> bool:
    return at in judged or any(jp.matches(p, at) for p in judged if jp.has_wildcard(p))


def _walk(
    node: Any, at: str, found: dict[str, Any], skip: frozenset[str], patterns: tuple[str, ...]
) -> None:
    """`leaves`, for figures only, without a dictionary per level (a hot path: every
    document of a run)."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        pointer = at + "/" + jp.escape(key)
        if isinstance(value, dict | list):
            _walk(value, pointer, found, skip, patterns)
        elif isinstance(value, int | Decimal | str) and not isinstance(value, bool):
            if pointer in skip or (patterns and any(jp.matches(p, pointer) for p in patterns)):
                continue
            found[pointer] = value


@dataclass
class Coverage:
    """Figures stated and figures checked, by survey, and the unchecked ones."""

    figures: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    unchecked: list[Unchecked] = field(default_factory=list)

    def add(self, doc: Document, judged: set[str], roles: Roles = NO_ROLES) -> None:
        """One checked document and the pointers (or pointer patterns) its rules compared
        (`roles`: its survey's fields that are no figures)."""
        survey = doc.survey or "?"
        stated, shape = _stated(doc, roles)
        self.figures[survey] += len(stated)
        # the figures judged, of the places of its shape (when its figures were found there)
        covered = None if shape is None else _covered(shape, roles, judged)
        if covered is not None and covered.issuperset(stated):  # every figure judged
            self.checked[survey] += len(stated)
            return
        patterns = [p for p in judged if jp.has_wildcard(p)] if covered is None else []
        done = 0
        for at, value in stated.items():
            if covered is not None:
                if at in covered:
                    done += 1
                    continue
            elif at in judged or (patterns and any(jp.matches(p, at) for p in patterns)):
                done += 1
                continue
            line, column = doc.source_map.locate(at)
            self.unchecked.append(
                Unchecked(
                    doc.source,
                    line,
                    column,
                    at,
                    to_text(value),
                    doc.survey,
                    doc.country,
                    doc.edition,
                )
            )
        self.checked[survey] += done

    def add_counts(self, other: Coverage) -> None:
        """Another part's counts (an audit spools the unchecked figures themselves)."""
        self.figures.update(other.figures)
        self.checked.update(other.checked)

    @property
    def total(self) -> int:
        return sum(self.figures.values())

    @property
    def total_checked(self) -> int:
        return sum(self.checked.values())

    def by_survey(self) -> list[tuple[str, int, int]]:
        """(survey, figures, checked), by survey."""
        return [(s, n, self.checked[s]) for s, n in sorted(self.figures.items())]


def percent(checked: int, figures: int) -> str:
    """`checked` of `figures` as a percentage a person reads: never 100% unless all are,
    never 0% unless none is."""
    if figures == 0 or checked == figures:
        return "100%" if figures else "-"
    if checked == 0:
        return "0%"
    share = 100 * checked / figures
    text = f"{share:.1f}"
    if text == "100.0":
        text = "99.9"
    elif text == "0.0":
        text = "0.1"
    return f"{text}%"


def summary_line(coverage: Coverage) -> str:
    """'301,440, 99.2% checked (FIW 99.5%, NIT 100%)'."""
    parts = [f"{s.upper()} {percent(c, n)}" for s, n, c in coverage.by_survey()]
    total, done = coverage.total, coverage.total_checked
    line = f"{total:,}, {percent(done, total)} checked"
    return f"{line} ({', '.join(parts)})" if len(parts) > 1 else line


def nothing_compared(coverage: Coverage) -> str | None:
    """Why a run whose documents state figures must not pass when no rule compared any of
    them (packs left out, a configuration or --select/--ignore that leaves nothing that
    applies): as an empty path list, a gate that checks nothing fails (exit 2; a run that
    fails on its findings anyway keeps exit 1, and this is said). None otherwise."""
    stated = sum(coverage.figures.values())
    if stated == 0 or sum(coverage.checked.values()) > 0:
        return None
    return (
        f"no rule compared any of the {stated:,} figures given: nothing was checked (the "
        "rule packs, --select, --ignore or the configuration leave no rule that applies)"
    )
