"""A canonical report document: one survey, country and edition, with its source map."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.source_map import SourceMap
from validator.suppressions import Suppression


@dataclass
class Document:
    source: str
    data: dict[str, Any]
    source_map: SourceMap = field(default_factory=SourceMap)
    suppressions: list[Suppression] = field(default_factory=list)  # inline, YAML comments
    # pointers the source already reported as errors (a duplicate key, a number out of
    # bounds): no schema keyword or rule reports them again
    flagged: tuple[str, ...] = ()

    @property
    def survey(self) -> str | None:
        value = self.data.get("survey")
        return value if isinstance(value, str) else None

    @property
    def country(self) -> str | None:
        value = self.data.get("country")
        return value if isinstance(value, str) else None

    @property
    def edition(self) -> int | None:
        value = self.data.get("edition")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def identity(self) -> tuple[str | None, str | None, int | None]:
        return (self.survey, self.country, self.edition)
