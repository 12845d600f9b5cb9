"""SARIF 2.1.0 (the OASIS Static Analysis Results Interchange Format), as code-scanning
services read it: every rule in tool.driver.rules, each finding a result with its physical
location (artifact URI relative to the working directory) and, in `properties`, the JSON
pointer, expected and actual values and the document's identity."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from validator.findings import Finding, Report, Severity
from validator.printable import json_text
from validator.version import __version__

PROPERTIES = ("pointer", "expected", "actual", "survey", "country", "edition")
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def artifact_uri(source: str) -> str:
    """A relative URI for a path: relative to the working directory when it lies below it."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix())


def fingerprint(finding: Finding) -> str:
    """Stable across line shifts: what the finding is about, not where the line happens to be."""
    parts = (
        finding.rule,
        finding.source,
        finding.survey,
        finding.country,
        finding.edition,
        finding.pointer,
        finding.expected,
        finding.actual,
    )
    text = json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()


def render(report: Report) -> str:
    ids = sorted(report.rules)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    rules = []
    for rule_id in ids:
        doc = report.rules[rule_id]
        rules.append(
            {
                "id": rule_id,
                "shortDescription": {"text": doc.summary},
                "fullDescription": {"text": doc.rationale.strip()},
                "help": {"text": f"{doc.fix.strip()} (source: {doc.source})"},
                "defaultConfiguration": {"level": LEVELS[doc.severity]},
            }
        )
    results = [_result(f, index) for f in report.findings]
    run = {
        "tool": {
            "driver": {
                "name": "report-validator",
                "version": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    body = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(body, indent=2, ensure_ascii=False)) + "\n"


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.source)},
                    "region": {
                        "startLine": max(finding.line, 1),
                        "startColumn": max(finding.column, 1),
                    },
                },
                "logicalLocations": [
                    {"fullyQualifiedName": finding.pointer or "/", "kind": "element"}
                ],
            }
        ],
        "partialFingerprints": {"reportValidator/v1": fingerprint(finding)},
        "properties": {k: v for k, v in finding.to_dict().items() if k in PROPERTIES},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    return result
