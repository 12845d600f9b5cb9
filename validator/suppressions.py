"""Inline suppressions in YAML documents: a comment naming the rule and why.

    democracy_score: 1.30  # report-validator: ignore[nit/democracy-score-differs-from-mean] print

The comment applies to its own line, or, standing alone, to the line below it. A rule id may
be a prefix (`nit`). A suppression without a reason does not suppress: it is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator.findings import rule_matches

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
