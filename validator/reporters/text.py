"""`path:line:col: severity rule-id message`, sorted, one line each; with `--coverage`,
each figure no rule checked; then the figure coverage and the closing line (not with
`--quiet`)."""

from __future__ import annotations

from collections.abc import Mapping

from validator.coverage import Coverage, summary_line
from validator.findings import Report, Severity
from validator.printable import terminal_text


def render(report: Report) -> str:
    lines = [
        f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}"
        for f in report.findings
    ]
    if report.list_unchecked:
        lines.extend(unchecked_lines(report.coverage))
    if not report.quiet:
        if report.coverage.total:
            lines.append(coverage_line(report.coverage, report.list_unchecked))
        counts = {s: report.count(s) for s in Severity}
        lines.append(closing_line(report.documents, counts, report.suppressed))
    return "".join(terminal_text(line) + "\n" for line in lines)


def unchecked_lines(coverage: Coverage) -> list[str]:
    """`path:line:col: unchecked /pointer = value`, in the order of the findings."""
    return [
        f"{u.source}:{u.line}:{u.column}: unchecked {u.pointer} = {u.value} (no rule compared it)"
        for u in sorted(coverage.unchecked)
    ]


def coverage_line(coverage: Coverage, listed: bool) -> str:
    """`figures: 252, 99.2% checked (FIW 99.5%, NIT 100%); 2 unchecked (--coverage lists
    them)`."""
    line = "figures: " + summary_line(coverage)
    missing = len(coverage.unchecked)
    if missing:
        line += f"; {missing:,} unchecked" + ("" if listed else " (--coverage lists them)")
    return line


def counted(number: int, noun: str, digits: str = ",") -> str:
    """`1 document`, `2 documents`, `12,281 documents` (an English plural: noun + s)."""
    return f"{format(number, digits)} {noun}{'' if number == 1 else 's'}"


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
    line = f"{counted(documents, 'document', digits)} checked: "
    if not (errors or warnings or infos):
        line += "no findings"
    else:
        line += f"{counted(errors, 'error', digits)}, {counted(warnings, 'warning', digits)}"
        if infos:
            line += f", {n(infos)} info"
    if suppressed:
        line += f" ({n(suppressed)} suppressed)"
    return line
