"""The rule engine: documents in, a report of located findings out.

For each document: the schema check, then every rule of its survey's pack that applies to
its edition and conditions, then cross-edition rules against the previous edition of the
same survey and country when the run holds it. A check that raises becomes an
`internal-error` finding naming the rule; the batch goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from validator import pointer as jp
from validator.arithmetic import to_text
from validator.checks.api import Context, Target, Violation
from validator.document import Document
from validator.findings import Finding, Report, Severity
from validator.quantity import equal
from validator.rulepack.loading import CompiledRule, RulePack
from validator.schema_check import check_schema, surveys
from validator.sources.problems import SourceProblem

_PLACEHOLDER = re.compile(r"\{(actual|expected|pointer|detail)\}")
DEFAULT_MESSAGE = "{detail}: expected {expected}, found {actual}"


@dataclass(frozen=True)
class Selection:
    """--select / --ignore: rule ids or prefixes (`nit`, `nit/`, `schema/type`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, rule_id: str) -> bool:
        if self.select and not any(_matches(rule_id, p) for p in self.select):
            return False
        return not any(_matches(rule_id, p) for p in self.ignore)


def _matches(rule_id: str, prefix: str) -> bool:
    prefix = prefix.rstrip("/")
    return rule_id == prefix or rule_id.startswith(prefix + "/") or rule_id.startswith(prefix + "-")


class Engine:
    def __init__(self, packs: list[RulePack], selection: Selection = Selection()) -> None:
        self.packs = packs
        self.selection = selection
        self.by_survey: dict[str, list[tuple[RulePack, CompiledRule]]] = {}
        self.builtin: dict[str, CompiledRule] = {}
        for pack in packs:
            for rule in pack.rules:
                if rule.kind is None:
                    self.builtin[rule.qualified_id] = rule
                elif pack.spec.survey is not None:
                    self.by_survey.setdefault(pack.spec.survey, []).append((pack, rule))
        self.known_surveys = set(surveys())

    def run(
        self,
        documents: Iterable[Document],
        problems: Iterable[tuple[str, SourceProblem]] = (),
    ) -> Report:
        """Check documents together (cross-edition rules see each other); add source problems."""
        docs = list(documents)
        report = Report(documents=len(docs))
        for source, problem in problems:
            report.findings.extend(
                self._builtin(
                    problem.rule,
                    source,
                    problem.line,
                    problem.column,
                    problem.pointer,
                    problem.message,
                )
            )
        index = {d.identity: d for d in docs if None not in d.identity}
        for doc in docs:
            previous = None
            if doc.survey and doc.country and doc.edition is not None:
                previous = index.get((doc.survey, doc.country, doc.edition - 1))
            report.findings.extend(self.check(doc, previous))
        report.findings.sort()
        return report

    def check(self, doc: Document, previous: Document | None = None) -> list[Finding]:
        survey = doc.survey
        if survey not in self.known_surveys:
            found = doc.data.get("survey")
            known = ", ".join(sorted(self.known_surveys))
            said = "names no survey" if found is None else f"names survey {found!r}"
            return self._located(
                doc,
                "core/unknown-survey",
                "/survey",
                f"the document {said}; expected one of {known}",
            )
        findings: list[Finding] = []
        for keyword, at, message in check_schema(survey, doc.data):
            findings.extend(self._located(doc, f"schema/{keyword}", at, message))
        context: Context | None = None
        for pack, rule in self.by_survey.get(survey, ()):
            if not self.selection.wants(rule.qualified_id) or not _applies(rule, doc):
                continue
            if context is None or context.tables is not pack.spec.tables:
                context = Context(doc, pack.spec.tables, previous)
            findings.extend(self._evaluate(rule, doc, context))
        return findings

    def _evaluate(self, rule: CompiledRule, doc: Document, context: Context) -> Iterator[Finding]:
        assert rule.kind is not None
        targets = (
            [("", doc.data)] if rule.rule.at in ("", "/") else jp.expand(doc.data, rule.rule.at)
        )
        try:
            violations = [
                v
                for at, value in targets
                for v in rule.kind.check(Target(at, value), rule.params, context)
            ]
        except Exception as error:  # a check must never stop the batch
            yield from self._located(
                doc,
                "core/internal-error",
                "",
                f"rule {rule.qualified_id} failed: {type(error).__name__}: {error}",
            )
            return
        severity = Severity.parse(rule.rule.severity)
        for violation in violations:
            line, column = doc.source_map.locate(violation.pointer)
            yield Finding(
                source=doc.source,
                line=line,
                column=column,
                rule=rule.qualified_id,
                pointer=doc.base + violation.pointer,
                severity=severity,
                message=_message(rule.rule.message or DEFAULT_MESSAGE, violation),
                expected=to_text(violation.expected),
                actual=to_text(violation.actual),
                survey=doc.survey,
                country=doc.country,
                edition=doc.edition,
            )

    def _located(self, doc: Document, rule_id: str, at: str, message: str) -> list[Finding]:
        line, column = doc.source_map.locate(at)
        return [
            replace_identity(f, doc)
            for f in self._builtin(rule_id, doc.source, line, column, doc.base + at, message)
        ]

    def _builtin(
        self, rule_id: str, source: str, line: int, column: int, at: str, message: str
    ) -> list[Finding]:
        if not rule_id.startswith(("core/", "schema/")):
            rule_id = "core/" + rule_id
        if not self.selection.wants(rule_id):
            return []
        documented = self.builtin.get(rule_id)
        severity = Severity.parse(documented.rule.severity) if documented else Severity.ERROR
        return [
            Finding(
                source=source,
                line=line,
                column=column,
                rule=rule_id,
                pointer=at,
                severity=severity,
                message=message,
            )
        ]


def replace_identity(finding: Finding, doc: Document) -> Finding:
    return replace(finding, survey=doc.survey, country=doc.country, edition=doc.edition)


def _applies(rule: CompiledRule, doc: Document) -> bool:
    if not rule.rule.editions.contains(doc.edition):
        return False
    for condition in rule.rule.when:
        value = jp.resolve(doc.data, condition.field)
        if condition.present is not None and (value is not jp.MISSING) != condition.present:
            return False
        if condition.equals is not None and not equal(condition.equals, value):
            return False
    return True


def _message(template: str, violation: Violation) -> str:
    values: dict[str, Any] = {
        "actual": to_text(violation.actual),
        "expected": to_text(violation.expected),
        "pointer": violation.pointer,
        "detail": violation.detail,
    }
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)
