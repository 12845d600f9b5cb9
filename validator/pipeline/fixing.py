"""`fix`: derived figures rewritten from the figures they derive from, until nothing changes.

What may be written is declared, not coded per survey: a check kind says whether what it
expects can be written (`WRITES` in its module: "safe" for arithmetic on the document's own
figures, "unsafe" for a figure taken from another document, the previous edition), and a rule
can opt out (`autofix: false` in its pack: a figure published in its own right, such as a FOTN
category score beside its indicators). The figure written is the rule's `value`, never one of
its inputs: a primary figure (an indicator, a NIT rating) is no rule's value, so it is never
written.

The fixed point: the engine reports a wrong derived figure once, where it is, and stays silent
on those that read it (a corrected Political Rights score changes the rating, then the
status); each round writes what the engine expects at the figures it reports, and the rounds
go on until it reports nothing a fix can write. A written value is kept only if the engine then
reports nothing at that figure: an expectation that is a range ("5.25 to 5.42") or two values
(one of two statuses) is not a value to write, and its finding stays.

The likely culprit: a derived figure that disagrees with its inputs may be right and an input
wrong. When a fix would go on to change figures derived from the one it fixed, each fixable
rule is run alone on the document as printed: the changed figures that agree with the printed
ones (a Political Rights score of 5 whose indicators give 6, printed with the total 23 that
adds 5 and the rating 7 that 5 gives) side with the printed values; the unchanged figures
that disagreed as printed and agree once fixed (a rating 7 beside a mistyped score of 15)
side with the fix. Where more side with the printed values, the inputs are the likely
culprit: nothing of that document is written, its findings stay, and the fix says why
(`Suspect`).
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from validator import pointer as jp
from validator.document import Document
from validator.engine import Engine, FindPrevious
from validator.findings import Finding, Report
from validator.packs.loading import RulePack
from validator.pipeline.run import check_documents
from validator.pipeline_findings import Selection

ROUNDS = 20  # a chain of derived figures is a few long (score, rating, status)
_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Change:
    """One figure written: where it is, what it was, what it is now, and the rule that said so."""

    document: int  # index in the documents fixed
    source: str
    pointer: str
    line: int
    column: int
    old: Any
    new: Any
    rule: str


def fixable_rules(packs: list[RulePack], unsafe: bool = False) -> frozenset[str]:
    """The rule ids whose expected value a fix may write: safe ones, and with `unsafe` those
    whose value comes from another document."""
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    return frozenset(
        rule.qualified_id
        for pack in packs
        for rule in pack.rules
        if rule.kind is not None and rule.kind.WRITES in allowed and rule.rule.autofix is not False
    )


def value_of(expected: str | None, current: Any) -> Any:
    """The value a finding's expected text stands for, of the kind the figure has now; None
    when it is none (a range, a list of values, a fraction with no decimal form)."""
    if expected is None or isinstance(current, bool):
        return None
    if isinstance(current, int | Decimal):
        if _INTEGER.fullmatch(expected):
            return Decimal(expected) if isinstance(current, Decimal) else int(expected)
        if _DECIMAL.fullmatch(expected):
            return Decimal(expected)
        return None
    if isinstance(current, str):
        return expected
    return None


@dataclass(frozen=True)
class Suspect:
    """A fix not made: more of the figures derived from the ones it would write first agree
    with them as printed than with the fix; the figures they are computed from may be the
    wrong ones."""

    roots: tuple[Change, ...]  # the figures the fix would have written first
    witness: Change  # one figure derived from them that agrees with them as printed


@dataclass
class Fixed:
    documents: list[Document]  # the documents as fixed
    changes: list[Change]  # each figure written, once (from its first value to its last)
    report: Report  # what the engine says of the fixed documents
    suspects: list[Suspect] = field(default_factory=list)


def fix(
    engine: Engine,
    documents: list[Document],
    fixable: frozenset[str],
    find_previous: FindPrevious | None = None,
) -> Fixed:
    """Write derived figures until the engine reports none a fix can write. One run over
    every document first; each round after it checks again only the documents it changed and
    those that read them (`_Related`); the report returned is a whole run's (the first one
    when nothing is left written: the documents are then as read)."""
    work = [_copy(doc) for doc in documents]
    where = {_key(doc): i for i, doc in enumerate(work)}
    first: dict[tuple[int, str], Change] = {}
    rounds: dict[tuple[int, str], int] = {}  # the round each figure was first written in
    refused: set[tuple[int, str]] = set()
    whole = check_documents(engine, work, [], find_previous)
    related = _Related(engine, work, lambda docs: check_documents(engine, docs, [], find_previous))
    found = whole.findings
    for round_number in range(ROUNDS):
        changed: set[int] = set()
        for finding in found:
            index = where.get(_key_of(finding))
            if finding.rule not in fixable or index is None:
                continue
            key = (index, finding.pointer)
            data = work[index].data
            current = jp.resolve(data, finding.pointer)
            new = value_of(finding.expected, current)
            if key in refused or new is None or current is jp.MISSING:
                refused.add(key)
                continue
            jp.assign(data, finding.pointer, new)
            changed.add(index)
            before = first.get(key)
            if before is None:
                rounds[key] = round_number
                line, column = work[index].source_map.locate(finding.pointer)
                source = work[index].source
                first[key] = Change(
                    index, source, finding.pointer, line, column, current, new, finding.rule
                )
            else:
                first[key] = replace(before, new=new)
        if not changed:
            break
        found = related.again(found, changed)
    found = _keep_what_holds(work, first, found, related)
    suspects = _corroborated(engine, documents, work, first, rounds, fixable)
    if suspects:  # nothing of those documents is written: as they were, with their findings
        held = {s.witness.document for s in suspects}
        for key in [k for k in first if k[0] in held]:
            change = first.pop(key)
            jp.assign(work[change.document].data, change.pointer, change.old)
    changes = [c for c in first.values() if c.old != c.new or type(c.old) is not type(c.new)]
    if changes:  # the fixed documents, as a whole run reports them (findings and coverage)
        whole = check_documents(engine, work, [], find_previous)
    ordered = sorted(changes, key=lambda c: (c.document, c.line, c.column))
    return Fixed(work, ordered, whole, suspects)


class _Related:
    """Which documents a change can give other findings, and the run that says what they
    are: a document's findings depend on the documents of its record (its other editions,
    the same record from another source) and, where a rule computes over a group, on the
    documents of its source (or of the whole run). Checking those again, each with every
    document it reads, gives what a whole run would say of them."""

    def __init__(
        self, engine: Engine, docs: list[Document], check: Callable[[list[Document]], Report]
    ) -> None:
        self.docs, self.check = docs, check
        self.by_record: dict[tuple[str | None, str | None], list[int]] = defaultdict(list)
        self.by_source: dict[str, list[int]] = defaultdict(list)
        self.over_source: dict[str, set[int]] = defaultdict(set)  # grouped within a source
        self.over_run: set[int] = set()  # grouped over the whole run
        self.owner: dict[tuple[str, str | None, str | None, int | None], list[int]]
        self.owner = defaultdict(list)  # the documents a finding can be of
        for i, doc in enumerate(docs):
            self.owner[_key(doc)].append(i)
            survey, key, _ = doc.record
            self.by_record[(survey, key)].append(i)
            self.by_source[doc.source].append(i)
            if engine.needs_run(doc):
                self.over_run.add(i)
            elif engine.needs_peers(doc):
                self.over_source[doc.source].add(i)

    def _record(self, i: int) -> list[int]:
        survey, key, _ = self.docs[i].record
        return self.by_record[(survey, key)]

    def again(self, found: list[Finding], changed: set[int]) -> list[Finding]:
        """The findings after documents `changed`: those of the documents the change can
        touch from a run of them (with what they read), the others' as they were."""
        touched = set(changed)
        for i in changed:
            touched.update(self._record(i))
            touched.update(self.over_source.get(self.docs[i].source, ()))
        touched.update(self.over_run)
        read = set(touched)
        for i in touched:
            read.update(self._record(i))
            if i in self.over_run:
                read.update(range(len(self.docs)))
            elif i in self.over_source.get(self.docs[i].source, ()):
                read.update(self.by_source[self.docs[i].source])
        fresh = self.check([self.docs[i] for i in sorted(read)]).findings

        def mine(finding: Finding) -> bool:
            return any(i in touched for i in self.owner.get(_key_of(finding), ()))

        return [f for f in found if not mine(f)] + [f for f in fresh if mine(f)]


def _corroborated(
    engine: Engine,
    documents: list[Document],
    fixed: list[Document],
    changes: dict[tuple[int, str], Change],
    rounds: dict[tuple[int, str], int],
    fixable: frozenset[str],
) -> list[Suspect]:
    """The documents whose fix went on to change figures derived from the ones it fixed
    first, where more figures side with the printed values than with the fix. Each fixable
    rule is run alone on the document as printed and as fixed: a changed figure whose rule
    alone finds nothing as printed agrees with the printed figures (it corroborates them); an
    unchanged figure whose rule alone disagreed as printed and agrees once fixed supports the
    fix."""
    suspects: list[Suspect] = []
    chained = sorted({k[0] for k in changes if rounds[k] > 0})
    if not chained:
        return suspects
    # every fixable rule in one run, each judged as if alone
    selected = Selection(select=tuple(sorted(fixable)))
    alone = Engine(engine.packs, selected, engine.schemas, independent=True)

    def by_rule(doc: Document) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {rule: set() for rule in fixable}
        for f in check_documents(alone, [doc]).findings:
            if f.rule in found:
                found[f.rule].add(f.pointer)
        return found

    for index in chained:
        mine = {k[1]: c for k, c in changes.items() if k[0] == index}
        before, after = by_rule(documents[index]), by_rule(fixed[index])
        witnesses = [
            c for at, c in mine.items() if rounds[(index, at)] > 0 and at not in before[c.rule]
        ]
        support = sum(1 for rule in fixable for at in before[rule] - after[rule] if at not in mine)
        if len(witnesses) > support:
            roots = sorted(
                (c for at, c in mine.items() if rounds[(index, at)] == 0),
                key=lambda c: (c.line, c.column),
            )
            suspects.append(Suspect(tuple(roots), witnesses[0]))
    return suspects


def _keep_what_holds(
    work: list[Document],
    changes: dict[tuple[int, str], Change],
    found: list[Finding],
    related: _Related,
) -> list[Finding]:
    """Undo the writes the engine still reports something at (a value outside the schema's
    words, a fix that another rule disputes), until none is left."""
    for _ in range(ROUNDS):
        reported = {(_key_of(f), f.pointer) for f in found}
        undone = [
            key
            for key, change in changes.items()
            if (_key(work[change.document]), change.pointer) in reported
        ]
        if not undone:
            return found
        for key in undone:
            change = changes.pop(key)
            jp.assign(work[change.document].data, change.pointer, change.old)
        found = related.again(found, {key[0] for key in undone})
    return found


def _copy(doc: Document) -> Document:
    return replace(doc, data=copy.deepcopy(doc.data))


def _key(doc: Document) -> tuple[str, str | None, str | None, int | None]:
    return (doc.source, doc.survey, doc.country, doc.edition)


def _key_of(finding: Finding) -> tuple[str, str | None, str | None, int | None]:
    return (finding.source, finding.survey, finding.country, finding.edition)
