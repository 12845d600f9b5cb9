"""The audit as CSV: the findings (one row each, the fields of `check --format json`) and,
beside them in `<name>-tallies.csv`, what became of each rule.

Cells hold the values as they are (RFC 4180), for the tools that read CSV as data (pandas,
R, DuckDB, csvkit): `-4 to 40` stays `-4 to 40`. `--csv-for-spreadsheets` writes for a
spreadsheet instead: a text cell that starts as a formula would (`=`, `+`, `-`, `@`, a tab,
a carriage return) gets a leading apostrophe, which the spreadsheet shows as text and never
runs (OWASP's advice against CSV injection); a data tool would read that apostrophe as part
of the value.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from validator.findings import Finding, Severity
from validator.pipeline.model import Run
from validator.printable import spreadsheet_text, unicode_text

Write = Callable[[Run, TextIO], None]

FINDING_FIELDS = list(Finding("", 0, 0, "", "", Severity.ERROR, "").to_dict())
TALLY_FIELDS = [
    "rule",
    "severity",
    "documents",
    "checked",
    "passed",
    "failed",
    "skipped",
    "not_applicable",
    "findings",
    "summary",
]


def tallies_path(findings: Path) -> Path:
    """`audit.csv` -> `audit-tallies.csv`, in the same folder."""
    return findings.with_name(f"{findings.stem}-tallies{findings.suffix or '.csv'}")


def writers(for_spreadsheets: bool) -> tuple[Write, Write]:
    """The findings' and the tallies' writers, with the formula guard or without."""
    cell = spreadsheet_text if for_spreadsheets else unicode_text

    def findings(audit: Run, out: TextIO) -> None:
        write_findings(audit, out, cell)

    def tallies(audit: Run, out: TextIO) -> None:
        write_tallies(audit, out, cell)

    return findings, tallies


def write_findings(audit: Run, out: TextIO, cell: Callable[[str], str] = unicode_text) -> None:
    writer = csv.DictWriter(out, FINDING_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in audit.spool.findings():
        writer.writerow(
            {k: cell(v) if isinstance(v, str) else v for k, v in finding.to_dict().items()}
        )


def write_tallies(audit: Run, out: TextIO, cell: Callable[[str], str] = unicode_text) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TALLY_FIELDS)
    for t in audit.tallies:
        writer.writerow(
            [
                cell(t.rule),
                t.severity.label,
                t.documents,
                t.checked,
                t.passed,
                t.failed,
                t.skipped,
                t.not_applicable,
                t.findings,
                cell(t.summary),
            ]
        )
