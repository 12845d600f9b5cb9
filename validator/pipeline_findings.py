"""The findings the pipeline itself makes (`core/...`, `schema/...`), and where they go.

A rule of a pack finds through its kind; the pipeline finds what reading, the schema, an
inline suppression, a record given twice or a crash of a check say. Those rules are
documented in the core pack like any other (severity included) and answer to --select and
--ignore; `Builtins` makes their findings, located in the document they are about, and
renders a rule's message template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from validator.arithmetic import to_text
from validator.checks.api import Violation
from validator.document import Document
from validator.findings import Finding, Severity, rule_matches
from validator.packs.loading import CompiledRule

_PLACEHOLDER = re.compile(r"\{(actual|expected|pointer|detail)\}")
DEFAULT_MESSAGE = "{detail}: expected {expected}, found {actual}"


@dataclass(frozen=True)
class Selection:
    """--select / --ignore: rule ids or prefixes (`nit`, `nit/`, `schema/type`)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, rule_id: str) -> bool:
        if self.select and not any(rule_matches(rule_id, p) for p in self.select):
            return False
        return not any(rule_matches(rule_id, p) for p in self.ignore)


@dataclass(frozen=True)
class Builtins:
    """The pipeline's own rules (from the packs, `check: builtin`) and the run's selection."""

    rules: dict[str, CompiledRule]
    selection: Selection

    def finding(
        self, rule_id: str, source: str, line: int, column: int, at: str, message: str
    ) -> list[Finding]:
        """The finding, or none when the selection leaves the rule out."""
        if not rule_id.startswith(("core/", "schema/")):
            rule_id = "core/" + rule_id
        if not self.selection.wants(rule_id):
            return []
        documented = self.rules.get(rule_id)
        severity = Severity.parse(documented.rule.severity) if documented else Severity.ERROR
        return [Finding(source, line, column, rule_id, at, severity, message)]

    def located(self, doc: Document, rule_id: str, at: str, message: str) -> list[Finding]:
        """The finding at `at` in the document, naming the record it is about."""
        line, column = doc.source_map.locate(at)
        found = self.finding(rule_id, doc.source, line, column, at, noted(message, doc, at))
        return [
            replace(f, survey=doc.survey, country=doc.country, edition=doc.edition) for f in found
        ]


def noted(message: str, doc: Document, pointer: str) -> str:
    """The message, with where the value is in words when the source has that (a cell)."""
    note = doc.source_map.describe(pointer)
    return f"{message} [{note}]" if note else message


def render(template: str | None, violation: Violation) -> str:
    """A rule's message template (or the default one) filled with what its check found."""
    values: dict[str, Any] = {
        "actual": to_text(violation.actual),
        "expected": to_text(violation.expected),
        "pointer": violation.pointer,
        "detail": violation.detail,
    }
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template or DEFAULT_MESSAGE)
