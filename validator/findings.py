"""The one flat, frozen finding type and the report a run produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from validator.coverage import Coverage


class Severity(IntEnum):
    """Ordered so that `--fail-on` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, what was expected and what was found.

    Field order is the sort order of every report: by file, then position.
    """

    source: str
    line: int
    column: int
    rule: str
    pointer: str
    severity: Severity
    message: str
    expected: str | None = None
    actual: str | None = None
    survey: str | None = None
    country: str | None = None
    edition: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding in the JSON output's field order (docs/json-output.md)."""
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "expected": self.expected,
            "actual": self.actual,
            "survey": self.survey,
            "country": self.country,
            "edition": self.edition,
        }


@dataclass(frozen=True)
class RuleDoc:
    """What a reporter may say about a rule (SARIF's tool.driver.rules)."""

    id: str
    summary: str
    rationale: str
    fix: str
    source: str
    severity: Severity


Checked = tuple[str, str | None, str | None, int | None]  # source, survey, country, edition


@dataclass
class Report:
    """What the engine produced: findings, the documents read, the rules that could report."""

    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    checked: list[Checked] = field(default_factory=list)
    rules: dict[str, RuleDoc] = field(default_factory=dict)
    suppressed: int = 0  # findings left out by a baseline or an inline suppression
    notes: list[str] = field(default_factory=list)  # what a person should know about the run
    coverage: Coverage = field(default_factory=lambda: _coverage())
    list_unchecked: bool = False  # --coverage: reporters list each unchecked figure
    fail_on: Severity = Severity.ERROR  # --fail-on: what fails the run (JUnit's failing cases)
    quiet: bool = False  # --quiet: the text report's findings only, no closing lines

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def is_failing(self, fail_on: Severity) -> bool:
        return any(f.severity >= fail_on for f in self.findings)


def rule_matches(rule_id: str, prefix: str) -> bool:
    """`nit`, `nit/`, `nit/democracy-score` and the full id all name
    `nit/democracy-score-differs-from-mean` (--select, --ignore, inline suppressions)."""
    prefix = prefix.rstrip("/")
    return rule_id == prefix or rule_id.startswith((prefix + "/", prefix + "-"))


def _coverage() -> Coverage:
    from validator.coverage import Coverage

    return Coverage()
