"""The other documents of a run: groups for aggregate rules, records assembled from parts.

`Peers` answers "the documents of survey S (in this source, or in the whole run) whose
fields F equal these values", from an index built once per question. `assemble` finds the
records a run gives in several sources with complementary fields (scores in one workbook,
ratings and status in another) and merges each into one document whose figures keep the
source they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from validator import pointer as jp
from validator.document import NO_ROLES, Document, Roles, hashable, representation
from validator.rulepack.models import Condition
from validator.source_map import SourceMap

GroupKey = tuple[str, str | None, tuple[str, ...]]  # survey, source (None: the run), fields


class Peers:
    """The documents of a run, indexed on demand for the groups rules ask for."""

    def __init__(self, docs: Sequence[Document], whole_run: bool = True) -> None:
        self.docs = docs
        self.whole_run = whole_run  # False: the documents of one file (an audit's worker)
        self._index: dict[GroupKey, dict[tuple[Any, ...], list[Document]]] = {}
        self._members: dict[tuple[Any, ...], list[Document]] = {}

    def group(
        self, survey: str, source: str | None, fields: tuple[str, ...], values: tuple[Any, ...]
    ) -> list[Document]:
        """The documents of `survey` (from `source` only, unless None) whose `fields` hold
        `values`; in the whole run, one document per record (the first, as cross-edition
        rules use). Nothing for the whole run when these documents are not all of it: a
        group seen in part would give a wrong figure."""
        if source is None and not self.whole_run:
            return []
        key = (survey, source, fields)
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = self._build(survey, source, fields)
        return index.get(tuple(hashable(v) for v in values), [])

    def members(
        self,
        survey: str,
        source: str | None,
        fields: tuple[str, ...],
        values: tuple[Any, ...],
        where: tuple[Condition, ...],
    ) -> list[Document]:
        """The group's documents that hold every condition of `where` (kept: the rules of
        one summary row ask for the same groups)."""
        key = (survey, source, fields, tuple(hashable(v) for v in values), where)
        found = self._members.get(key)
        if found is None:
            group = self.group(survey, source, fields, values)
            found = self._members[key] = [d for d in group if all(c.holds(d.data) for c in where)]
        return found

    def _build(
        self, survey: str, source: str | None, fields: tuple[str, ...]
    ) -> dict[tuple[Any, ...], list[Document]]:
        index: dict[tuple[Any, ...], list[Document]] = {}
        seen: set[tuple[Any, ...]] = set()
        for doc in self.docs:
            if doc.survey != survey or (source is not None and doc.source != source):
                continue
            if source is None and None not in doc.identity:
                if doc.record in seen:
                    continue  # the same record from another source counts once
                seen.add(doc.record)
            values = tuple(hashable(jp.resolve(doc.data, at)) for at in fields)
            index.setdefault(values, []).append(doc)
        return index


@dataclass
class Assembled:
    """One record merged from the documents that give parts of it (in the run's order: on
    a figure two parts give, the first part's value stands; a difference is a conflict the
    engine reports apart)."""

    document: Document
    parts: list[Document]
    owners: dict[str, Document]  # each leaf pointer -> the part it came from

    def origin(self, pointer: str) -> Document:
        """The part that holds the figure at `pointer` (or its nearest parent)."""
        at = pointer
        while True:
            if at in self.owners:
                return self.owners[at]
            if not at:
                return self.parts[0]
            at = jp.parent(at)


def assemble(
    records: Iterable[Document], roles: Callable[[str | None], Roles] = lambda _: NO_ROLES
) -> list[Assembled]:
    """The records given by several documents none of which holds every figure of the
    others (written the same way: a NIT record on the original scale is not merged with
    the modern one; `roles`: what each survey's fields are besides figures)."""
    groups: dict[tuple[Any, ...], list[Document]] = {}
    provenance: dict[tuple[Any, ...], frozenset[str]] = {}
    for doc in records:
        mine = roles(doc.survey)
        key = representation(doc, mine)
        groups.setdefault(key, []).append(doc)
        provenance[key] = frozenset(at for at in mine.provenance if at.count("/") == 1)
    found = []
    for key, parts in groups.items():
        if len(parts) < 2:
            continue
        aside = provenance[key]
        if any(all(_covers(p.data, q.data, aside) for q in parts) for p in parts):
            continue  # one document has it all: nothing to assemble
        found.append(_merge(parts))
    return found


def _covers(
    big: dict[str, Any], small: dict[str, Any], aside: frozenset[str], top: bool = True
) -> bool:
    """Every figure of `small` has a place in `big` (`aside`: its top-level provenance): a
    walk of the two mappings, no pointers built (a run compares thousands of overlapping
    records)."""
    for key, value in small.items():
        if top and "/" + key in aside:
            continue
        if key not in big:
            return False
        if isinstance(value, dict):
            other = big[key]
            if not isinstance(other, dict) or not _covers(other, value, aside, False):
                return False
    return True


def _merge(parts: list[Document]) -> Assembled:
    data: dict[str, Any] = {}
    owners: dict[str, Document] = {}
    for part in parts:
        _merge_into(data, part.data, part, "", owners)
    whole = Document(f"{parts[0].source} (assembled)", data, SourceMap())
    return Assembled(whole, parts, owners)


def _merge_into(
    node: dict[str, Any],
    value: dict[str, Any],
    part: Document,
    at: str,
    owners: dict[str, Document],
) -> None:
    """Mappings merge key by key; any other value (a list too) is taken whole from the
    first part that gives it."""
    for key, item in value.items():
        here = jp.join(at, key)
        if isinstance(item, dict) and isinstance(node.get(key, {}), dict):
            if key not in node:
                owners.setdefault(here, part)
            _merge_into(node.setdefault(key, {}), item, part, here, owners)
        elif key not in node:
            node[key] = item
            owners[here] = part
