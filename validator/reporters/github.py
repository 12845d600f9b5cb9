"""GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=...::message`,
escaped as the Actions runner expects (actions/toolkit `command.ts`): in the message `%`, CR
and LF; in property values also `:` and `,`."""

from __future__ import annotations

from validator.findings import Report, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        props = ",".join(
            f"{k}={escape_property(str(v))}"
            for k, v in (("file", f.source), ("line", f.line), ("col", f.column), ("title", f.rule))
        )
        lines.append(f"::{COMMANDS[f.severity]} {props}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
