"""What a source adapter reports when a file cannot become a document."""

from __future__ import annotations

from dataclasses import dataclass


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
    """What the user says about report pages that a page itself may not (--country, --edition)."""

    country: str | None = None
    edition: int | None = None
