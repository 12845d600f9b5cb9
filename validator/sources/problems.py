"""What a source adapter reports when a file cannot become a document."""

from __future__ import annotations

from dataclasses import dataclass

# Seconds one file may take to read: the official workbooks read in 1-3 s; a file that takes
# longer than this is hostile or broken, and is a finding, not a hang.
DEFAULT_TIME_BUDGET = 60.0


@dataclass(frozen=True)
class SourceProblem:
    """A parse error, duplicate key or unreadable file, before any rule runs."""

    rule: str  # a rule id of the core pack: parse-error, duplicate-key, unreadable-file ...
    line: int
    column: int
    message: str
    pointer: str = ""


@dataclass(frozen=True)
class PageOptions:
    """What the user says about reading: of report pages what a page itself may not say
    (--country, --edition), and how long one file may take to read (--time-budget)."""

    country: str | None = None
    edition: int | None = None
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds; None: no limit
