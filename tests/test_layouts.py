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


def _one_row_csv(tmp_path: Path, name: str, rows: list[list[Any]]) -> list[Any]:
    (tmp_path / name).write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n")
    docs, problems = load_paths([tmp_path / name])
    assert problems == []
    return docs


# the aggregate workbook's FIW06-21 columns (row 1) and where each figure goes
AGGREGATE = {
    "PR Rating": "/political_rights_rating",
    "CL Rating": "/civil_liberties_rating",
    **{letter: f"/subcategories/{letter}" for letter in "ABC"},
    "Add Q": "/add_q",
    "Add A": "/add_a",
    "PR": "/political_rights_score",
    **{letter: f"/subcategories/{letter}" for letter in "DEFG"},
    "CL": "/civil_liberties_score",
    "Total": "/total_score",
}


def test_every_column_of_the_aggregate_scores_sheet(tmp_path: Path) -> None:
    header = ["Country/Territory", "Region", "C/T?", "Edition", "Status", *AGGREGATE]
    values = [100 + i for i in range(len(AGGREGATE))]
    [doc] = _one_row_csv(
        tmp_path, "agg.csv", [header, ["Testland", "Europe", "t", 2010, "PF", *values]]
    )
    assert (doc.country, doc.edition, doc.data["status"]) == ("Testland", 2010, "Partly Free")
    assert doc.data["territory"] is True and "indicators" not in doc.data
    for (column, pointer), value in zip(AGGREGATE.items(), values, strict=True):
        assert _resolve(doc.data, pointer) == value, column


def test_every_column_of_the_aggregate_2003_2005_sheet(tmp_path: Path) -> None:
    header = ["Country/Territory", "C/T?"]
    header += [f"FIW0{y} {f}" for f in ("PR", "CL ", "Total") for y in (3, 4, 5)]
    # PR, CL, total of 2003, 2004, 2005 side by side; "-": not rated that edition
    rows = [header, ["Testland", "c", 11, 12, "-", 21, 22, "-", 31, 32, "-"]]
    docs = _one_row_csv(tmp_path, "agg0305.csv", rows)
    found = {
        d.edition: (
            d.data["political_rights_score"],
            d.data["civil_liberties_score"],
            d.data["total_score"],
            d.data["territory"],
        )
        for d in docs
    }
    assert found == {2003: (11, 21, 31, False), 2004: (12, 22, 32, False)}


FOTN = {
    **{f"A{i}": f"/indicators/A{i}" for i in range(1, 6)},
    "A": "/categories/obstacles_to_access",
    **{f"B{i}": f"/indicators/B{i}" for i in range(1, 9)},
    "B": "/categories/limits_on_content",
    **{f"C{i}": f"/indicators/C{i}" for i in range(1, 9)},
    "C": "/categories/violations_of_user_rights",
    "Total": "/total_score",
}


def test_every_column_of_the_fotn_score_data(tmp_path: Path) -> None:
    values = [100 + i for i in range(len(FOTN))]
    rows = [
        ["Freedom on the Net 2024 country score data"],
        ["Country", "Edition", "Status", *FOTN],
        ["Testland", 2024, "NF", *values],
    ]
    [doc] = _one_row_csv(tmp_path, "fotn.csv", rows)
    assert doc.data["survey"] == "fotn"
    assert (doc.country, doc.edition, doc.data["status"]) == ("Testland", 2024, "Not Free")
    for (column, pointer), value in zip(FOTN.items(), values, strict=True):
        assert _resolve(doc.data, pointer) == value, column


def test_every_column_of_the_historical_distribution_and_the_notes_below_it(
    tmp_path: Path,
) -> None:
    header = [
        "FIW Survey Edition*", "Year(s) Under Review**", "Total Countries",
        "Number of F Countries", "% of F Countries", "Number of PF Countries",
        "% of PF Countries", "Number of NF Countries", "% of NF Countries",
    ]  # fmt: skip
    rows = [
        header,
        [2024, 2023, 101, 102, "0.103", 104, "0.105", 106, "0.107"],
        ["1999-2000", 1999, 201, 202, "0.203", 204, "0.205", 206, "0.207"],
        [],
        ["Notes:"],
        ["* These years refer to the various editions"],
    ]
    docs = _one_row_csv(tmp_path, "dist.csv", rows)
    assert [d.data["survey"] for d in docs] == ["fiw-distribution"] * 2  # no note is a row
    first, second = (d.data for d in docs)
    assert first["edition"] == 2024 and "edition_label" not in first
    assert (second["edition"], second["edition_label"]) == (2000, "1999-2000")
    assert first["countries"] == 101 and second["countries"] == 201
    for data, base in ((first, 100), (second, 200)):
        for offset, key in ((2, "free"), (4, "partly_free"), (6, "not_free")):
            assert data[key]["count"] == base + offset
            assert str(data[key]["share"]) == f"0.{base + offset + 1}"
