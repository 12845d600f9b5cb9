"""Baselines: findings a publisher has accepted, so that a CI gate fails only on new ones.

A baseline file records each finding by a fingerprint of what it is about (rule, source,
survey, country, edition, pointer, expected and actual values), not of its line, so it
survives lines moving. Matching counts: two identical findings need two entries.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from validator.atomic import write_text
from validator.findings import Finding, Report
from validator.reporters.sarif import fingerprint
from validator.sources.text import UnreadableText, read_text

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read."""


def write_baseline(report: Report, path: Path) -> None:
    entries = [{"fingerprint": fingerprint(f), **f.to_dict()} for f in report.findings]
    for entry in entries:  # positions are informative only: they do not take part in matching
        entry["line_when_recorded"] = entry.pop("line")
        entry.pop("column")
    body = {"version": VERSION, "tool": "report-validator", "findings": entries}
    write_text(path, json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def read_baseline(path: Path) -> list[dict[str, object]]:
    try:
        body = json.loads(read_text(path))
        entries = body["findings"]
        if body.get("version") != VERSION or not all("fingerprint" in e for e in entries):
            raise BaselineError(f"{path}: not a report-validator baseline (version {VERSION})")
        return list(entries)
    except UnreadableText as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.problem.message}") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from error


def apply_baseline(report: Report, entries: list[dict[str, object]], name: str) -> None:
    """Leave out the findings the baseline accepts; note how many, and which entries are gone."""
    accepted = Counter(str(e["fingerprint"]) for e in entries)
    kept: list[Finding] = []
    matched = 0
    for finding in report.findings:
        key = fingerprint(finding)
        if accepted[key] > 0:
            accepted[key] -= 1
            matched += 1
        else:
            kept.append(finding)
    report.findings = kept
    report.suppressed += matched
    gone = []
    for entry in entries:  # what the counts still hold was not matched by any finding
        key = str(entry["fingerprint"])
        if accepted[key] > 0:
            accepted[key] -= 1
            gone.append(entry)
    report.notes.append(
        f"{name}: {matched} findings accepted by the baseline, "
        f"{len(gone)} baseline entries no longer occur"
    )
    for entry in gone:
        report.notes.append(
            f"  no longer occurs: {entry.get('rule')} {entry.get('source')} "
            f"{entry.get('pointer')} ({entry.get('country')}, {entry.get('edition')})"
        )
