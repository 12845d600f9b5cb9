"""The tool's own outputs, recognised by their content: a JSON report, an audit's JSON, a
baseline, SARIF, the audit's CSV files. Written inside a folder that is checked later, they
are not report documents: the run skips them and says so once, instead of reporting each
as a document of no survey."""

from __future__ import annotations

from typing import Any

TOOL = "report-validator"
OWN_OUTPUT = "own-output"  # the SourceProblem rule a reader gives such a file


def json_output(data: Any) -> str | None:
    """What kind of the tool's output a parsed JSON text is, or None."""
    if not isinstance(data, dict) or "survey" in data:
        return None
    keys = data.keys()
    if data.get("tool") == TOOL and "findings" in keys:
        return "baseline"
    if {"version", "audit", "summary"} <= keys:
        return "audit report"
    if {"version", "findings", "summary"} <= keys:
        return "JSON report"
    runs = data.get("runs")
    if isinstance(runs, list) and runs and isinstance(runs[0], dict):
        driver = runs[0].get("tool", {})
        driver = driver.get("driver", {}) if isinstance(driver, dict) else {}
        if isinstance(driver, dict) and driver.get("name") == TOOL:
            return "SARIF report"
    return None


def csv_output(header: list[str]) -> str | None:
    """What kind of the tool's output a CSV file is, by its first row, or None."""
    if header[:3] == ["rule", "severity", "message"]:
        return "audit findings CSV"
    if header[:4] == ["rule", "severity", "documents", "checked"]:
        return "audit tallies CSV"
    return None


def skipped_note(sources: list[str]) -> str:
    """What a run says, once, about the outputs it skipped."""
    shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    noun = "file" if len(sources) == 1 else "files"
    return f"skipped {len(sources)} {noun} written by report-validator (not reports): {shown}"
