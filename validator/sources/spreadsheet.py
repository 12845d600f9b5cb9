"""The official spreadsheets (.xlsx) and CSV exports of their tables, through the layouts."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import IO, Any

from validator.document import Document
from validator.sources.layouts import layout_for, layout_names, moved_header
from validator.sources.numbers import bounded_decimal, bounded_int
from validator.sources.own_outputs import OWN_OUTPUT, csv_output
from validator.sources.problems import SourceProblem
from validator.sources.tables import Rows, documents
from validator.sources.text import MAX_CELLS, MAX_RECORDS, too_many_cells, too_many_records
from validator.sources.xlsx_reader import WorkbookError, WorkbookTooLarge, read_workbook

_INT = re.compile(r"-?\d+")


def documents_of_workbook(
    source: Path | IO[bytes], shown: str
) -> tuple[list[Document], list[SourceProblem]]:
    """The documents of every sheet in a known layout (a path or the workbook's bytes)."""
    try:
        sheets = read_workbook(source)
    except WorkbookTooLarge as error:
        return [], [SourceProblem("file-too-large", 1, 1, str(error))]
    except (WorkbookError, OSError) as error:
        return [], [SourceProblem("unreadable-file", 1, 1, str(error))]
    docs: list[Document] = []
    problems: list[SourceProblem] = []
    matched = False
    for sheet in sheets:
        layout = layout_for(sheet.rows)
        if layout is None:
            continue  # an index or notes sheet
        matched = True
        limit = MAX_RECORDS - len(docs)
        found, trouble = documents(sheet.rows, layout, sheet.name, shown, sheet.merged, limit)
        if any(p.rule == "file-too-large" for p in trouble):
            return [], [too_many_records()]
        docs.extend(found)
        problems.extend(trouble)
    if not matched:
        names = ", ".join(repr(s.name) for s in sheets)
        moved = next((m for s in sheets if (m := moved_header(s.rows))), None)
        problems.append(_unknown_layout(moved or f"no sheet ({names}) has a known layout"))
    return docs, problems


def parse_csv(text: str, name: str, shown: str) -> tuple[list[Document], list[SourceProblem]]:
    """The documents of a CSV export's text (`name`: the file name, shown as the sheet)."""
    lines = text.splitlines()
    own = csv_output(next(csv.reader(lines[:1]), [])) if lines else None
    if own is not None:
        return [], [SourceProblem(OWN_OUTPUT, 1, 1, f"report-validator's own {own}")]
    rows, problem = _rows(lines, ",")
    if problem is not None:
        return [], [problem]
    layout = layout_for(rows)
    if layout is None and any(";" in line for line in lines[:3]):
        # Excel writes CSV with semicolons where the decimal separator is a comma
        rows, problem = _rows(lines, ";")
        if problem is not None:
            return [], [problem]
        layout = layout_for(rows)
    if layout is None:
        moved = moved_header(rows)
        return [], [_unknown_layout(moved or "the header rows match no known layout")]
    return documents(rows, layout, name, shown)


MEMO = 65_536  # distinct cell texts kept parsed while a CSV is read


def _rows(lines: list[str], delimiter: str) -> tuple[Rows, SourceProblem | None]:
    """The cells of a CSV text by row and column, or the problem that stops the reading."""
    rows: Rows = {}
    reader = csv.reader(lines, delimiter=delimiter)
    cells = 0
    # each distinct text read once (its value is immutable); a table repeats few texts (the
    # scores, the codes), so the first MEMO of them are kept, whatever the file holds
    parsed: dict[str, Any] = {}
    try:
        for number, record in enumerate(reader, 1):
            row = rows[number] = {}
            for col, text in enumerate(record, 1):
                if text:
                    value = parsed.get(text, parsed)
                    if value is parsed:
                        value = _cell(text)
                        if len(parsed) < MEMO:
                            parsed[text] = value
                    row[col] = value
            cells += len(row)
            if cells > MAX_CELLS:
                return {}, SourceProblem("file-too-large", 1, 1, too_many_cells())
    except csv.Error as error:  # a field over the csv module's limit (131,072 characters)
        line = reader.line_num or 1
        return rows, SourceProblem("parse-error", line, 1, f"not CSV: {error}")
    return rows, None


def _cell(text: str) -> Any:
    """A CSV cell as a spreadsheet would hold it: whole numbers int, decimals exact."""
    stripped = text.strip()
    if _INT.fullmatch(stripped):
        return bounded_int(stripped)
    if not any(c.isdigit() for c in stripped):
        return text
    number = bounded_decimal(stripped)
    return text if number is None else number


def _unknown_layout(why: str) -> SourceProblem:
    known = ", ".join(layout_names())
    return SourceProblem("unknown-layout", 1, 1, f"{why}; known layouts: {known} (rules/layouts/)")
