"""The audit as JSON, for further analysis (docs/audit.md):

    {"version": 1, "tool": {"name", "version"},
     "audit": {paths, started, seconds, jobs, files, files_read, files_in_part,
     documents_checked, documents_not_checked, suppressed, complete, stopped},
     "summary": {findings, errors, warnings, infos, figures, figures_checked,
                 figures_unchecked, coverage: {survey: {figures, checked}}},
     "documents": [{survey, edition, read, checked, records}],
     "layouts": [{layout, read, checked, findings, refused}],
     "statuses": [{survey, edition, status, records}],
     "rules": [{rule, severity, summary, documents, checked, passed, failed, skipped,
                not_applicable, findings}],
     "findings_by_edition": [{survey, edition, rule, findings}],
     "worst_documents": [{source, line, survey, country, edition, errors, warnings,
                          findings}],
     "findings": [the objects of `check --format json`],
     "unchecked": [the figures no rule compared, as in `check --format json`]}

Findings and unchecked figures are written one at a time: the report never has to fit in
memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from validator.findings import Severity
from validator.pipeline.model import Run
from validator.printable import json_text
from validator.reporters.json_report import TOOL

VERSION = 1
WORST = 100


def summary(audit: Run) -> dict[str, Any]:
    """Everything but the findings (what the HTML report embeds as well)."""
    spool = audit.spool
    by = spool.findings_by_severity()
    return {
        "version": VERSION,
        "tool": TOOL,
        "audit": {
            "paths": audit.paths,
            "started": audit.started,
            "seconds": round(audit.seconds, 3),
            "jobs": audit.jobs,
            "files": audit.files,
            "files_read": audit.files_read,
            "files_in_part": audit.files_in_part,
            "documents_checked": audit.checked,
            "documents_not_checked": audit.waiting,
            "suppressed": audit.suppressed,
            "complete": audit.complete,
            "stopped": audit.stopped,
        },
        "summary": {
            "findings": sum(by.values()),
            "errors": by.get(Severity.ERROR, 0),
            "warnings": by.get(Severity.WARNING, 0),
            "infos": by.get(Severity.INFO, 0),
            "figures": audit.coverage.total,
            "figures_checked": audit.coverage.total_checked,
            "figures_unchecked": spool.unchecked_count(),
            "coverage": {
                survey: {"figures": n, "checked": c} for survey, n, c in audit.coverage.by_survey()
            },
        },
        "documents": [
            {"survey": s, "edition": e, "read": n, "checked": c, "records": r}
            for s, e, n, c, r in spool.documents_by_edition()
        ],
        "layouts": [
            {
                "layout": t.layout,
                "read": t.read,
                "checked": t.checked,
                "findings": t.findings,
                "refused": t.refused,
            }
            for t in audit.layouts()
        ],
        "statuses": [
            {"survey": s, "edition": e, "status": status, "records": n}
            for s, e, status, n in spool.statuses()
        ],
        "status_order": audit.statuses,
        "rules": [
            {
                "rule": t.rule,
                "severity": t.severity.label,
                "summary": t.summary,
                "documents": t.documents,
                "checked": t.checked,
                "passed": t.passed,
                "failed": t.failed,
                "skipped": t.skipped,
                "not_applicable": t.not_applicable,
                "findings": t.findings,
            }
            for t in audit.tallies
        ],
        "findings_by_rule": spool.findings_by_rule(),
        "findings_by_edition": [
            {"survey": s, "edition": e, "rule": rule, "findings": n}
            for s, e, rule, n in spool.findings_by_edition()
        ],
        "worst_documents": [w._asdict() for w in spool.worst(WORST)],
    }


def write(audit: Run, out: TextIO) -> None:
    head = json_text(json.dumps(summary(audit), indent=2, ensure_ascii=False))
    out.write(head[: head.rindex("}")].rstrip() + ',\n  "findings": [')
    _write_items(out, (finding.to_dict() for finding in audit.spool.findings()))
    out.write('\n  ],\n  "unchecked": [')
    _write_items(out, (figure.to_dict() for figure in audit.spool.unchecked()))
    out.write("\n  ]\n}\n")


def _write_items(out: TextIO, items: Iterator[dict[str, Any]]) -> None:
    """The items of a JSON list, one a line, as they come from the spool."""
    for index, item in enumerate(items):
        out.write(
            ("," if index else "") + "\n    " + json_text(json.dumps(item, ensure_ascii=False))
        )
