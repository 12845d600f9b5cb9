"""A loaded rule pack, and what is said of one (the model `loading` fills and `lint` reads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.checks.api import Kind
from validator.findings import Finding, Severity
from validator.locations import data_dir
from validator.rulepack.models import Rule, RulePackFile
from validator.source_map import SourceMap

PACK_PROBLEM = "invalid-rule-pack"
PACK_WARNING = "rule-pack-lint"  # what `rules lint` warns of; it never stops a run


@dataclass(frozen=True)
class CompiledRule:
    pack: str
    id: str
    rule: Rule
    params: Any  # the kind's typed Params
    kind: Kind | None  # None for builtin rules

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}/{self.id}"


@dataclass
class RulePack:
    name: str
    path: Path
    spec: RulePackFile
    rules: list[CompiledRule]
    source_map: SourceMap = field(default_factory=SourceMap)  # where each key is in the file


def schema_folders(packs: list[RulePack]) -> list[Path]:
    """The folders of the packs that are not bundled: each may carry its surveys' schemas."""
    home = data_dir("rules").resolve()
    return [
        folder for folder in dict.fromkeys(p.path.parent for p in packs) if folder.resolve() != home
    ]


def pack_finding(
    path: Path,
    source_map: SourceMap,
    at: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    """A problem of a pack at its file:line (from `at` unless given): `core/invalid-rule-pack`,
    or `core/rule-pack-lint` for a warning."""
    if line is None or column is None:
        line, column = source_map.locate(at)
    return Finding(
        source=str(path),
        line=line,
        column=column,
        rule=f"core/{PACK_PROBLEM if severity == Severity.ERROR else PACK_WARNING}",
        pointer=at,
        severity=severity,
        message=message,
    )
