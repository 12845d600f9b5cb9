"""`check --statistics` (ruff's name): the number of findings of each rule, most first, in
place of the text report; then the closing line.

    3  error    nit/democracy-score-differs-from-mean  Democracy Score differs from ...
"""

from __future__ import annotations

from collections import Counter

from validator.findings import Report, Severity
from validator.printable import terminal_text
from validator.reporters.text import closing_line


def render(report: Report) -> str:
    counts = Counter((f.rule, f.severity) for f in report.findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0], -item[0][1]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    rule_width = max((len(rule) for rule, _ in counts), default=0)
    lines = []
    for (rule, severity), n in ordered:
        doc = report.rules.get(rule)
        summary = f"  {doc.summary}" if doc is not None and doc.summary else ""
        lines.append(f"{n:>{width}}  {severity.label:<7}  {rule:<{rule_width}}{summary}".rstrip())
    if not report.quiet:
        totals = {s: report.count(s) for s in Severity}
        lines.append(closing_line(report.documents, totals, report.suppressed))
    return "".join(terminal_text(line) + "\n" for line in lines)
