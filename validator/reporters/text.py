"""`path:line:col: severity rule-id message`, sorted, one line each, then a summary line."""

from __future__ import annotations

from validator.findings import Report, Severity


def render(report: Report) -> str:
    lines = [
        f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"
        for f in report.findings
    ]
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    noun = "document" if report.documents == 1 else "documents"
    summary = f"{report.documents} {noun} checked: "
    if not report.findings:
        summary += "no findings"
    else:
        summary += f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        if infos:
            summary += f", {infos} info"
    if report.suppressed:
        summary += f" ({report.suppressed} suppressed)"
    return "\n".join([*lines, summary]) + "\n"
