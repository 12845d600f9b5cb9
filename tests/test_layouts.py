"""Every column of every spreadsheet layout, field by field, against the publisher's column
names written here (not read from rules/layouts/): a swapped or misspelt mapping fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from validator.sources import load_paths

from .workbooks import sheet_xml, write_workbook

INDICATORS = [
    *(f"A{i}" for i in range(1, 4)),
    *(f"B{i}" for i in range(1, 5)),
    *(f"C{i}" for i in range(1, 4)),
    *(f"D{i}" for i in range(1, 5)),
    *(f"E{i}" for i in range(1, 4)),
    *(f"F{i}" for i in range(1, 5)),
    *(f"G{i}" for i in range(1, 5)),
]
# the all-data sheet's columns (row 2) and where each figure goes
ALL_DATA = {
    "PR rating": "/political_rights_rating",
    "CL rating": "/civil_liberties_rating",
    **{code: f"/indicators/{code}" for code in INDICATORS},
    **{letter: f"/subcategories/{letter}" for letter in "ABCDEFG"},
    "Add Q": "/add_q",
    "Add A": "/add_a",
    "PR": "/political_rights_score",
    "CL": "/civil_liberties_score",
    "Total": "/total_score",
}
STATUS_CODES = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}


def _resolve(data: dict[str, Any], pointer: str) -> Any:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


def _all_data_rows(status: str, kind: str) -> tuple[list[str], list[Any]]:
    header = ["Country/Territory", "Region", "C/T", "Edition", "Status", *ALL_DATA]
    # a different number in every column, so a column read into another field shows
    values = [100 + i for i in range(len(ALL_DATA))]
    return header, ["Testland", "Europe", kind, 2020, status, *values]


def _check_all_data(doc: dict[str, Any], values: list[Any], status: str, kind: str) -> None:
    assert (doc["country"], doc["edition"]) == ("Testland", 2020)
    assert doc["status"] == STATUS_CODES[status]
    assert doc["territory"] is (kind == "t")
    for (column, pointer), value in zip(ALL_DATA.items(), values, strict=True):
        assert _resolve(doc, pointer) == value, column
    assert "Region" not in doc and "region" not in doc


def test_every_column_of_the_all_data_csv(tmp_path: Path) -> None:
    for status, kind in (("F", "c"), ("PF", "t"), ("NF", "c")):
        header, row = _all_data_rows(status, kind)
        text = "Freedom in the World 2013-2024 Raw Data\n" + ",".join(header) + "\n"
        text += ",".join(map(str, row)) + "\n"
        (tmp_path / "all.csv").write_text(text)
        [doc], problems = load_paths([tmp_path / "all.csv"])
        assert problems == []
        _check_all_data(doc.data, row[5:], status, kind)


def test_every_column_of_the_all_data_workbook_under_any_sheet_name(tmp_path: Path) -> None:
    header, row = _all_data_rows("PF", "t")
    for sheet in ("FIW13-24", "FIW13-25"):  # the publisher renames the sheet each year
        book = write_workbook(
            tmp_path / f"{sheet}.xlsx", {sheet: sheet_xml([["Raw Data"], header, row])}
        )
        assert isinstance(book, Path)
        [doc], problems = load_paths([book])
        assert problems == []
        _check_all_data(doc.data, row[5:], "PF", "t")


def test_every_column_of_the_ratings_history(tmp_path: Path) -> None:
    rows = [
        ["Survey Edition", "Jan.-Feb. 1973", "", "", "1983-84", "", "", "2003", "", ""],
        ["Year(s) Under Review", "1972", "", "", "1983", "", "", "2002", "", ""],
        ["", "PR", "CL ", "Status", "PR", "CL ", "Status", "PR", "CL ", "Status"],
        ["Testland", "1", "2", "F", "3", "5", "PF", "7", "6", "NF"],
        ["Otherland", "-", "-", "-", "4", "2", "PF", "6", "4", "PF"],
    ]
    (tmp_path / "history.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    docs, problems = load_paths([tmp_path / "history.csv"])
    assert problems == []
    found = {
        (d.country, d.edition): (
            d.data["political_rights_rating"],
            d.data["civil_liberties_rating"],
            d.data["status"],
        )
        for d in docs
    }
    assert found == {
        ("Testland", 1973): (1, 2, "Free"),
        ("Testland", 1984): (3, 5, "Partly Free"),
        ("Testland", 2003): (7, 6, "Not Free"),
        ("Otherland", 1984): (4, 2, "Partly Free"),
        ("Otherland", 2003): (6, 4, "Partly Free"),
    }  # "-": not rated that edition, no record
    assert all("territory" not in d.data or d.data["territory"] is False for d in docs)


def test_the_territory_sheet_of_the_ratings_workbook_marks_territories(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["Survey Edition", "2003", "", ""],
        ["Year(s) Under Review", "2002", "", ""],
        ["", "PR", "CL", "Status"],
        ["Somewhere", 2, 2, "F"],  # numbers, as a workbook stores them
    ]
    book = write_workbook(
        tmp_path / "history.xlsx",
        {
            "Country Ratings, Statuses ": sheet_xml(rows),
            "Territory Ratings, Statuses": sheet_xml(rows),
        },
    )
    assert isinstance(book, Path)
    docs, problems = load_paths([book])
    assert problems == []
    assert sorted(bool(d.data.get("territory")) for d in docs) == [False, True]
