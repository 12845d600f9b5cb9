"""The JSON output, a stable contract (docs/json-output.md):

    {"version": 1, "tool": {"name", "version"},
     "findings": [{"rule", "severity", "message", "source", "line", "column",
     "pointer", "expected", "actual", "survey", "country", "edition"}],
     "summary": {"documents", "findings", "errors", "warnings", "infos", "suppressed",
                 "figures", "figures_checked", "coverage": {survey: {"figures", "checked"}}},
     "unchecked": [{"source", "line", "column", "pointer", "value", "survey", "country",
                    "edition"}]}

`expected` and `actual` are strings (exact decimals such as "0.10"), or null.
"""

from __future__ import annotations

import json

from validator.findings import Report, Severity
from validator.printable import json_text
from validator.version import __version__

VERSION = 1  # of the format; the tool's own version is in "tool"
TOOL = {"name": "report-validator", "version": __version__}


def render(report: Report) -> str:
    body = {
        "version": VERSION,
        "tool": TOOL,
        "findings": [f.to_dict() for f in report.findings],
        "summary": {
            "documents": report.documents,
            "findings": len(report.findings),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "suppressed": report.suppressed,
            "figures": report.coverage.total,
            "figures_checked": report.coverage.total_checked,
            "coverage": {
                survey: {"figures": n, "checked": c} for survey, n, c in report.coverage.by_survey()
            },
        },
        "unchecked": [u.to_dict() for u in sorted(report.coverage.unchecked)],
    }
    return json_text(json.dumps(body, indent=2, ensure_ascii=False)) + "\n"
