"""What a run read and found: the data model the reporters render (the runner that fills it
is `validator.pipeline.run`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from validator.coverage import Coverage
from validator.document import Document
from validator.findings import Report, RuleDoc, Severity
from validator.pipeline.spool import Spool
from validator.sources.own_outputs import skipped_note
from validator.sources.problems import SourceProblem

Problem = tuple[str, SourceProblem]  # (the source as shown, what it could not give)


@dataclass(frozen=True)
class Given:
    """Documents already read (or made): a run checks them as the documents of one file
    named `name` (a fix's rounds, a rule's cases, documents a caller of the Python API
    holds), with what reading them could not give."""

    name: str
    documents: tuple[Document, ...]
    problems: tuple[Problem, ...] = ()


Input = str | Path | Given  # a file to read, or documents given


@dataclass
class RuleTally:
    """What became of one rule over the audit (R `validate`'s summary: items, passes,
    fails, nNA): documents of its survey checked = passed + failed + skipped + n/a."""

    rule: str
    severity: Severity
    summary: str
    documents: int
    passed: int
    failed: int
    skipped: int  # it reads a value already found wrong
    not_applicable: int  # another edition's rule, a condition, nothing to judge, no previous
    findings: int

    @property
    def checked(self) -> int:
        return self.passed + self.failed

    @property
    def figures(self) -> tuple[int, int, int, int, int, int]:
        """In the order of the summary's columns: checked, passed, failed, skipped, n/a,
        findings."""
        return (
            self.checked,
            self.passed,
            self.failed,
            self.skipped,
            self.not_applicable,
            self.findings,
        )


class LayoutTally(NamedTuple):
    layout: str
    read: int  # documents read in it
    checked: int
    findings: int  # about those documents
    refused: int  # pages recognised in it but not checked (cut, a figure unreadable)


@dataclass
class Run:
    """What a run read and found (`check`, `audit`, `fix`, the hooks and the Python API
    make one the same way); reporters render it, findings and unchecked figures come from
    its spool."""

    spool: Spool
    paths: list[str]
    jobs: int
    started: str  # ISO 8601, local time with offset
    files: int = 0
    files_read: int = 0  # files read and checked to the end
    files_in_part: int = 0  # files shared among processes, part checked when the audit stopped
    checked: int = 0  # documents checked
    waiting: int = 0  # documents read but not checked (the audit stopped first)
    suppressed: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # where an interrupted audit stopped
    rules: dict[str, RuleDoc] = field(default_factory=dict)
    # what became of each rule, worked out when first asked for (a check does not)
    tally: Callable[[], list[RuleTally]] = list
    statuses: dict[str, list[str]] = field(default_factory=dict)  # survey -> order of statuses
    own_outputs: list[str] = field(default_factory=list)  # the tool's own outputs: skipped
    # files found when the run counted them and when it read them, when the two differ (a
    # folder changed during the run: what was there only for the count was not checked)
    changed: tuple[int, int] | None = None
    # figures stated and checked, by survey (the unchecked ones are in the spool)
    coverage: Coverage = field(default_factory=Coverage)
    # report pages recognised by their layout and refused (cut, a figure unreadable), by layout
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def tallies(self) -> list[RuleTally]:
        """What became of each rule: documents checked, passed, failed, skipped, n/a."""
        found: list[RuleTally] | None = self.__dict__.get("_tallies")
        if found is None:
            found = self.__dict__["_tallies"] = self.tally()
        return found

    @property
    def changed_note(self) -> str | None:
        """What to say when the folders changed while the run read them."""
        if self.changed is None:
            return None
        counted, read = self.changed
        return (
            f"the folders changed during the run: {counted:,} files found when it started, "
            f"{read:,} when it read them (a file removed in between was not checked; run "
            "again on a folder at rest)"
        )

    @property
    def files_told(self) -> str:
        """How many files were read, in words (and, when stopped, those read in part)."""
        told = f"{self.files_read:,} of {self.files:,} files read"
        if self.files_in_part:
            told += f" ({self.files_in_part:,} more in part: some of their records checked)"
        return told

    def layouts(self) -> list[LayoutTally]:
        """Per layout a document was read in (report pages, tables): documents read and
        checked, the findings about them, and the pages recognised but refused."""
        rows = {row[0]: row[1:] for row in self.spool.documents_by_layout()}
        names = sorted(set(rows) | set(self.refused))
        return [LayoutTally(name, *rows.get(name, (0, 0, 0)), self.refused[name]) for name in names]

    def other_findings(self) -> list[tuple[str, int]]:
        """Findings by rule for the rules without a tally (core findings, schema keywords:
        the tally counts the schema as one), by rule id."""
        tallied = {t.rule for t in self.tallies}
        return sorted((r, n) for r, n in self.spool.findings_by_rule().items() if r not in tallied)

    @property
    def complete(self) -> bool:
        return self.stopped is None

    def is_failing(self, fail_on: Severity) -> bool:
        by = self.spool.findings_by_severity()
        return any(n for severity, n in by.items() if severity >= fail_on)

    def report(self, list_unchecked: bool = False) -> Report:
        """The run as `check`'s reporters take it: every finding and unchecked figure in
        memory, in the order of every report (file, line, column)."""
        coverage = Coverage(Counter(self.coverage.figures), Counter(self.coverage.checked))
        coverage.unchecked = list(self.spool.unchecked())
        notes = [skipped_note(sorted(self.own_outputs))] if self.own_outputs else []
        if self.changed_note:
            notes.append(self.changed_note)
        return Report(
            findings=list(self.spool.findings()),
            documents=self.checked + self.waiting,
            checked=self.spool.documents(),
            rules=self.rules,
            suppressed=self.suppressed,
            notes=notes,
            coverage=coverage,
            list_unchecked=list_unchecked,
        )
