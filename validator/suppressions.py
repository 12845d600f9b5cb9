"""Inline suppressions in YAML documents: a comment naming the rule and why.

    democracy_score: 1.30  # report-validator: ignore[nit/democracy-score-differs-from-mean] print

The comment applies to its own line, or, standing alone, to the line below it. A rule id may
be a prefix (`nit`). A suppression without a reason does not suppress: it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from validator.findings import Finding, rule_matches

# the reason greedily to its last non-space: a lazy one before `\s*$` retried a run of
# spaces at every character (80,000 spaces took half a minute)
_COMMENT = re.compile(
    r"#\s*report-validator:\s*ignore\[(?P<rules>[^\]]*)\]\s*(?P<reason>(?:.*\S)?)\s*$"
)


@dataclass(frozen=True)
class Suppression:
    line: int  # the line it applies to
    comment_line: int
    column: int
    rules: tuple[str, ...]
    reason: str

    def covers(self, rule_id: str) -> bool:
        return any(rule_matches(rule_id, r) for r in self.rules)


def find_suppressions(text: str) -> list[Suppression]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        alone = not line[: match.start()].strip()
        rules = tuple(r.strip() for r in match.group("rules").split(",") if r.strip())
        found.append(
            Suppression(
                number + 1 if alone else number,
                number,
                match.start() + 1,
                rules,
                match.group("reason"),
            )
        )
    return found


def apply(
    findings: list[Finding],
    suppressions: list[Suppression],
    source: str,
    builtin: Callable[[str, str, int, int, str, str], list[Finding]],
) -> tuple[list[Finding], int]:
    """Leave out what a document's inline comments accept with a reason; say which comments
    do not apply (no reason) or no longer suppress anything (`builtin` makes those
    findings: the pipeline's rules, as selected). Returns what is kept and how many were
    left out."""
    if not suppressions:
        return findings, 0
    kept = []
    suppressed = 0
    used: set[int] = set()
    for finding in findings:
        match = next(
            (
                index
                for index, s in enumerate(suppressions)
                if s.reason and s.line == finding.line and s.covers(finding.rule)
            ),
            None,
        )
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
            suppressed += 1
    for index, s in enumerate(suppressions):
        rules = ", ".join(s.rules)
        if not s.reason:
            rule = "core/suppression-without-reason"
            message = f"suppressing {rules} needs a reason: it does not apply"
        elif index not in used:
            rule = "core/unused-suppression"
            message = f"nothing on line {s.line} is reported by {rules}: the comment can go"
        else:
            continue
        kept.extend(builtin(rule, source, s.comment_line, s.column, "", message))
    return kept, suppressed
