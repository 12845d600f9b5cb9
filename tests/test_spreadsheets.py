"""The official spreadsheets and CSV exports: whole files, excerpts and corrupted copies."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from validator.document import leaves
from validator.engine import Engine
from validator.findings import Finding, Severity
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.sources.tables import column_letters, edition_from_label
from validator.sources.xlsx_reader import column_number

from .conftest import FIXTURES, SHARED
from .workbooks import all_data_workbook

ALL_DATA = SHARED / "data" / "All_data_FIW_2013-2024.xlsx"
HISTORY = SHARED / "data" / "Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"
needs_data = pytest.mark.skipif(
    not ALL_DATA.exists(), reason="../shared/data is not beside the checkout"
)


@pytest.mark.parametrize(
    ("label", "edition"),
    [
        (2003, 2003),
        ("Jan.-Feb. 1973", 1973),
        ("1983-84", 1984),
        ("1999-2000", 2000),
        ("2001-02", 2002),
        ("no year", None),
    ],
)
def test_edition_labels(label: object, edition: int | None) -> None:
    assert edition_from_label(label) == edition


def test_column_letters_round_trip() -> None:
    for number in (1, 26, 27, 44, 154, 702, 703):
        assert column_number(column_letters(number)) == number


@needs_data
def test_the_fiw_2013_2024_workbook_has_no_findings(engine: Engine) -> None:
    docs, problems = load_paths([ALL_DATA])
    report = check_documents(engine, docs, problems)
    assert report.documents == 2515
    assert report.findings == []


@needs_data
def test_the_historical_workbook_breaks_no_rule_of_its_editions(engine: Engine) -> None:
    docs, problems = load_paths([HISTORY])
    report = check_documents(engine, docs, problems)
    # 9,757 records, less South Africa's split 1973 rating; and the 51 editions of the
    # Historical distribution sheet, every figure of which the records' statuses give
    assert report.documents == 9756 + 51
    assert report.count(Severity.ERROR) == 0
    assert ("fiw-distribution", 357, 357) in report.coverage.by_survey()
    warned = sorted(
        (f.country, f.edition)
        for f in report.findings
        if f.rule == "fiw/status-departs-from-published-thresholds-before-2004"
    )
    # the records docs/methodology.md §5.2 lists as decided by raw points, not by the averages
    assert warned == sorted(
        [
            ("Hong Kong", 1973),
            ("Maldives", 1974),
            ("Maldives", 1975),
            ("Papua New Guinea", 1976),
            ("Cote d'Ivoire", 1998),
            ("Mali", 1998),
            ("Argentina", 1999),
            ("Mali", 1999),
            ("Chad", 1999),
            ("Cote d'Ivoire", 1999),
            ("Eswatini", 1999),
            ("Nagorno-Karabakh", 1999),
            ("Nicaragua", 1999),
            ("Mali", 2000),
        ]
    )
    [unreadable] = [f for f in report.findings if f.rule == "core/unreadable-cell"]
    assert (unreadable.line, unreadable.column, unreadable.severity) == (164, 2, Severity.WARNING)
    assert all(f.edition is None or f.edition < 2004 for f in report.findings)


def _corrupt_cell(source: Path, target: Path, sheet_part: str, cell: str, value: str) -> None:
    """Copy an .xlsx workbook with one numeric cell's stored value replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == sheet_part:
                pattern = re.compile(
                    rf'(<c r="{cell}"[^>]*>(?:<f>[^<]*</f>)?<v>)[^<]*(</v>)'.encode()
                )
                data, count = pattern.subn(rb"\g<1>" + value.encode() + rb"\g<2>", data)
                assert count == 1, f"no numeric cell {cell}"
            new.writestr(info, data)


_CORRUPTIONS = [
    ("W3", "18", "fiw/political-rights-score-differs-from-sum"),  # the first record's PR
    ("H3", "5", "fiw/indicator-outside-range"),  # A1
    ("AR3", "40", "fiw/total-score-differs-from-sum"),
]


def _check_corrupted(
    engine: Engine, source: Path, target: Path, cell: str, value: str, rule: str
) -> list[Finding]:
    _corrupt_cell(source, target, "xl/worksheets/sheet2.xml", cell, value)
    docs, problems = load_paths([target])
    found = check_documents(engine, docs, problems).findings
    row, col = int(re.sub(r"[A-Z]", "", cell)), column_number(re.sub(r"\d", "", cell))
    matching = [f for f in found if f.rule == rule]
    assert [(f.line, f.column) for f in matching] == [(row, col)]
    assert f"FIW13-24!{cell}" in matching[0].message
    return matching


@pytest.mark.parametrize(("cell", "value", "rule"), _CORRUPTIONS)
def test_a_corrupted_workbook_cell_is_found_at_its_row_and_column(
    engine: Engine, tmp_path: Path, cell: str, value: str, rule: str
) -> None:
    book = all_data_workbook(tmp_path / "all-data.xlsx", copies=2)
    [finding] = _check_corrupted(engine, book, tmp_path / "corrupted.xlsx", cell, value, rule)
    assert (finding.country, finding.edition) == ("Kazakhstan", 2024)


@needs_data
@pytest.mark.parametrize(("cell", "value", "rule"), _CORRUPTIONS)
def test_a_corrupted_cell_of_the_official_workbook_is_found_at_its_row_and_column(
    engine: Engine, tmp_path: Path, cell: str, value: str, rule: str
) -> None:
    [finding] = _check_corrupted(engine, ALL_DATA, tmp_path / "corrupted.xlsx", cell, value, rule)
    assert (finding.country, finding.edition) == ("Abkhazia", 2024)


def test_csv_excerpts_of_both_layouts(engine: Engine) -> None:
    excerpts = ("fiw-all-data-excerpt.csv", "fiw-ratings-history-excerpt.csv")
    docs, problems = load_paths([FIXTURES / "sources" / name for name in excerpts])
    report = check_documents(engine, docs, problems)
    assert report.count(Severity.ERROR) == 0
    assert sorted((f.rule, f.line, f.column) for f in report.findings) == [
        ("core/unreadable-cell", 7, 2),
        ("fiw/status-departs-from-published-thresholds-before-2004", 6, 7),
        ("fiw/status-departs-from-published-thresholds-before-2004", 6, 10),
    ]


def test_a_corrupted_csv_row_is_found_at_its_row(engine: Engine, tmp_path: Path) -> None:
    source = FIXTURES / "sources" / "fiw-all-data-excerpt.csv"
    lines = source.read_text().splitlines()
    cells = lines[2].split(",")  # row 3: Kazakhstan 2024
    assert cells[0] == "Kazakhstan" and cells[42] == "18"
    cells[42] = "19"  # CL
    lines[2] = ",".join(cells)
    copy = tmp_path / "excerpt.csv"
    copy.write_text("\n".join(lines) + "\n")
    docs, problems = load_paths([copy])
    found = [(f.rule, f.line, f.column) for f in check_documents(engine, docs, problems).findings]
    # one wrong figure, one finding: the total, which reads the CL score, is not blamed for it
    assert found == [("fiw/civil-liberties-score-differs-from-sum", 3, 43)]


def test_unknown_tables_and_broken_workbooks_are_findings(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    docs, problems = load_paths([tmp_path])
    found = sorted(
        (f.source.rsplit("/", 1)[1], f.rule)
        for f in check_documents(engine, docs, problems).findings
    )
    assert found == [("broken.xlsx", "core/unreadable-file"), ("other.csv", "core/unknown-layout")]


def test_a_workbook_is_read_like_its_csv_export(tmp_path: Path) -> None:
    """Each record of the workbook built from the CSV excerpt is the CSV's record."""
    docs, _ = load_paths([all_data_workbook(tmp_path / "copy.xlsx", copies=1)])
    csv_docs, _ = load_paths([FIXTURES / "sources" / "fiw-all-data-excerpt.csv"])
    assert len(docs) == len(csv_docs) == 9
    by_key = {(d.country, d.edition): d.data for d in docs}
    for doc in csv_docs:
        assert by_key[(doc.country, doc.edition)] == doc.data


@needs_data
def test_the_official_workbook_holds_the_csv_excerpts_records() -> None:
    docs, _ = load_paths([ALL_DATA])
    csv_docs, _ = load_paths([FIXTURES / "sources" / "fiw-all-data-excerpt.csv"])
    by_key = {(d.country, d.edition): d.data for d in docs}
    for doc in csv_docs:
        assert by_key[(doc.country, doc.edition)] == doc.data


def test_a_csv_with_semicolons_is_read_like_the_csv(tmp_path: Path, engine: Engine) -> None:
    """Excel writes semicolons where the decimal separator is a comma."""
    source = FIXTURES / "sources" / "fiw-all-data-excerpt.csv"
    (tmp_path / "semicolons.csv").write_text(source.read_text().replace(",", ";"))
    docs, problems = load_paths([tmp_path / "semicolons.csv"])
    csv_docs, _ = load_paths([source])
    assert problems == []
    assert [d.data for d in docs] == [d.data for d in csv_docs]
    assert check_documents(engine, docs, problems).findings == []


@pytest.mark.parametrize("memo", [0, 1, 3, 65_536])
def test_a_csv_reads_the_same_however_many_cell_texts_are_kept_parsed(
    memo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader keeps the first MEMO distinct cell texts parsed (a table repeats its
    scores): none, a few or all, the cells are the same values, of the same types."""
    from validator.sources import spreadsheet

    text = "\n".join(
        ",".join(f"{(row * 7 + col) % 13}{'.5' if col == 3 else ''}" for col in range(6))
        + ",Free,-,4 to 5, 12 "
        for row in range(40)
    )
    lines = text.splitlines()
    monkeypatch.setattr(spreadsheet, "MEMO", memo)
    rows, problem = spreadsheet._rows(lines, ",")
    assert problem is None
    expected = {
        number: {col: spreadsheet._cell(t) for col, t in enumerate(line.split(","), 1) if t}
        for number, line in enumerate(lines, 1)
    }
    assert rows == expected
    assert all(type(rows[n][c]) is type(expected[n][c]) for n in expected for c in expected[n])


@pytest.mark.parametrize("table", sorted((FIXTURES / "sources").glob("*.csv")), ids=str)
def test_rows_read_alike_whether_the_cells_they_filled_are_shared_or_not(table: Path) -> None:
    """The rows that filled the same cells share how those cells are noted (a plan keeps
    them, up to PLAN_CELLS); with none kept, each row's data, shape, positions and notes
    are the same."""
    from unittest import mock

    import validator.sources.tables as tables
    from validator.sources.spreadsheet import parse_csv

    text = table.read_text(encoding="utf-8")
    shared, _ = parse_csv(text, table.name, str(table))
    with mock.patch.object(tables, "PLAN_CELLS", 0):
        alone, _ = parse_csv(text, table.name, str(table))
    assert shared and len(shared) == len(alone)
    for one, other in zip(shared, alone, strict=True):
        assert (one.data, one.shape) == (other.data, other.shape)
        pointers = ["", *leaves(one.data)]
        assert [one.source_map.locate(at) for at in pointers] == [
            other.source_map.locate(at) for at in pointers
        ]
        assert [one.source_map.describe(at) for at in pointers] == [
            other.source_map.describe(at) for at in pointers
        ]
