"""`path:line:col: severity rule-id message`, sorted, one line each, then a summary line."""

from __future__ import annotations

from collections.abc import Mapping

from validator.findings import Report, Severity


def render(report: Report) -> str:
    lines = [
        f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"
        for f in report.findings
    ]
    counts = {s: report.count(s) for s in Severity}
    summary = closing_line(report.documents, counts, report.suppressed)
    return "\n".join([*lines, summary]) + "\n"


def closing_line(
    documents: int, counts: Mapping[Severity, int], suppressed: int, digits: str = ""
) -> str:
    """`N documents checked: E errors, W warnings[, I info][ (S suppressed)]`, or `no
    findings`; `digits` formats the numbers (`","` groups thousands)."""

    def n(value: int) -> str:
        return format(value, digits)

    errors, warnings, infos = (
        counts.get(s, 0) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    noun = "document" if documents == 1 else "documents"
    line = f"{n(documents)} {noun} checked: "
    if not (errors or warnings or infos):
        line += "no findings"
    else:
        line += (
            f"{n(errors)} error{'s' * (errors != 1)}, {n(warnings)} warning{'s' * (warnings != 1)}"
        )
        if infos:
            line += f", {n(infos)} info"
    if suppressed:
        line += f" ({n(suppressed)} suppressed)"
    return line
