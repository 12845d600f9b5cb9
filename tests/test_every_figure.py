"""Every published figure checked (issue 12): the aggregate scores workbook's shapes, the FOTN
indicators, the Historical distribution sheet, records assembled from several sources, and
one name per country. The expected findings are the publisher's own errors, each verified
by hand (docs/methodology.md §6), or errors planted on one row: each is found where it is,
and nothing else is."""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from validator.cli import main

from .conftest import FIXTURES, ROOT, SHARED
from .workbooks import plant, sheet_xml, write_workbook

SOURCES = FIXTURES / "sources"
AGGREGATE = SOURCES / "fiw-aggregate-excerpt.csv"
AGGREGATE_2003 = SOURCES / "fiw-aggregate-2003-2005-excerpt.csv"
RATINGS_2003 = SOURCES / "fiw-ratings-2003-2005-excerpt.csv"
FOTN = SOURCES / "fotn-2024-excerpt.csv"
HISTORY = SOURCES / "fiw-ratings-history-excerpt.csv"

needs_data = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not beside the checkout"
)


def _check(
    paths: list[Path], capsys: pytest.CaptureFixture[str], *more: str
) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *more, *map(str, paths)])
    return code, json.loads(capsys.readouterr().out)


def _found(report: dict[str, Any]) -> set[tuple[str, int, str, str]]:
    return {
        (Path(f["source"]).name, f["line"], f["rule"], f["pointer"]) for f in report["findings"]
    }


# the publisher's errors in the excerpts (real rows of the aggregate workbook, with the
# line of the excerpt they are on), verified by hand in docs/methodology.md §6
AGGREGATE_ERRORS = {
    # Kosovo 2007: PR 11 = 6 + 5 + 3 - 3 subtracts Add A (17); CL 18, but 7 + 6 + 4 + 7 = 24;
    # Partly Free at ratings 6/5 (FR 5.5: Not Free since FIW2004)
    (
        "fiw-aggregate-excerpt.csv",
        6,
        "fiw/political-rights-score-differs-from-subtotals-with-add-a",
        "/political_rights_score",
    ),
    (
        "fiw-aggregate-excerpt.csv",
        6,
        "fiw/civil-liberties-score-differs-from-subtotals",
        "/civil_liberties_score",
    ),
    ("fiw-aggregate-excerpt.csv", 6, "fiw/status-differs-from-ratings", "/status"),
    # Kosovo 2006: PR 10 = 5 + 5 + 3 - 3 (16); Partly Free at FR 5.5
    (
        "fiw-aggregate-excerpt.csv",
        7,
        "fiw/political-rights-score-differs-from-subtotals-with-add-a",
        "/political_rights_score",
    ),
    ("fiw-aggregate-excerpt.csv", 7, "fiw/status-differs-from-ratings", "/status"),
    # Luxembourg 2003: PR 44 of at most 40, and so a total of 101
    (
        "fiw-aggregate-2003-2005-excerpt.csv",
        4,
        "fiw/political-rights-score-outside-range",
        "/political_rights_score",
    ),
    ("fiw-aggregate-2003-2005-excerpt.csv", 4, "fiw/total-score-outside-range", "/total_score"),
}
# with the ratings of the same editions: ratings against the score table
ASSEMBLED_ERRORS = {
    # Pakistani Kashmir 2003: PR score 7 is rating 6, the ratings workbook says 7
    (
        "fiw-ratings-2003-2005-excerpt.csv",
        8,
        "fiw/political-rights-rating-differs-from-table",
        "/political_rights_rating",
    ),
    # Transnistria 2005: CL score 17 is rating 5, the ratings workbook says 6
    (
        "fiw-ratings-2003-2005-excerpt.csv",
        9,
        "fiw/civil-liberties-rating-differs-from-table",
        "/civil_liberties_rating",
    ),
}


def test_the_aggregate_workbooks_errors_are_found_and_nothing_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = _check([AGGREGATE, AGGREGATE_2003], capsys, "--coverage")
    assert code == 1
    assert _found(report) == AGGREGATE_ERRORS
    assert report["summary"]["documents"] == 7 + 8 * 3 - 3  # "-" where not rated
    # every figure compared, the totals of the wrong scores by their range
    assert report["unchecked"] == []
    assert report["summary"]["figures"] == report["summary"]["figures_checked"]


def test_scores_and_ratings_from_two_sources_are_checked_as_one_record(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, report = _check([AGGREGATE, AGGREGATE_2003, RATINGS_2003], capsys)
    assert _found(report) == AGGREGATE_ERRORS | ASSEMBLED_ERRORS
    messages = [f["message"] for f in report["findings"] if f["line"] in (8, 9)]
    assert all(
        "assembled with" in m and "fiw-aggregate-2003-2005-excerpt.csv" in m for m in messages
    )


def test_assembled_records_pair_two_spellings_of_a_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Swaziland (aggregate) is Eswatini (ratings), and the curly and the straight apostrophe
    spell one Cote d'Ivoire: a rating against its score is found only if the two are one
    record."""
    ratings = tmp_path / "ratings.csv"
    text = RATINGS_2003.read_text().replace("Eswatini,6,5,NF,7,5,NF", "Eswatini,6,5,NF,5,5,PF")
    text = text.replace("Cote d'Ivoire,6,6,NF", "Cote d'Ivoire,6,4,PF")
    ratings.write_text(text)
    _, report = _check([AGGREGATE_2003, ratings], capsys)
    planted = {
        (f["country"], f["edition"], f["pointer"])
        for f in report["findings"]
        if f["rule"].endswith("rating-differs-from-table")
    }
    assert ("Eswatini", 2004, "/political_rights_rating") in planted  # PR 2 is rating 7
    assert ("Cote d'Ivoire", 2003, "/civil_liberties_rating") in planted  # CL 15 is rating 6


def test_a_country_spelled_two_ways_is_compared_with_its_previous_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = {
        "survey": "fiw",
        "country": "Cote d'Ivoire",
        "edition": 2022,
        "political_rights_score": 18,
        "civil_liberties_score": 34,
        "status": "Partly Free",
    }
    this = {
        "survey": "fiw",
        "country": "Côte d’Ivoire",
        "edition": 2023,
        "political_rights_score": 18,
        "civil_liberties_score": 34,
        "status": "Partly Free",
        "last_year": {"total_score": 51, "status": "Partly Free"},
    }
    (tmp_path / "2022.yaml").write_text(yaml.safe_dump(previous, allow_unicode=True))
    (tmp_path / "2023.yaml").write_text(yaml.safe_dump(this, allow_unicode=True))
    _, report = _check([tmp_path], capsys)
    assert [(f["rule"], f["country"]) for f in report["findings"]] == [
        ("fiw/last-year-total-differs-from-previous-edition", "Côte d’Ivoire")  # 52, not 51
    ]


def test_the_previous_root_finds_a_renamed_country(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    (root / "fiw" / "2022").mkdir(parents=True)
    previous = {
        "survey": "fiw",
        "country": "Eswatini",
        "edition": 2022,
        "political_rights_score": 1,
        "civil_liberties_score": 16,
        "status": "Not Free",
    }
    (root / "fiw" / "2022" / "eswatini.yaml").write_text(yaml.safe_dump(previous))
    this = {
        "survey": "fiw",
        "country": "Swaziland",
        "edition": 2023,
        "political_rights_score": 1,
        "civil_liberties_score": 16,
        "status": "Not Free",
        "last_year": {"total_score": 18, "status": "Not Free"},
    }
    (tmp_path / "this.yaml").write_text(yaml.safe_dump(this))
    _, report = _check([tmp_path / "this.yaml"], capsys, "--previous-root", str(root))
    assert [f["rule"] for f in report["findings"]] == [
        "fiw/last-year-total-differs-from-previous-edition"  # 17, not 18
    ]


# --- FOTN: indicators, categories, total, status ----------------------------------------------


def test_the_fotn_score_data_checks_clean_and_planted_errors_are_found_on_their_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _check([FOTN], capsys)
    assert code == 0 and report["findings"] == []
    assert report["summary"]["figures"] == report["summary"]["figures_checked"] == 6 * 26
    rows = list(csv.reader(FOTN.read_text().splitlines()))
    header = rows[1]
    planted = {
        3: ("A2", "4"),  # Angola: A2 is out of 3
        6: ("B", "33"),  # Iceland: B is 34, the sum of B1-B8
        8: ("Status", "F"),  # Zimbabwe: 48 is Partly Free
    }
    for line, (column, value) in planted.items():
        rows[line - 1][header.index(column)] = value
    broken = tmp_path / "fotn.csv"
    with broken.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    _, report = _check([broken], capsys)
    assert _found(report) == {
        ("fotn.csv", 3, "fotn/indicator-outside-range", "/indicators/A2"),
        (
            "fotn.csv",
            6,
            "fotn/limits-on-content-differs-from-indicators",
            "/categories/limits_on_content",
        ),
        ("fotn.csv", 8, "fotn/status-outside-threshold-band", "/status"),
    }


@needs_data
def test_planted_errors_in_the_official_fotn_workbook_are_found_on_their_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = SHARED / "data" / "FOTN24_Country_Score_Data.xlsx"
    code, report = _check([book], capsys)
    assert code == 0 and report["summary"]["documents"] == 72
    # row 3 Angola: A2 (E3) 1 -> 4; row 40: C8 (Z40) to 5; row 74 Zimbabwe: total (AB74) 48 -> 70
    broken = plant(
        book, tmp_path / "fotn.xlsx", "FOTN 2024 score data", {"E3": 4, "Z40": 5, "AB74": 70}
    )
    _, report = _check([broken], capsys)
    assert {(f["line"], f["rule"], f["pointer"]) for f in report["findings"]} == {
        (3, "fotn/indicator-outside-range", "/indicators/A2"),
        (40, "fotn/indicator-outside-range", "/indicators/C8"),
        (74, "fotn/total-score-differs-from-sum", "/total_score"),
    }


# --- the Historical distribution sheet ---------------------------------------------------------


def _history() -> tuple[list[list[str]], dict[int, Counter[str]]]:
    """The rows of the ratings excerpt, and the statuses of each edition counted by hand."""
    from validator.sources.tables import edition_from_label

    rows = list(csv.reader(HISTORY.read_text().splitlines()))
    labels, header, records = rows[0], rows[2], rows[3:]
    counts: dict[int, Counter[str]] = {}
    for col, name in enumerate(header):
        if name.strip() != "Status":
            continue
        start = max(c for c in range(col + 1) if labels[c].strip())
        edition = edition_from_label(labels[start])
        assert edition is not None
        for record in records:
            pr = record[col - 2]
            if record[col].strip() not in ("", "-") and "(" not in pr:
                counts.setdefault(edition, Counter())[record[col].strip()] += 1
    return rows, counts


def _cell(text: str) -> Any:
    """A CSV field as the workbook stores it: whole numbers as numbers."""
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else (stripped or None)


def _distribution_rows(counts: dict[int, Counter[str]], rounded: int) -> list[list[Any]]:
    """The sheet as the publisher lays it out: shares as a spreadsheet stores the exact ratio
    (the double's 17 digits), and for edition `rounded` as four decimals."""
    rows: list[list[Any]] = [
        [
            "FIW Survey Edition*",
            "Year(s) Under Review**",
            "Total Countries",
            "Number of F Countries",
            "% of F Countries",
            "Number of PF Countries",
            "% of PF Countries",
            "Number of NF Countries",
            "% of NF Countries",
        ]
    ]
    for edition in sorted(counts, reverse=True):
        n = sum(counts[edition].values())
        row: list[Any] = [edition, edition - 1, n]
        for status in ("F", "PF", "NF"):
            share = Fraction(counts[edition][status], n)
            stored = (
                round(Decimal(share.numerator) / share.denominator, 4)
                if edition == rounded
                else Decimal(f"{float(share):.17g}")
            )
            row += [counts[edition][status], stored]
        rows.append(row)
    rows += [[], ["Notes:"], ["This table includes countries but not territories."]]
    return rows


def test_the_distribution_sheet_matches_the_statuses_and_planted_errors_are_found_in_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, counts = _history()
    assert len(counts) == 4  # FIW 1973-1976 in the excerpt
    ratings = sheet_xml([[_cell(c) for c in r] for r in rows])
    rounded = sorted(counts)[-2]
    good = _distribution_rows(counts, rounded)
    book = write_workbook(
        tmp_path / "ratings.xlsx",
        {"Country Ratings, Statuses ": ratings, "Historical distribution": sheet_xml(good)},
    )
    code, report = _check([book], capsys, "--select", "fiw-distribution")
    assert code == 0 and report["findings"] == []
    assert report["summary"]["coverage"]["fiw-distribution"] == {
        "figures": 7 * len(counts),
        "checked": 7 * len(counts),
    }
    bad = [list(r) for r in good]
    bad[3][3] += 1  # row 4: one Free country too many
    bad[4][6] = Decimal("0.25")  # row 5 (FIW1973, one of two): a share of another count
    bad[2][8] = bad[2][8] + Decimal("0.0001")  # row 3 (four decimals): one off in the last
    book = write_workbook(
        tmp_path / "bad.xlsx",
        {"Country Ratings, Statuses ": ratings, "Historical distribution": sheet_xml(bad)},
    )
    _, report = _check([book], capsys, "--select", "fiw-distribution")
    assert {(f["line"], f["column"], f["rule"]) for f in report["findings"]} == {
        (4, 4, "fiw-distribution/free-count-differs-from-statuses"),
        (5, 7, "fiw-distribution/partly-free-share-differs-from-statuses"),
        (3, 9, "fiw-distribution/not-free-share-differs-from-statuses"),
    }


def test_the_distribution_sheet_alone_is_said_unchecked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the records it is about, no figure of it is compared, and the run says so:
    it does not pass (issue 26, item 12: a run that compared nothing is exit 2)."""
    _, counts = _history()
    book = write_workbook(
        tmp_path / "alone.xlsx",
        {"Historical distribution": sheet_xml(_distribution_rows(counts, 0))},
    )
    code, report = _check([book], capsys)
    assert code == 2 and report["findings"] == []
    assert report["summary"]["figures_checked"] == 0 < report["summary"]["figures"]


@needs_data
def test_planted_errors_in_the_official_distribution_sheet_are_found_in_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = SHARED / "data" / "Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"
    # D5: 82 Free countries in FIW2021 -> 81; E10: the Free share of FIW2016 (86/195, which
    # is 0.44 at two decimals) -> 0.45; C52: 148 countries in Jan-Feb 1973 -> 150
    broken = plant(
        book,
        tmp_path / "ratings.xlsx",
        "Historical distribution",
        {"D5": 81, "E10": "0.45", "C52": 150},
    )
    _, report = _check([broken], capsys, "--select", "fiw-distribution")
    assert {(f["line"], f["column"], f["rule"]) for f in report["findings"]} == {
        (5, 4, "fiw-distribution/free-count-differs-from-statuses"),
        (10, 5, "fiw-distribution/free-share-differs-from-statuses"),
        (52, 3, "fiw-distribution/countries-differ-from-records"),
    }


@pytest.mark.slow
@needs_data
def test_the_official_workbooks_together_give_the_publishers_errors_and_no_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, report = _check([SHARED / "data"], capsys)
    found = Counter(
        (Path(f["source"]).name[:9], f["rule"], f.get("country"), f.get("edition"))
        for f in report["findings"]
        if f["severity"] == "error"
    )
    aggregate, ratings = "Aggregate", "Country_a"
    assert found == Counter(
        {
            (aggregate, "fiw/political-rights-score-outside-range", "Luxembourg", 2003): 1,
            (aggregate, "fiw/total-score-outside-range", "Luxembourg", 2003): 1,
            (
                aggregate,
                "fiw/political-rights-score-differs-from-subtotals-with-add-a",
                "Kosovo",
                2006,
            ): 1,
            (
                aggregate,
                "fiw/political-rights-score-differs-from-subtotals-with-add-a",
                "Kosovo",
                2007,
            ): 1,
            (aggregate, "fiw/civil-liberties-score-differs-from-subtotals", "Kosovo", 2007): 1,
            (aggregate, "fiw/status-differs-from-ratings", "Kosovo", 2006): 1,
            (aggregate, "fiw/status-differs-from-ratings", "Kosovo", 2007): 1,
            # the ratings workbook says Not Free for both
            (ratings, "core/conflicting-documents", "Kosovo", 2006): 1,
            (ratings, "core/conflicting-documents", "Kosovo", 2007): 1,
            # ratings against the score table, with the FIW03-05 scores
            (
                ratings,
                "fiw/political-rights-rating-differs-from-table",
                "Israeli-Occupied Territories",
                2003,
            ): 1,
            (
                ratings,
                "fiw/political-rights-rating-differs-from-table",
                "Pakistani Kashmir",
                2003,
            ): 1,
            (ratings, "fiw/civil-liberties-rating-differs-from-table", "Transnistria", 2005): 1,
        }
    )
    assert report["summary"]["figures"] == report["summary"]["figures_checked"]
    # docs/sources.md shows this run's closing lines: they say what it prints (test_docs
    # leaves the example over ../shared to this test, which has run it already)
    shown = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    lines = shown.split("$ report-validator check ../shared/data", 1)[1].splitlines()[1:3]
    summary = report["summary"]
    assert lines[0].startswith(f"figures: {summary['figures']:,}, 100% checked"), lines
    assert lines[1] == (
        f"{summary['documents']} documents checked: {summary['errors']} errors, "
        f"{summary['warnings']} warnings"
    ), lines
