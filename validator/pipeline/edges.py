"""The edges of a rule no case of its own holds: `report-validator rules lint --cases` warns
of each, so that a change to a number in a pack (a band's threshold, a maximum, an era's
first edition) fails a case instead of shipping.

An edge is a value where the rule's verdict turns: the kind says which
(`validator.checks.api.Edge`: a band's first and last value, a range's minimum and maximum
and the values just past them, a tolerance's last accepted and first refused offset), and an
era adds its first and last edition and the editions just outside it (where the schema
allows one). A case holds a value edge when its document, one the rule applies to (its
editions, its `when`), has that value at a target of the rule (computed, for a band's
input; with the label the edge names, for a band) and the case expects the rule silent
there (reporting, for a value past a range's end or a tolerance). A case holds an edition
edge when it is of that edition and fails with the era moved by one across it (the rule run
on a copy of the pack): a case there that would pass either way holds nothing. Whether a
case expects the right verdict is `rules test`'s to say.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.arithmetic import is_number, printed_digits
from validator.checks.api import Context, Edge, Target
from validator.checks.quantity import evaluate
from validator.document import Document
from validator.engine import Engine, conditions_hold, rule_targets
from validator.packs.pack import CompiledRule, RulePack
from validator.pipeline.cases import Case, CaseError, case_engine, document_of, read_cases, run_case
from validator.rulepack.models import Editions, Table
from validator.schema_check import Schemas

UNREAD = "its cases cannot be read"  # what `uncovered` says instead of an edge: none was checked


def uncovered(
    pack: RulePack, folder: Path, schemas: Schemas, packs: list[RulePack]
) -> Iterator[tuple[CompiledRule, str]]:
    """(rule, what) for every edge of the pack's rules that none of its cases holds, the
    cases read from `folder/<pack>/<rule-id>.yaml` (a rule without that file: `lint`'s
    "no cases" warning says it); `packs`: every pack of the run (the pack among them)."""
    tables = pack.spec.tables
    for rule in pack.rules:
        path = folder / pack.name / f"{rule.id}.yaml"
        if rule.kind is None or not path.is_file():
            continue
        try:
            cases = [(case, document_of(case.spec, folder.parent)) for case in read_cases(path)]
        except CaseError as error:  # `rules test` reports it too; its edges go unchecked
            yield rule, f"{UNREAD} ({error})"
            continue
        applies = [
            (doc, bool(case.spec["expect"]))
            for case, doc in cases
            if rule.rule.editions.contains(doc.edition) and conditions_hold(rule, doc)
        ]
        for edge in rule.kind.edges(rule.params, tables):
            if not any(
                reports != edge.accepted and _holds(edge, rule, doc, tables)
                for doc, reports in applies
            ):
                yield rule, edge.what
        now: Engine | None = None  # the rule as the pack is, made at the first era edge
        for edition, era, what in _era_edges(rule, [doc for _, doc in cases], schemas):
            there = [case for case, doc in cases if doc.edition == edition]
            now = now or (case_engine(packs, rule.qualified_id) if there else None)
            passing = [c for c in there if run_case(c, packs, folder.parent, now).passed]
            if not passing or not _fails(passing, pack, packs, rule, era, folder.parent):
                yield rule, what


def _holds(edge: Edge, rule: CompiledRule, doc: Document, tables: dict[str, Table]) -> bool:
    """The document has the edge's value at one of the rule's targets (and the label the
    edge names, where it names one)."""
    context = Context(doc, tables)
    for pointer, value in rule_targets(rule, doc):
        if edge.key is not None and jp.split(pointer)[-1] != edge.key:
            continue
        target = Target(pointer, value)
        found = value if edge.input is None else _computed(edge, target, context)
        if found is None or not _same(found, edge.value):
            continue
        if edge.label_at is None or _labelled(edge, target, context, tables, rule):
            return True
    return False


def _labelled(
    edge: Edge, target: Target, context: Context, tables: dict[str, Table], rule: CompiledRule
) -> bool:
    assert edge.label_at is not None
    found = context.values(edge.label_at, target)
    if not found:
        return False
    label = found[0][1]
    table = tables.get(getattr(rule.params, "table", None) or "")
    if table is not None:
        label = table.canonical(label)
    return _same(label, edge.label)


def _computed(edge: Edge, target: Target, context: Context) -> Any:
    assert edge.input is not None
    if edge.offset_of is None:
        return evaluate(edge.input, target, context)
    printed = context.values(edge.offset_of, target)
    if not printed or not is_number(printed[0][1]):
        return None
    actual = printed[0][1]
    result = evaluate(edge.input, target, context, actual)
    if result is None or not (is_number(result) or isinstance(result, Fraction | int)):
        return None
    unit = Fraction(1, 10 ** printed_digits(actual))
    return abs(Fraction(actual) - Fraction(result)) / unit


def _same(found: Any, value: Any) -> bool:
    if isinstance(found, bool) or isinstance(value, bool):
        return found is value
    numbers = int | Decimal | Fraction
    if isinstance(found, numbers) and isinstance(value, numbers):
        return Fraction(found) == Fraction(value)
    return bool(found == value)


def _era_edges(
    rule: CompiledRule, docs: list[Document], schemas: Schemas
) -> Iterator[tuple[int, Editions, str]]:
    """(edition, the era moved by one across it, what) for an era's first and last edition
    and the edition before and after it, where the survey's schema allows one: a case there
    must fail with the era moved (one reporting inside the era; one silent outside it, with
    a figure the rule flags inside)."""
    era = rule.rule.editions
    first, last = era.first, era.last
    if first is not None:
        moved = replace(era, first=first + 1)
        yield first, moved, f"the era's first edition {first} (a case reporting there)"
        if _possible(first - 1, docs, schemas):
            moved = replace(era, first=first - 1)
            yield (
                first - 1,
                moved,
                f"edition {first - 1}, just before the era (a case silent there)",
            )
    if last is not None:
        moved = replace(era, last=last - 1)
        yield last, moved, f"the era's last edition {last} (a case reporting there)"
        if _possible(last + 1, docs, schemas):
            moved = replace(era, last=last + 1)
            what = f"edition {last + 1}, just after the era (a case silent there)"
            yield last + 1, moved, what


def _fails(
    cases: list[Case],
    pack: RulePack,
    packs: list[RulePack],
    rule: CompiledRule,
    era: Editions,
    root: Path,
) -> bool:
    """One of the cases (each passing as the pack is) fails with the rule's era moved to
    `era`: it holds the edge (a case that fails either way holds nothing: `rules test` says
    it)."""
    moved_rule = replace(rule, rule=replace(rule.rule, editions=era))
    moved = replace(pack, rules=[moved_rule if r is rule else r for r in pack.rules])
    mutated = [moved if p is pack else p for p in packs]
    engine = case_engine(mutated, rule.qualified_id)
    return any(not run_case(case, mutated, root, engine).passed for case in cases)


def _possible(edition: int, docs: list[Document], schemas: Schemas) -> bool:
    """The survey's schema allows a document of that edition (asked of a case's own
    document with its edition changed)."""
    for doc in docs:
        if doc.survey not in schemas.surveys():
            continue
        data = {**doc.data, "edition": edition}
        return not any(error[1] == "/edition" for error in schemas.check(doc.survey, data))
    return True
