"""The rule engine: one document (with its previous edition and its groups, when the run
gives them) in, located findings out.

For each document: the schema check, then every rule of its survey's pack that applies to
its edition and conditions, cross-edition rules against the previous edition when given. A
check that raises becomes an `internal-error` finding naming the rule; the batch goes on.
The run (`validator.pipeline.run`) decides which documents are checked together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any, NamedTuple

from validator import pointer as jp
from validator import suppressions
from validator.arithmetic import each_distinct, to_text
from validator.checks.api import Context, Target, Violation
from validator.checks.fast import EXCLUDED, Columns, Compiled, Verdict
from validator.document import Document, leaves, shape_of
from validator.findings import Finding, RuleDoc, Severity
from validator.packs.loading import CompiledRule, RulePack, schema_folders
from validator.peers import Assembled, Peers
from validator.pipeline_findings import Builtins, Selection, noted, render
from validator.rulepack.models import Table
from validator.schema_check import Schemas
from validator.sources.own_outputs import OWN_OUTPUT
from validator.sources.problems import SourceProblem

# (survey, country, edition) -> (the document if found, where it was looked for)
FindPrevious = Callable[[str, str, int], tuple[Document | None, str]]


class Outcome(StrEnum):
    """What became of a rule on a document."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # it reads a value already found wrong: that finding says it
    # a condition excludes the document, or the rule compared nothing (an input absent, the
    # previous edition needed and absent)
    NOT_APPLICABLE = "not-applicable"


PASSED, FAILED = Outcome.PASSED, Outcome.FAILED
SKIPPED, NOT_APPLICABLE = Outcome.SKIPPED, Outcome.NOT_APPLICABLE


class Checked(NamedTuple):
    """One document checked: its findings, what became of each rule of its survey that
    applies to its edition (rules of other editions are not recorded), the pointers and
    patterns of every figure a rule compared (figure coverage), and how many findings its
    inline comments suppressed."""

    findings: list[Finding]
    outcomes: dict[str, Outcome]
    judged: set[str]
    suppressed: int = 0


@dataclass(frozen=True)
class _Planned:
    """A selected survey rule with what the engine needs for each document, decided once."""

    rule: CompiledRule
    rule_id: str
    severity: Severity
    tables: dict[str, Table]
    reads: tuple[tuple[str, ...], ...] = ()  # what its checks read, as pointer-pattern segments
    value: str | None = None  # the value its checks judge at each target (params.value)
    compares_editions: bool = False  # its kind compares with the previous edition
    over_groups: bool = False  # its kind computes over a group of the run's documents
    over_run: bool = False  # ... and the group can hold documents of other files
    # the one figure its checks judge, when `value` names it outright (no template, no
    # pattern): where the document lacks it, the rule has nothing to compare
    judges: str | None = None
    # the rule compiled at load (validator.checks.fast): says fast that it holds, or defers
    # to the kind's check, which alone finds and explains
    fast: Compiled | None = None


class Engine:
    def __init__(
        self,
        packs: list[RulePack],
        selection: Selection | None = None,
        schemas: Schemas | None = None,
        interpreted: bool = False,
        independent: bool = False,
    ) -> None:
        """`interpreted`: every rule through its kind's check alone, none compiled (the
        reference the compiled rules are tested against). `independent`: each rule judged as
        if it ran alone (none skipped or silenced for another's finding or the schema's): what
        each rule says of a document in one run, as `fix` weighs them."""
        self.packs = packs
        self.independent = independent
        self.interpreted = interpreted
        # the bundled schemas and those beside the packs given (checked when they loaded)
        self.schemas = schemas if schemas is not None else Schemas(schema_folders(packs))
        self.selection = selection = selection or Selection()
        self.by_survey: dict[str, list[_Planned]] = {}
        builtin: dict[str, CompiledRule] = {}
        for pack in packs:
            for rule in pack.rules:
                if rule.kind is None:
                    builtin[rule.qualified_id] = rule
                elif selection.wants(rule.qualified_id):
                    planned = _Planned(
                        rule,
                        rule.qualified_id,
                        Severity.parse(rule.rule.severity),
                        pack.spec.tables,
                        tuple(_segments(p) for p in _reads(rule)),
                        getattr(rule.params, "value", None),
                        rule.kind.COMPARES_EDITIONS,
                        rule.kind.OVER_GROUPS,
                        rule.kind.over_run(rule.params),
                        _outright(getattr(rule.params, "value", None)),
                        None if interpreted else _compiled(rule, pack.spec.tables),
                    )
                    for survey in pack.spec.surveys:
                        self.by_survey.setdefault(survey, []).append(planned)
        self.builtins = Builtins(builtin, selection)  # the pipeline's own findings
        # some rule computes over a group that can hold documents of other files
        self.over_run = any(p.over_run for plans in self.by_survey.values() for p in plans)
        self.known_surveys = set(self.schemas.surveys())
        self._plans: dict[tuple[str, int | None], list[_Planned]] = {}
        self._rule_docs: dict[str, RuleDoc] | None = None

    def verdicts(self, docs: list[Document]) -> dict[int, Said]:
        """What the compiled rules say of each document (by id), judged column-wise over the
        documents of one survey, edition and shape (the same keys in the same order: the
        rows of a table that fill the same cells, as `Document.shape` says, or documents
        written alike): each column is read once, and a rule's kernel runs once per group.
        A document alone in its shape is left to `check`, which calls the closures."""
        groups: dict[tuple[Any, ...], list[Document]] = {}
        if self.interpreted:  # the reference: every document checked alone
            return {}
        for doc in docs:
            if doc.survey in self.by_survey:
                try:
                    shape = doc.shape if doc.shape is not None else shape_of(doc.data)
                except RecursionError:  # data nested past the readers' bounds: one by one
                    continue
                groups.setdefault((doc.survey, doc.edition, shape), []).append(doc)
        found: dict[int, Said] = {}
        for (survey, edition, _), group in groups.items():
            if len(group) < 2:
                continue
            mine = [Said() for _ in group]
            columns = Columns([doc.data for doc in group])
            first = group[0].data
            try:  # the schema, column by column
                valid = self.schemas.valid_many(survey, columns.datas)
            except Exception:  # checked document by document, where it is explained
                valid = [False] * len(group)
            for planned in self._plan(survey, edition):
                if planned.fast is None:
                    continue
                if planned.judges is not None and jp.resolve(first, planned.judges) is jp.MISSING:
                    continue  # no document of the shape has the figure: `check` passes it by
                applies = _applying(planned.rule, columns)
                if applies is None:  # no conditions
                    judged = zip(mine, planned.fast.batch(columns), strict=True)
                else:  # a verdict only where the conditions hold, EXCLUDED elsewhere
                    for said, holds in zip(mine, applies, strict=True):
                        if not holds:
                            said[planned.rule_id] = EXCLUDED
                    if not any(applies):
                        continue
                    part = columns if all(applies) else columns.only(applies)
                    chosen = [said for said, holds in zip(mine, applies, strict=True) if holds]
                    judged = zip(chosen, planned.fast.batch(part), strict=True)
                for said, verdict in judged:
                    said[planned.rule_id] = verdict
            # documents the rules said the same of share what they said: `check` works out
            # once what that decides (Said.decided)
            shared: dict[tuple[Any, ...], Said] = {}
            for doc, said, holds in zip(group, mine, valid, strict=True):
                said.schema_valid = holds
                key = (holds, *said.items())
                found[id(doc)] = shared.setdefault(key, said)
        return found

    def check_assembled(
        self,
        whole: Assembled,
        previous: Document | None = None,
        peers: Peers | None = None,
        parts_found: list[Finding] | None = None,
    ) -> tuple[list[Finding], dict[int, set[str]]]:
        """The rules on a record assembled from several sources, for what no part shows
        alone (`parts_found`: the parts' own findings, when the caller has them; else the
        parts are checked here): each finding at the source of the figure it judges, naming
        the other parts. Also the figures it compared, by part (id), which count as checked
        there."""
        doc = whole.document
        found, _, judged, _ = self.check_document(doc, previous, peers)
        if parts_found is None:
            parts_found = [
                f for part in whole.parts for f in self.check_document(part, previous, peers)[0]
            ]
        alone = {(f.rule, f.pointer) for f in parts_found}
        by_part: dict[int, set[str]] = {}
        for part in whole.parts:
            mine = leaves(part.data)
            by_part[id(part)] = {at for at in judged if at in mine or jp.has_wildcard(at)}
        located = []
        for finding in found:
            if finding.rule.startswith("schema/") or (finding.rule, finding.pointer) in alone:
                continue  # a part shows it alone: its own check reports it
            part = whole.origin(finding.pointer)
            line, column = part.source_map.locate(finding.pointer)
            others = "; ".join(
                f"{p.source}:{p.source_map.locate('')[0]}" for p in whole.parts if p is not part
            )
            message = noted(finding.message, part, finding.pointer)
            located.append(
                replace(
                    finding,
                    source=part.source,
                    line=line,
                    column=column,
                    message=f"{message} (a record assembled with {others})",
                    country=part.country,
                )
            )
        return located, by_part

    def source_findings(self, source: str, problem: SourceProblem) -> list[Finding]:
        """The finding for what a source adapter could not read (none if not selected, nor
        for the tool's own outputs, which are no reports: the run says so once)."""
        if problem.rule == OWN_OUTPUT:
            return []
        return self.builtins.finding(
            problem.rule, source, problem.line, problem.column, problem.pointer, problem.message
        )

    def check_document(
        self,
        doc: Document,
        previous: Document | None = None,
        peers: Peers | None = None,
        verdicts: dict[str, Verdict] | None = None,
        previous_wrong: frozenset[str] = frozenset(),
    ) -> Checked:
        """One document as a run checks it: `check`, then its inline suppressions. A
        failure of the checker itself is a finding."""
        try:
            checked = self.check(doc, previous, peers, verdicts, previous_wrong)
        except Exception as error:  # the schema check or a helper: the batch goes on
            message = f"the document could not be checked: {type(error).__name__}: {error}"
            found = self.builtins.located(doc, "core/internal-error", "", message[:500])
            checked = Checked(found, {}, set())
        kept, suppressed = suppressions.apply(
            checked.findings, doc.suppressions, doc.source, self.builtins.finding
        )
        return checked._replace(findings=kept, suppressed=suppressed)

    def needs_previous(self, doc: Document) -> bool:
        """Some rule that applies to the document compares it with the previous edition
        (it states figures about last year)."""
        context: Context | None = None
        for planned in self._plan(doc.survey or "", doc.edition):
            if not planned.compares_editions:
                continue
            if planned.judges is not None and jp.resolve(doc.data, planned.judges) is jp.MISSING:
                continue  # the figure it judges is absent: it states nothing about last year
            if planned.rule.rule.when and not conditions_hold(planned.rule, doc):
                continue
            targets = rule_targets(planned.rule, doc)
            if not targets:
                continue
            if context is None:
                context = Context(doc, {}, None)
            if _states(planned, targets, context):
                return True
        return False

    def needs_peers(self, doc: Document) -> bool:
        """Some rule that applies to the document computes over a group of documents."""
        return any(p.over_groups for p in self._plan(doc.survey or "", doc.edition))

    def needs_run(self, doc: Document) -> bool:
        """Some rule that applies to the document computes over a group that can hold
        documents of other files: it is checked once every file is read."""
        if not self.over_run:  # no rule of the packs does: every document of a run asks
            return False
        return any(p.over_run for p in self._plan(doc.survey or "", doc.edition))

    def rule_docs(self) -> dict[str, RuleDoc]:
        """What reporters may say of every rule of the packs (a copy: made once)."""
        if self._rule_docs is None:
            self._rule_docs = self._documented()
        return dict(self._rule_docs)

    def _documented(self) -> dict[str, RuleDoc]:
        return {
            rule.qualified_id: RuleDoc(
                rule.qualified_id,
                rule.rule.summary,
                rule.rule.rationale,
                rule.rule.fix,
                rule.rule.source,
                Severity.parse(rule.rule.severity),
            )
            for pack in self.packs
            for rule in pack.rules
        }

    def check(
        self,
        doc: Document,
        previous: Document | None = None,
        peers: Peers | None = None,
        verdicts: dict[str, Verdict] | None = None,
        previous_wrong: frozenset[str] = frozenset(),
    ) -> Checked:
        """The schema and rule findings of one document, with what became of each rule and
        the figures compared (`peers`: the run's documents, for rules over a group of them;
        `verdicts`: what the compiled rules said of it, by rule id, when the run judged its
        shape's documents column-wise; `previous_wrong`: the figures of the previous
        edition found wrong, which no rule compares this edition with: that finding says
        it, one wrong figure is one finding)."""
        survey = doc.survey
        if survey not in self.known_surveys:
            if "/survey" in doc.flagged:
                return Checked([], {}, set())  # the source has said what is wrong with it
            found = doc.data.get("survey")
            known = ", ".join(sorted(self.known_surveys))
            said = "names no survey" if found is None else f"names survey {found!r}"
            message = (
                f"the document {said}; expected one of {known} (another index's schema and "
                "rule pack are added with --rules FOLDER)"
            )
            return Checked(
                self.builtins.located(doc, "core/unknown-survey", "/survey", message), {}, set()
            )
        findings: list[Finding] = []
        flagged = [_segments(at) for at in doc.flagged]
        if not (isinstance(verdicts, Said) and verdicts.schema_valid):  # else it holds
            for keyword, at, message in self.schemas.check(survey, doc.data):
                if not _within(_segments(at), flagged):
                    findings.extend(self.builtins.located(doc, f"schema/{keyword}", at, message))
        decided = verdicts.decided if isinstance(verdicts, Said) else None
        if decided is not None and not findings and not flagged:
            return Checked([], dict(decided[0]), set(decided[1]))
        alone = True  # every rule decided by what was said column-wise and the shape
        contexts: dict[int, Context] = {}
        wrong = flagged + [
            _segments(f.pointer)
            for f in findings
            if f.severity == Severity.ERROR and not self.independent
        ]
        given: dict[str, bool] = {}  # whether the document has a figure rules judge
        held: set[str] = set()  # what the compiled rules that held judged
        outcomes: dict[str, Outcome] = {}
        for planned in self._plan(survey, doc.edition):
            judges = planned.judges
            if judges is not None:
                has = given.get(judges)
                if has is None:
                    has = given[judges] = jp.resolve(doc.data, judges) is not jp.MISSING
            else:
                has = True
            # a verdict read column-wise was given only where the conditions hold
            said = _UNSAID if verdicts is None else verdicts.get(planned.rule_id, _UNSAID)
            if not has or said is EXCLUDED:
                outcomes[planned.rule_id] = NOT_APPLICABLE
                continue
            if said is _UNSAID and planned.rule.rule.when:
                alone = False  # the conditions read this document's values
                if not conditions_hold(planned.rule, doc):
                    outcomes[planned.rule_id] = NOT_APPLICABLE
                    continue
            if wrong and _reads_any(planned.reads, wrong):
                outcomes[planned.rule_id] = SKIPPED
                continue  # it reads a value already found wrong here: that finding says it
            if planned.fast is not None:
                if said is not _UNSAID:
                    hit = said
                else:
                    alone = False
                    try:
                        hit = planned.fast(doc.data)
                    except Exception:  # an input the closure did not foresee: the check decides
                        hit = None
                if hit is not None:
                    held.update(hit)
                    if planned.rule.rule.when:
                        held.update(c.field for c in planned.rule.rule.when if c.compares)
                    outcomes[planned.rule_id] = PASSED
                    continue
            targets = rule_targets(planned.rule, doc)
            if not targets:  # nothing the rule looks at (the same in every document of a shape)
                outcomes[planned.rule_id] = NOT_APPLICABLE
                continue
            alone = False
            context = contexts.get(id(planned.tables))
            if context is None:
                context = contexts[id(planned.tables)] = Context(
                    doc, planned.tables, previous, peers=peers, previous_wrong=previous_wrong
                )
            before = context.judgements
            evaluated = self._evaluate(planned, doc, context, targets)
            found = [
                f for f in evaluated if not (f.pointer and _within(_segments(f.pointer), wrong))
            ]  # a value already found wrong is not judged again
            findings.extend(found)
            if not self.independent:
                wrong.extend(_segments(f.pointer) for f in found if f.severity == Severity.ERROR)
            compared = context.judgements > before
            if compared and planned.rule.rule.when:  # a status that selects the rule's band
                context.judged.update(c.field for c in planned.rule.rule.when if c.compares)
            outcomes[planned.rule_id] = _outcome(compared, evaluated, found)
        judged = held
        for context in contexts.values():
            judged.update(context.judged)
        if alone and not findings and not flagged and isinstance(verdicts, Said):
            verdicts.decided = (dict(outcomes), frozenset(judged))
        return Checked(findings, outcomes, judged)

    def _plan(self, survey: str, edition: int | None) -> list[_Planned]:
        """The rules of a survey whose editions include this one (conditions come per document)."""
        key = (survey, edition)
        if key not in self._plans:
            self._plans[key] = [
                p for p in self.by_survey.get(survey, ()) if p.rule.rule.editions.contains(edition)
            ]
        return self._plans[key]

    def _evaluate(
        self, planned: _Planned, doc: Document, context: Context, targets: list[tuple[str, Any]]
    ) -> list[Finding]:
        rule = planned.rule
        assert rule.kind is not None
        check, params = rule.kind.check, rule.params
        read = context.read
        violations: list[Violation] = []
        try:
            for pointer, value in targets:
                read.clear()  # what a comparison read: this target's reads only
                violations.extend(check(Target(pointer, value), params, context))
        except Exception as error:  # a check must never stop the batch
            message = f"rule {planned.rule_id} failed: {type(error).__name__}: {error}"
            return self.builtins.located(doc, "core/internal-error", "", message)
        return [self._finding(planned, doc, v) for v in violations]

    def _finding(self, planned: _Planned, doc: Document, violation: Violation) -> Finding:
        line, column = doc.source_map.locate(violation.pointer)
        return Finding(
            source=doc.source,
            line=line,
            column=column,
            rule=planned.rule_id,
            pointer=violation.pointer,
            severity=planned.severity,
            message=noted(render(planned.rule.rule.message, violation), doc, violation.pointer),
            expected=to_text(violation.expected),
            actual=to_text(violation.actual),
            survey=doc.survey,
            country=doc.country,
            edition=doc.edition,
        )


def _compiled(rule: CompiledRule, tables: dict[str, Table]) -> Compiled | None:
    """The rule compiled by its kind, when the kind compiles and the rule's shape allows."""
    assert rule.kind is not None
    try:
        compiled: Compiled | None = rule.kind.compile_rule(rule.params, rule.rule.at, tables)
    except Exception:  # parameters the compiler did not foresee: the interpreter checks it
        return None
    return compiled


def _outright(value: object) -> str | None:
    """`value` when it is an absolute pointer to one figure (no template, no pattern)."""
    if isinstance(value, str) and value.startswith("/") and "{" not in value:
        return None if jp.has_wildcard(value) else value
    return None


def rule_targets(rule: CompiledRule, doc: Document) -> list[tuple[str, Any]]:
    """What the rule's `at` selects in the document: (pointer, value) pairs."""
    at = rule.rule.at
    return [("", doc.data)] if at in ("", "/") else jp.expand(doc.data, at)


def _states(planned: _Planned, targets: list[tuple[str, Any]], context: Context) -> bool:
    """The document has something the rule judges: a target, and the value its params name
    at one of them (when they name one)."""
    if planned.value is None:
        return bool(targets)
    return any(context.values(planned.value, Target(at, value)) for at, value in targets)


def _outcome(compared: bool, evaluated: list[Finding], kept: list[Finding]) -> Outcome:
    if kept:
        return FAILED
    if evaluated:
        return SKIPPED  # what it found is at values already found wrong
    return PASSED if compared else NOT_APPLICABLE  # nothing compared: an input was absent


def _reads(rule: CompiledRule) -> tuple[str, ...]:
    assert rule.kind is not None
    return tuple(p for p in rule.kind.reads(rule.params) if p)


def _segments(pointer: str) -> tuple[str, ...]:
    return tuple(jp.split(pointer))


def _reads_any(patterns: tuple[tuple[str, ...], ...], wrong: list[tuple[str, ...]]) -> bool:
    """A pointer found wrong lies within, or holds, a value one of the patterns reads."""
    return any(
        all(fnmatchcase(p, r) for p, r in zip(pointer, pattern, strict=False))
        for pattern in patterns
        for pointer in wrong
    )


def _within(pointer: tuple[str, ...], wrong: list[tuple[str, ...]]) -> bool:
    """The pointer is one found wrong, or lies inside one (other than the whole document)."""
    return any(w and pointer[: len(w)] == w for w in wrong)


_UNSAID: Any = object()  # no verdict was read column-wise for the rule


class Said(dict[str, Verdict]):
    """What the compiled rules said of a document column-wise, by rule id (`EXCLUDED`
    where a rule's conditions do not hold), and whether its schema holds. Documents of one
    group that were said the same share one; `decided` is what that decides, once a
    document with no schema finding was checked with nothing but it and its shape: the
    rules' outcomes and the figures they judged, the same for every document that shares
    it and has no schema finding."""

    decided: tuple[dict[str, Outcome], frozenset[str]] | None = None
    schema_valid = False  # the survey's schema holds for the documents, read column-wise


def _applying(rule: CompiledRule, columns: Columns) -> list[bool] | None:
    """Whether the rule's conditions hold for each document of one shape, read column by
    column, each distinct value of a field decided once; None when it has none."""
    conditions = rule.rule.when
    if not conditions:
        return None
    applies = [True] * len(columns)
    for condition in conditions:
        values = columns(condition.field)
        kinds = columns.kinds(condition.field)
        if kinds == _ABSENT and values.count(jp.MISSING) == len(values):  # absent everywhere
            if not condition.holds_for(jp.MISSING):
                return [False] * len(columns)
            continue
        holds = each_distinct(condition.holds_for, values)
        applies = [a and b for a, b in zip(applies, holds, strict=True)]
    return applies


_ABSENT = frozenset({type(jp.MISSING)})


def conditions_hold(rule: CompiledRule, doc: Document) -> bool:
    """The rule's `when` conditions hold for this document."""
    return all(condition.holds(doc.data) for condition in rule.rule.when)
