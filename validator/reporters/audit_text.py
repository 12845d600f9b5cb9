"""The audit's summary on the terminal: what was read (per survey and edition), what became
of each rule (checked, passed, failed, skipped, not applicable, findings), the other
findings by rule, the worst documents, the first findings with their messages and where
the rest are, the figure coverage, and one closing line like `check`'s. `--quiet`: the
coverage and closing lines only."""

from __future__ import annotations

import textwrap
from itertools import groupby

from validator.coverage import summary_line
from validator.pipeline.model import Run
from validator.printable import terminal_text
from validator.reporters.text import closing_line, counted

WORST = 10
FIRST = 10  # findings shown with their messages


def render(audit: Run, quiet: bool = False, reports: tuple[str, ...] = ()) -> str:
    """The summary; `reports`: the files this audit writes (where every finding is)."""
    if quiet:
        return _lines([*_coverage(audit, reports), _closing(audit)])
    spool = audit.spool
    out: list[str] = [_heading(audit), ""]
    out += ["Documents by survey and edition (edition: documents)"]
    by_edition = spool.documents_by_edition()
    for survey, rows in groupby(by_edition, key=lambda r: r[0]):
        rows_ = list(rows)
        total = sum(r[2] for r in rows_)
        name = (survey or "no survey").upper() if survey else "(no survey)"
        cells = "  ".join(f"{edition}: {read:,}" for _, edition, read, _, _ in rows_ if edition)
        out.append(f"  {name}: {counted(total, 'document')}")
        if cells:
            out += textwrap.wrap(cells, 96, initial_indent="    ", subsequent_indent="    ")
    if not by_edition:
        out.append("  none")
    out += ["", *_layouts(audit), *_rule_table(audit), *_other_findings(audit), *_worst(audit)]
    out += [*_first_findings(audit, reports), *_coverage(audit, reports), _closing(audit)]
    return _lines(out)


def _layouts(audit: Run) -> list[str]:
    """Report pages and tables by the layout they were read in: how many were read and
    checked, found wrong, or recognised and refused."""
    tallies = audit.layouts()
    if not tallies:
        return []
    width = max(len(t.layout) for t in tallies)
    lines = ["Documents by layout (pages and tables: read, checked, findings; pages refused)"]
    for t in tallies:
        line = (
            f"  {t.layout:<{width}}  {t.read:>7,} read  {t.checked:>7,} checked"
            f"  {t.findings:>6,} findings"
        )
        if t.refused:
            line += f"  {t.refused:,} refused (cut, or a figure unreadable)"
        lines.append(line)
    return [*lines, ""]


def _lines(lines: list[str]) -> str:
    """The lines for a terminal: a name or message from the data cannot act on it."""
    return "\n".join(terminal_text(line) for line in lines) + "\n"


def _first_findings(audit: Run, reports: tuple[str, ...]) -> list[str]:
    """The first findings as `check` prints them, and where all of them are."""
    total = sum(audit.spool.findings_by_severity().values())
    if not total:
        return []
    lines = [f"First findings ({min(FIRST, total)} of {total:,}, in the order of the files)"]
    for index, f in enumerate(audit.spool.findings()):
        if index == FIRST:
            break
        lines.append(f"  {f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
    if reports:
        lines.append(f"  every finding: {', '.join(reports)}")
    else:
        lines.append("  every finding: --html, --json or --csv FILE (or `report-validator check`)")
    return [*lines, ""]


def _coverage(audit: Run, reports: tuple[str, ...]) -> list[str]:
    """`Figures: 129,868, 100% checked`, and where the unchecked ones are listed."""
    coverage = audit.coverage
    if not coverage.total:
        return []
    line = "Figures: " + summary_line(coverage)
    missing = audit.spool.unchecked_count()
    if missing:
        where = ", ".join(reports) if reports else "--json or --html FILE"
        line += f"; {missing:,} unchecked (no rule compared them: listed in {where})"
    return [line]


def _heading(audit: Run) -> str:
    processes = "1 process" if audit.jobs == 1 else f"{audit.jobs} processes"
    read = f"{audit.files_told}"
    return (
        f"Audit of {', '.join(audit.paths)}: {read}, {audit.checked:,} documents checked "
        f"({processes}, {audit.seconds:.1f} s)"
    )


def _rule_table(audit: Run) -> list[str]:
    rows = [t for t in audit.tallies if t.documents or t.findings]
    if not rows:
        return []
    width = max(len(t.rule) for t in rows)
    head = ("checked", "passed", "failed", "skipped", "n/a", "findings")
    lines = [
        "Rules (checked = passed + failed; skipped: reads a value already found wrong)",
        f"  {'rule':<{width}}  {'severity':<8}" + "".join(f"{h:>10}" for h in head),
    ]
    for t in rows:
        lines.append(
            f"  {t.rule:<{width}}  {t.severity.label:<8}" + "".join(f"{n:>10,}" for n in t.figures)
        )
    return [*lines, ""]


def _other_findings(audit: Run) -> list[str]:
    # the schema's keywords first, then the rest
    rows = sorted(audit.other_findings(), key=lambda row: (not row[0].startswith("schema/"), row))
    if not rows:
        return []
    width = max(len(rule) for rule, _ in rows)
    lines = ["Other findings (files that could not be read, schema keywords, conflicts)"]
    lines += [f"  {rule:<{width}}  {n:>10,}" for rule, n in rows]
    return [*lines, ""]


def _worst(audit: Run) -> list[str]:
    worst = audit.spool.worst(WORST)
    if not worst:
        return []
    lines = [f"Worst documents (most errors, then warnings; first {WORST})"]
    for w in worst:
        errors = counted(w.errors, "error").rjust(12)
        warnings = counted(w.warnings, "warning").rjust(14)
        lines.append(f"  {errors} {warnings}  {w.name} ({w.where})")
    return [*lines, ""]


def _closing(audit: Run) -> str:
    by = audit.spool.findings_by_severity()
    line = closing_line(audit.checked, by, audit.suppressed, ",")
    if audit.stopped:
        line += f"\nPARTIAL: {audit.stopped}; {audit.files_told}"
        if audit.waiting:
            line += f", {audit.waiting:,} documents read but not checked"
    return line
