"""Read the cells of an .xlsx workbook with the standard library: exact values, no formulas.

An .xlsx file is a zip of XML parts. This reads the workbook's sheet names, the shared
strings and each sheet's cells (the values Excel stored, as text), so numbers are exact
(`0.4256` stays a Decimal, `5` an int) and no third-party reader is needed. The expat parser
behind ElementTree does not resolve external entities; the uncompressed size is capped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any, cast
from xml.etree import ElementTree

from validator.sources.numbers import RawNumber, bounded_decimal, bounded_int
from validator.sources.text import MAX_CELLS, too_many_cells

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_BYTES = 512 * 1024 * 1024
_CELL = re.compile(r"([A-Z]+)(\d+)")
_INT = re.compile(r"-?\d+")


class WorkbookError(Exception):
    """The file is not a readable .xlsx workbook."""


class WorkbookTooLarge(WorkbookError):
    """The workbook unpacks to, or holds, more than the limits allow."""


Area = tuple[int, int, int, int]  # first row, first column, last row, last column


class Formula(str):
    """A formula cell with no stored value (saved by a program that does not calculate)."""

    __slots__ = ()


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: dict[int, dict[int, Any]]  # 1-based row -> 1-based column -> value
    merged: tuple[Area, ...] = ()  # merged cell ranges; the value sits in the first cell


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def read_workbook(path: Path | IO[bytes]) -> list[Sheet]:
    """Every sheet's cells. Raises WorkbookError for anything that is not a readable
    workbook: not a zip, parts missing, XML that is broken or declares a DOCTYPE (entity
    tricks), an index out of range, an unsupported or encrypted member."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_BYTES:
                raise WorkbookTooLarge("the workbook unpacks to more than 512 MB")
            strings = _shared_strings(archive)
            targets = _sheet_targets(archive)
            seen: set[str] = set()
            for _, target in targets:
                if target in seen:  # each listing would be parsed again: 300 made minutes
                    raise WorkbookError(f"the part {target} is listed as more than one sheet")
                seen.add(target)
            sheets: list[Sheet] = []
            cells = 0
            for name, target in targets:
                sheets.append(_sheet(name, _stream(archive, target), strings, MAX_CELLS - cells))
                cells += sum(len(row) for row in sheets[-1].rows.values())
            return sheets
    except WorkbookError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        IndexError,
        ValueError,  # includes UnicodeError
        LookupError,  # an XML declaration naming an unknown encoding
        EOFError,
        NotImplementedError,  # a compression method zipfile lacks
        RuntimeError,  # an encrypted member
        ElementTree.ParseError,
        zlib.error,
    ) as error:
        raise WorkbookError(f"not a readable .xlsx workbook: {error}") from error


_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
CHUNK = 1 << 20  # bytes of sheet XML read and parsed at a time


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A small part whole (the workbook's index, its shared strings)."""
    return b"".join(_stream(archive, name))


def _stream(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """A part's bytes a chunk at a time (a sheet's XML may unpack to hundreds of MB: it is
    never held whole), refused if it is not UTF-8 or declares a DOCTYPE or entities."""
    with archive.open(name) as raw:
        chunk = raw.read(4096)
        declared = _DECLARED.match(chunk)
        if b"\x00" in chunk or (declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            # UTF-16 or another encoding would hide `<!ENTITY` from the byte search below
            raise WorkbookError(f"{name} is not UTF-8 XML: no workbook is written otherwise")
        carried = b""  # the end of the last chunk: a token split between two is found too
        while chunk:
            window = carried + chunk
            if any(token in window for token in _FORBIDDEN):
                raise WorkbookError(f"{name} declares a DOCTYPE or entities: no workbook does")
            yield chunk
            carried = window[-16:]
            chunk = raw.read(CHUNK)


_TAG_CELL, _TAG_ROW, _TAG_MERGE, _TAG_DATA, _TAG_ITEM, _TAG_TEXT = (
    f"{{{NS['m']}}}{t}" for t in ("c", "row", "mergeCell", "sheetData", "si", "t")
)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The shared strings, parsed as the XML streams in (each item dropped once read); more
    of them than `MAX_CELLS` raise WorkbookTooLarge: a workbook writes a string once it is
    used by a cell, so more strings than cells is no workbook."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    holder: Any = None  # the <sst> element: the items read are taken out of it
    strings: list[str] = []
    for kind, element in _events(_stream(archive, "xl/sharedStrings.xml")):
        if kind == "start":
            if holder is None:
                holder = element
        elif element.tag == _TAG_ITEM and holder is not None:
            strings.append("".join(t.text or "" for t in element.iter(_TAG_TEXT)))
            holder.clear()
            if len(strings) > MAX_CELLS:
                raise WorkbookTooLarge(too_many_cells())
    return strings


def _events(chunks: Iterator[bytes]) -> Iterator[tuple[str, Any]]:
    """("start" | "end", element) of a part's XML, parsed as its chunks arrive: the part is
    never held whole; the caller drops what it has read."""
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "end")
    )
    for chunk in chain(chunks, [b""]):
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
        for event in parser.read_events():
            yield cast("tuple[str, Any]", event)


def _sheet_targets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = ElementTree.fromstring(_part(archive, "xl/workbook.xml"))
    rels = ElementTree.fromstring(_part(archive, "xl/_rels/workbook.xml.rels"))
    by_id = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    targets = []
    for sheet in workbook.findall("m:sheets/m:sheet", NS):
        target = by_id[sheet.get(REL)].lstrip("/")
        targets.append(
            (sheet.get("name", ""), target if target.startswith("xl/") else f"xl/{target}")
        )
    return targets


def _sheet(name: str, chunks: Iterator[bytes], strings: list[str], limit: int) -> Sheet:
    """A sheet's cells and merged ranges, parsed as the XML streams in: each row's elements
    are dropped once read, so memory follows the cells, not the XML; more than `limit`
    cells raise WorkbookError."""
    holder: Any = None  # sheetData: the rows read are taken out of it
    rows: dict[int, dict[int, Any]] = {}
    merged: list[Area] = []
    for kind, element in _events(chunks):
        if kind == "start":
            if element.tag == _TAG_DATA:
                holder = element
            continue
        if element.tag == _TAG_CELL:
            limit -= _cell(element, strings, rows)
            if limit < 0:
                raise WorkbookTooLarge(too_many_cells())
        elif element.tag == _TAG_ROW and holder is not None:
            holder.clear()  # the rows read so far, this one included: none is kept
        elif element.tag == _TAG_MERGE:
            corners = [_CELL.fullmatch(c) for c in element.get("ref", "").split(":")]
            if len(corners) == 2 and corners[0] and corners[1]:
                (c1, r1), (c2, r2) = (m.groups() for m in corners if m)
                merged.append((int(r1), column_number(c1), int(r2), column_number(c2)))
    return Sheet(name, rows, tuple(merged))


def _cell(cell: ElementTree.Element, strings: list[str], rows: dict[int, dict[int, Any]]) -> int:
    """One cell's value into `rows` (nothing for a cell with neither value nor formula);
    the number of values stored, 0 or 1."""
    match = _CELL.fullmatch(cell.get("r", ""))
    if match is None:
        return 0
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        value: Any = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
    else:
        raw = cell.findtext("m:v", default=None, namespaces=NS)
        if raw is None:
            formula = cell.findtext("m:f", default=None, namespaces=NS)
            if formula is None:
                return 0
            value = Formula(formula)
        else:
            value = _value(kind, raw, strings)
    rows.setdefault(int(match.group(2)), {})[column_number(match.group(1))] = value
    return 1


def _value(kind: str, raw: str, strings: list[str]) -> Any:
    if kind == "s":
        return strings[int(raw)]
    if kind == "b":
        return raw == "1"
    if kind in ("str", "e"):
        return raw
    if _INT.fullmatch(raw):
        return bounded_int(raw)
    number = bounded_decimal(raw)
    if number is None or isinstance(number, RawNumber):
        return raw if number is None else number
    return (
        int(number) if number == number.to_integral_value() and "E" not in raw.upper() else number
    )
