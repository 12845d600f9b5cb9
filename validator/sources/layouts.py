"""Layouts of tabular sources (the official spreadsheets and their CSV exports), as data.

A layout (rules/layouts/*.yaml) says how to recognise a table (texts at given header rows),
its shape, which column fills which document field, and the codes a column uses (F, PF,
NF). Three shapes are known: `rows` (one document per row), `edition-triples` (one row per
entity, one column group per edition, the edition label in `edition_row`) and
`edition-columns` (one row per entity, each column names its edition: `FIW03 PR`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, Literal

from validator.locations import data_dir
from validator.rulepack.build import BuildError, build
from validator.rulepack.models import FORBID_EXTRA
from validator.sources.yaml_source import parse_yaml


@dataclass(frozen=True)
class Mark:
    """The text `text` appears in row `row` (1-based)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    row: int
    text: str


@dataclass(frozen=True)
class Column:
    """Where a column's cells go, and how they are read."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    field: str  # JSON pointer in the document
    codes: dict[str, str | int | bool] = dataclasses.field(
        default_factory=dict
    )  # cell text -> value
    whole_number: bool = False  # a cell that is not a whole number makes the record unreadable
    edition: int | None = None  # shape edition-columns: the edition this column belongs to
    edition_label: bool = False  # the cell is an edition label (`1999-2000`): read as its year


@dataclass(frozen=True)
class Layout:
    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID_EXTRA
    layout: str
    survey: str
    summary: str
    source: str
    shape: Literal["rows", "edition-triples", "edition-columns"]
    header_row: int
    identify: tuple[Mark, ...]
    columns: dict[str, Column]
    ignored: tuple[str, ...] = ()
    edition_row: int | None = None
    name_column: int = 1
    not_rated: str | None = None
    sheet_fields: dict[str, dict[str, str | int | bool]] = dataclasses.field(default_factory=dict)
    ends_at_blank_row: bool = False  # the table stops at its first blank row (notes follow)

    def matches(self, rows: dict[int, dict[int, Any]]) -> bool:
        return all(
            any(_text(cell) == mark.text for cell in rows.get(mark.row, {}).values())
            for mark in self.identify
        )


def _text(cell: Any) -> str:
    return cell.strip() if isinstance(cell, str) else str(cell)


@cache
def layouts() -> tuple[Layout, ...]:
    """The bundled layouts; an invalid one is a programming error caught by the tests."""
    found = []
    for path in sorted((data_dir("rules") / "layouts").glob("*.yaml")):
        data, _, problems = parse_yaml(path.read_text(encoding="utf-8"))
        if problems:
            raise BuildError(f"{path}: {problems[0].message}")
        found.append(build(Layout, data))
    return tuple(found)


def layout_for(rows: dict[int, dict[int, Any]]) -> Layout | None:
    return next((layout for layout in layouts() if layout.matches(rows)), None)


def moved_header(rows: dict[int, dict[int, Any]]) -> str | None:
    """Why no layout matched, when one would with its rows shifted (a row inserted or
    deleted above the header): the layout and the rows it expects and finds."""
    for layout in layouts():
        for shift in range(-5, 21):
            if shift and all(
                any(_text(c) == mark.text for c in rows.get(mark.row + shift, {}).values())
                for mark in layout.identify
            ):
                return (
                    f"the header of layout {layout.layout} is in row {layout.header_row + shift}, "
                    f"not row {layout.header_row} (a row was inserted or deleted above it)"
                )
    return None


def layout_names() -> list[str]:
    return [layout.layout for layout in layouts()]
