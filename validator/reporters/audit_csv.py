"""The audit as CSV: the findings (one row each, the fields of `check --format json`) and,
beside them in `<name>-tallies.csv`, what became of each rule."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from validator.findings import Finding, Severity
from validator.pipeline.model import Run
from validator.printable import spreadsheet_text

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


def write_findings(audit: Run, out: TextIO) -> None:
    writer = csv.DictWriter(out, FINDING_FIELDS, lineterminator="\n")
    writer.writeheader()
    for finding in audit.spool.findings():
        writer.writerow(
            {
                k: spreadsheet_text(v) if isinstance(v, str) else v
                for k, v in finding.to_dict().items()
            }
        )


def write_tallies(audit: Run, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TALLY_FIELDS)
    for t in audit.tallies:
        writer.writerow(
            [
                t.rule,
                t.severity.label,
                t.documents,
                t.checked,
                t.passed,
                t.failed,
                t.skipped,
                t.not_applicable,
                t.findings,
                t.summary,
            ]
        )
