"""Tables (spreadsheet sheets, CSV files) to documents, by a layout from rules/layouts/.

Every field keeps the position of its cell: the line is the spreadsheet row (1-based, as the
spreadsheet shows it), the column the cell's column, and each finding names the cell
(`FIW13-24!W1234 (PR)`). A record whose cells cannot be read as the layout says (a split
rating such as `2(5)`) is an `unreadable-cell` problem and is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from validator import pointer as jp
from validator.document import Document
from validator.source_map import Position, SourceMap
from validator.sources.layouts import Column, Layout, _text
from validator.sources.numbers import RawNumber, out_of_bounds
from validator.sources.problems import SourceProblem
from validator.sources.text import MAX_RECORDS, too_many_records
from validator.sources.xlsx_reader import Area, Formula

Rows = dict[int, dict[int, Any]]


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def edition_from_label(label: Any) -> int | None:
    """`2003` -> 2003, `Jan.-Feb. 1973` -> 1973, `1983-84` -> 1984, `1999-2000` -> 2000."""
    if isinstance(label, int) and not isinstance(label, bool):
        return label
    numbers = re.findall(r"\d+", str(label))
    if not numbers:
        return None
    last = numbers[-1]
    if len(last) == 4:
        return int(last)
    first = next((n for n in numbers if len(n) == 4), None)
    if first is None or len(last) != 2:
        return None
    year = int(first[:2] + last)
    return year + 100 if year < int(first) else year


Cells = dict[str, tuple[int, str]]  # pointer -> its cell's column, and header


class _Record:
    """One document being filled from cells."""

    def __init__(self, layout: Layout, sheet: str, row: int) -> None:
        self.data: dict[str, Any] = {"survey": layout.survey}
        self.layout = layout.layout
        # pointer -> column, header: positions and notes are made from it when a finding
        # asks (most rows have none); `filled`: the cells a plan filled, shared by the
        # records that filled the same ones
        self.cells: Cells = {}
        self.filled: _Filled | None = None
        self.sheet, self.row = sheet, row
        for at, value in layout.sheet_fields.get(sheet, {}).items():
            self.put(at, value, None, "")

    def put(self, at: str, value: Any, column: int | None, header: str) -> None:
        _assign(self.data, _path(at), value)
        if column is not None:
            self.cells[at] = (column, header)

    def document(self, shown: str) -> Document:
        """The record as a document; each note also names the entity and edition it is about
        (written when a finding first asks for one)."""
        who = " ".join(str(self.data[k]) for k in ("country", "edition") if k in self.data)
        filled = self.filled
        if filled is None:
            every, shape_keys = self.cells, tuple(self.cells)
        elif self.cells:
            every = {**self.cells, **filled.cells}
            shape_keys = tuple(every)
        else:
            every, shape_keys = filled.cells, filled.pointers
        cells = _Cells(self.sheet, self.row, every, who)
        shape = (self.sheet, shape_keys)  # the cells filled: the data's keys
        source_map = SourceMap(build=cells.positions, build_notes=cells.notes)
        return Document(shown, self.data, source_map, shape=shape, layout=self.layout)


def _assign(data: dict[str, Any], path: tuple[tuple[str, ...], str], value: Any) -> None:
    parents, last = path
    node = data
    for segment in parents:
        node = node.setdefault(segment, {})
    node[last] = value


@dataclass(frozen=True)
class _Filled:
    """The cells a plan filled in a record, by pointer, in the order filled."""

    cells: Cells
    pointers: tuple[str, ...]


class _Plan:
    """How the chosen columns of a sheet fill a record, worked out once for its rows: each
    column's field (its path split once) and note; the cells filled, once per set of
    columns filled."""

    def __init__(
        self, columns: dict[int, tuple[str, Column]], chosen: list[int], label: str
    ) -> None:
        # (its index, column, whether a whole number goes in as it is, how it is read,
        # its note, its field's path)
        self.entries: list[tuple[int, int, bool, Column, str, tuple[tuple[str, ...], str]]] = []
        for col in chosen:
            header, spec = columns[col]
            where = f"{header}, {label}" if label else header
            plain = not spec.edition_label
            self.entries.append((len(self.entries), col, plain, spec, where, _path(spec.field)))
        self._filled: dict[tuple[int, ...], _Filled] = {}
        self._kept = 0  # cells held by the sets kept

    def filled(self, present: tuple[int, ...]) -> _Filled:
        found = self._filled.get(present)
        if found is None:
            cells: Cells = {}
            for index in present:
                _, col, _, spec, where, _ = self.entries[index]
                cells[spec.field] = (col, where)
            found = _Filled(cells, tuple(cells))
            if self._kept + len(cells) <= PLAN_CELLS:
                self._filled[present] = found
                self._kept += len(cells)
        return found


# cells kept in the sets of filled columns a plan shares (a table's rows fill a few sets; a
# table whose rows each fill other cells of thousands of columns gets a set per row, as
# each record had its own before)
PLAN_CELLS = 131_072


@dataclass(frozen=True)
class _Cells:
    """A record's cells: its positions and notes, made when a finding first asks for one
    (methods of an object, not closures: an audit's worker sends documents to its spool)."""

    sheet: str
    row: int
    cells: dict[str, tuple[int, str]]
    who: str

    def positions(self) -> dict[str, Position]:
        found: dict[str, Position] = {"": (self.row, 1)}
        found.update((at, (self.row, column)) for at, (column, _) in self.cells.items())
        return found

    def notes(self) -> dict[str, str]:
        written = {"": f"{self.sheet} row {self.row}"}
        for at, (column, header) in self.cells.items():
            written[at] = f"{self.sheet}!{column_letters(column)}{self.row} ({header})"
        return {at: f"{note}, {self.who}" if self.who else note for at, note in written.items()}


@lru_cache(maxsize=1024)
def _path(pointer: str) -> tuple[tuple[str, ...], str]:
    """A field's pointer as (the keys of the mappings above it, its own key)."""
    *parents, last = jp.split(pointer)
    return tuple(parents), last


def _read(cell: Any, spec: Column) -> tuple[Any, bool]:
    """The cell's value for the document, and whether it could be read."""
    if isinstance(cell, Formula | RawNumber):
        return cell, False
    if isinstance(cell, str) and _text(cell) in spec.codes:
        return spec.codes[_text(cell)], True
    if spec.whole_number and (not isinstance(cell, int) or isinstance(cell, bool)):
        return cell, False
    return cell, True


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def documents(
    rows: Rows,
    layout: Layout,
    sheet: str,
    shown: str,
    merged: tuple[Area, ...] = (),
    limit: int | None = None,
) -> tuple[list[Document], list[SourceProblem]]:
    """The documents of one sheet's rows; none, and `file-too-large`, past `limit` records
    (`MAX_RECORDS` unless given)."""
    limit = MAX_RECORDS if limit is None else limit
    problems = _missing_columns(rows, layout, sheet)
    problems.extend(_merged_rows(rows, layout, sheet, merged))  # and those rows are left out
    if layout.ends_at_blank_row:
        rows = _until_blank_row(rows, layout)
    if layout.shape == "rows":
        records = _rows(rows, layout, sheet)
    elif layout.shape == "edition-columns":
        records = _edition_columns(rows, layout, sheet)
    else:
        records = _edition_triples(rows, layout, sheet)
    docs: list[Document] = []
    for record, problem in records:
        if problem is not None:
            problems.append(problem)
        elif record is not None:
            if len(docs) == limit:
                return [], [too_many_records()]
            docs.append(record.document(shown))
    return docs, problems


def _missing_columns(rows: Rows, layout: Layout, sheet: str) -> list[SourceProblem]:
    """One problem per sheet for the layout's columns that its header row lacks."""
    present = {_text(cell) for cell in rows.get(layout.header_row, {}).values()}
    missing = [name for name in layout.columns if name not in present]
    if not missing:
        return []
    names = ", ".join(repr(m) for m in missing)
    message = (
        f"sheet {sheet} lacks the column(s) {names} of layout {layout.layout} "
        f"(header row {layout.header_row}): their figures are not checked"
    )
    return [SourceProblem("missing-column", layout.header_row, 1, message)]


def _merged_rows(
    rows: Rows, layout: Layout, sheet: str, merged: tuple[Area, ...]
) -> list[SourceProblem]:
    """Merged cells below the header: the value sits in the first cell only, so the records
    of the rows a merge covers cannot be read; they are reported and left out. Linear in
    the rows there are, whatever rows the ranges name (`A3:A99999999999999` is one line of
    XML) and however many ranges overlap."""
    problems = []
    spans = []
    for first_row, first_col, last_row, last_col in sorted(merged):
        if last_row <= layout.header_row:
            continue  # headers and edition labels spanning their columns are normal
        area = f"{column_letters(first_col)}{first_row}:{column_letters(last_col)}{last_row}"
        message = (
            f"cells {sheet}!{area} are merged; a merged cell keeps its value in the first cell "
            f"only, so rows {first_row}-{last_row} are not checked: unmerge and fill the cells"
        )
        problems.append(SourceProblem("merged-cells", first_row, first_col, message))
        spans.append((max(first_row, layout.header_row + 1), last_row))
    if spans:
        spans.sort()
        numbers = sorted(rows)
        at = 0
        for number in numbers:  # both sorted: one pass over the rows and the spans
            while at < len(spans) and spans[at][1] < number:
                at += 1
            if at == len(spans):
                break
            if spans[at][0] <= number:
                del rows[number]
    return problems


Found = Iterator[tuple[_Record | None, SourceProblem | None]]


def _until_blank_row(rows: Rows, layout: Layout) -> Rows:
    """The rows above the first one with none of the layout's columns (the notes below a
    table are no records)."""
    columns = _header(rows, layout)
    kept: Rows = {r: cells for r, cells in rows.items() if r <= layout.header_row}
    number = layout.header_row + 1
    while number in rows and not all(_blank(rows[number].get(col)) for col in columns):
        kept[number] = rows[number]
        number += 1
    return kept


def _header(rows: Rows, layout: Layout) -> dict[int, tuple[str, Column]]:
    return {
        col: (_text(cell), layout.columns[_text(cell)])
        for col, cell in rows.get(layout.header_row, {}).items()
        if _text(cell) in layout.columns
    }


def _rows(rows: Rows, layout: Layout, sheet: str) -> Found:
    columns = _header(rows, layout)
    plan = _Plan(columns, list(columns), "")
    for number in sorted(r for r in rows if r > layout.header_row):
        cells = rows[number]
        if all(_blank(cells.get(col)) for col in columns):
            continue
        record = _Record(layout, sheet, number)
        problem = _fill(record, cells, plan)
        yield (None, problem) if problem else (record, None)


def _fill(record: _Record, cells: dict[int, Any], plan: _Plan) -> SourceProblem | None:
    """Put the plan's columns' cells into the record (each note names the header, and the
    edition's label where the plan has one); the problem of the first cell that cannot be
    read, which leaves the record out."""
    data = record.data
    present: list[int] = []
    value: Any
    for index, col, plain, spec, where, path in plan.entries:
        cell = cells.get(col)
        if cell is None:
            continue
        if plain and type(cell) is int:  # most cells: nothing to decide
            value = cell
        else:
            if _blank(cell):
                continue
            value, readable = _read(cell, spec)
            if spec.edition_label and readable:  # `1999-2000` is the edition 2000
                value = edition_from_label(cell)
                readable = value is not None
                if readable and not (isinstance(cell, int) and cell == value):
                    record.put("/edition_label", _text(cell), col, where)
            if not readable:
                return _unreadable(record.sheet, record.row, col, where, cell)
        parents, last = path
        if not parents:
            data[last] = value
        elif len(parents) == 1:  # `/indicators/A1`
            node = data.get(parents[0])
            if node is None:
                node = data.setdefault(parents[0], {})
            node[last] = value
        else:
            _assign(data, path, value)
        present.append(index)
    record.filled = plan.filled(tuple(present))
    return None


def _edition_columns(rows: Rows, layout: Layout, sheet: str) -> Found:
    """One record per row and edition: the columns without an edition (the name) go to
    each, a column with one to that edition's record; an edition whose cells are all blank
    or `not_rated` gives none."""
    columns = _header(rows, layout)
    shared = [col for col, (_, spec) in columns.items() if spec.edition is None]
    editions: dict[int, list[int]] = {}
    for col, (_, spec) in sorted(columns.items()):
        if spec.edition is not None:
            editions.setdefault(spec.edition, []).append(col)
    plans = {edition: _Plan(columns, shared + group, "") for edition, group in editions.items()}
    for number in sorted(r for r in rows if r > layout.header_row):
        cells = rows[number]
        if _blank(cells.get(layout.name_column)):
            continue
        for edition, group in editions.items():
            values = [cells.get(col) for col in group]
            if all(_blank(v) or _text(v) == layout.not_rated for v in values):
                continue
            record = _Record(layout, sheet, number)
            record.put("/edition", edition, None, "")
            problem = _fill(record, cells, plans[edition])
            yield (None, problem) if problem else (record, None)


def _edition_triples(rows: Rows, layout: Layout, sheet: str) -> Found:
    columns = _header(rows, layout)
    labels = rows.get(layout.edition_row or 0, {})
    groups: dict[int, list[int]] = {}  # the label's column -> the columns of its group
    starts = sorted(c for c in labels if not _blank(labels[c]))
    at, start = 0, None
    for col in sorted(columns):  # both sorted: one pass (40,000 columns took minutes)
        while at < len(starts) and starts[at] <= col:
            start, at = starts[at], at + 1
        if start is not None:
            groups.setdefault(start, []).append(col)
    plans = {start: _Plan(columns, group, _text(labels[start])) for start, group in groups.items()}
    for number in sorted(r for r in rows if r > layout.header_row):
        cells = rows[number]
        name = cells.get(layout.name_column)
        if _blank(name):
            continue
        for start, group in groups.items():
            values = [cells.get(col) for col in group]
            if all(_blank(v) or _text(v) == layout.not_rated for v in values):
                continue
            label = labels[start]
            edition = edition_from_label(label)
            record = _Record(layout, sheet, number)
            record.put("/country", _text(name), layout.name_column, "country")
            if edition is None:
                yield None, _unreadable(sheet, layout.edition_row or 0, start, "edition", label)
                break
            record.put("/edition", edition, start, "edition")
            if not (isinstance(label, int) and label == edition):
                record.put("/edition_label", _text(label), start, "edition")
            problem = _fill(record, cells, plans[start])
            yield (None, problem) if problem else (record, None)


def _unreadable(sheet: str, row: int, col: int, header: str, cell: Any) -> SourceProblem:
    where = f"{sheet}!{column_letters(col)}{row} ({header})"
    if isinstance(cell, Formula):
        message = (
            f"cell {where} holds the formula ={_text(cell)} with no stored value (saved by a "
            "program that does not calculate): recalculate and save it; the record is not checked"
        )
        return SourceProblem("formula-without-value", row, col, message)
    if isinstance(cell, RawNumber):
        return SourceProblem(
            "number-out-of-bounds", row, col, f"cell {where}: {out_of_bounds(cell)}"
        )
    return SourceProblem(
        "unreadable-cell",
        row,
        col,
        f"cell {_text(cell)!r} at {where} cannot be read as the layout says; "
        "the record is not checked",
    )
