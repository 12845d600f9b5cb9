"""Build small .xlsx workbooks for tests with the standard library: cells, formulas without
stored values, merged ranges, several sheets. Only what the reader needs is written."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from validator.sources.tables import column_letters

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class Formula(str):
    """A cell written as a formula with no stored value."""


def sheet_xml(rows: list[list[Any]], merged: tuple[str, ...] = (), first_row: int = 1) -> str:
    body = []
    for number, row in enumerate(rows, first_row):
        cells = []
        for col, value in enumerate(row, 1):
            ref = f"{column_letters(col)}{number}"
            if value is None or value == "":
                continue
            if isinstance(value, Formula):
                cells.append(f'<c r="{ref}"><f>{escape(value)}</f></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float) or type(value).__name__ == "Decimal":
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    merges = "".join(f'<mergeCell ref="{m}"/>' for m in merged)
    merge_xml = f'<mergeCells count="{len(merged)}">{merges}</mergeCells>' if merged else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f"<sheetData>{''.join(body)}</sheetData>{merge_xml}</worksheet>"
    )


def write_workbook(path: Path | IO[bytes], sheets: dict[str, str]) -> Path | IO[bytes]:
    """`sheets`: name -> worksheet XML (from `sheet_xml`)."""
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{_REL}/worksheet"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _write = archive.writestr

        def writestr(name: str, data: str) -> None:  # a fixed date: the same bytes every run
            _write(
                zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )

        archive.writestr = writestr  # type: ignore[method-assign]
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        for i, xml in enumerate(sheets.values(), 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return path


EXCERPT = (
    Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "fiw-all-data-excerpt.csv"
)


def _cell(text: str) -> Any:
    """A CSV field as the workbook stores it: whole numbers as numbers, the rest as text."""
    try:
        return int(text)
    except ValueError:
        return text


def all_data_workbook(path: Path, copies: int, sheet: str = "FIW13-24") -> Path:
    """The FIW all-data layout (title in row 1, headers in row 2) holding the real rows of
    fixtures/sources/fiw-all-data-excerpt.csv `copies` times; copy k > 0 names its countries
    "<country> k", so every record is distinct and every figure is the publisher's.
    Row r of the sheet is record r - 3 (row 3 is the first record: Kazakhstan 2024)."""
    import csv

    with EXCERPT.open(newline="", encoding="utf-8") as handle:
        title, header, *records = list(csv.reader(handle))
    rows: list[list[Any]] = [title[:1], header]
    for k in range(copies):
        for record in records:
            name = record[0] if k == 0 else f"{record[0]} {k}"
            rows.append([name, *(_cell(v) for v in record[1:])])
    write_workbook(
        path, {"Notes": sheet_xml([["Placeholder notes sheet"]]), sheet: sheet_xml(rows)}
    )
    return path


def plant(source: Path, out: Path, sheet: str, cells: dict[str, Any]) -> Path:
    """A copy of a workbook with the stored values of some cells of one sheet changed (a
    planted error): `cells` maps a reference (`E10`) to the value to store there. Only
    numeric cells, as the publisher's are; a formula is kept, its stored value replaced."""
    import re

    parts = parts_of(source)
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet name="{re.escape(escape(sheet))}"[^>]*r:id="([^"]+)"', book)
    assert rid, f"no sheet {sheet!r}"
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    name = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    xml = parts[name].decode()
    for ref, value in cells.items():
        pattern = rf'(<c r="{ref}"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?)<v>[^<]*</v>'
        xml, count = re.subn(pattern, rf"\g<1><v>{value}</v>", xml, count=1)
        assert count == 1, f"no stored value at {sheet}!{ref}"
    parts[name] = xml.encode()
    return repack(out, parts)


def parts_of(book: Path) -> dict[str, bytes]:
    """A workbook's parts by name (to change one and `repack` them)."""
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repack(out: Path, parts: dict[str, bytes]) -> Path:
    """A workbook of these parts, written as given (a hostile one too)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out
