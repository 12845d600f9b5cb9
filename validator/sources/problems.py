"""What a source adapter reports when a file cannot become a document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
    layout: str = ""  # a report page's, when it was recognised and then refused


@dataclass(frozen=True)
class PageOptions:
    """What the user says about reading: of report pages what a page itself may not say
    (--country, --edition), and how long one file may take to read (--time-budget)."""

    country: str | None = None
    # one edition for every page, or one per survey (a hub page's summaries differ)
    edition: int | Mapping[str, int] | None = None
    time_budget: float | None = DEFAULT_TIME_BUDGET  # seconds; None: no limit
    # page layouts of plug-in packs (rules/layouts/pages/ beside a pack of another index),
    # tried before the bundled ones, and the schemas of their surveys, by survey
    layouts: tuple[Any, ...] = ()
    schemas: Mapping[str, Any] | None = None

    def edition_of(self, survey: str) -> int | None:
        if isinstance(self.edition, Mapping):
            return self.edition.get(survey)
        return self.edition
