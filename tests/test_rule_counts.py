"""Whole files, and how many records each rule actually checked: a rule that goes quiet (a
typo in a pointer, an era moved, a condition that never holds) fails here instead of
passing as "no findings". The counts follow from the records' editions, written out below."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from validator.cli import main

from .conftest import SHARED
from .workbooks import all_data_workbook


def _tallies(path: Path, tmp_path: Path) -> tuple[dict[str, tuple[int, int]], dict[str, Any]]:
    """(checked, failed) by rule, for the rules that checked anything; and the report."""
    out = tmp_path / "audit.json"
    main(["audit", str(path), "--json", str(out), "-q", "--jobs", "1"])
    report = json.loads(out.read_text())
    checked = {t["rule"]: (t["checked"], t["failed"]) for t in report["rules"] if t["checked"]}
    return checked, report


def _all_data_counts(records: int, up_to_2017: int) -> dict[str, tuple[int, int]]:
    """What each rule checks in the all-data layout (FIW2013 on, indicators, subtotals, scores,
    ratings, status; Add A a score up to FIW2017 and N/A after)."""
    every = records, 0
    return {
        "schema": every,
        "fiw/indicator-outside-range": every,
        "fiw/add-q-outside-range": every,
        "fiw/subcategory-differs-from-sum": every,
        "fiw/political-rights-score-outside-range": every,
        "fiw/civil-liberties-score-outside-range": every,
        "fiw/civil-liberties-score-differs-from-sum": every,
        "fiw/total-score-differs-from-sum": every,
        "fiw/rating-outside-scale": every,
        "fiw/political-rights-rating-differs-from-table": every,
        "fiw/civil-liberties-rating-differs-from-table": every,
        "fiw/status-differs-from-ratings": every,
        "fiw/total-score-outside-range": every,
        "fiw/add-a-outside-range": (up_to_2017, 0),
        "fiw/political-rights-score-differs-from-sum-with-add-a": (up_to_2017, 0),
        "fiw/add-a-used-after-elimination": (records - up_to_2017, 0),
        "fiw/political-rights-score-differs-from-sum": (records - up_to_2017, 0),
    }


def test_every_rule_of_the_all_data_layout_checks_every_record_it_should(tmp_path: Path) -> None:
    # 40 copies of the 9 real rows of the CSV excerpt: FIW2024, 2023 and 2017, 3 countries
    book = all_data_workbook(tmp_path / "all-data.xlsx", copies=40)
    checked, report = _tallies(book, tmp_path)
    assert checked == _all_data_counts(records=360, up_to_2017=120)
    assert report["summary"]["figures"] == report["summary"]["figures_checked"] == 360 * 40


needs_data = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not beside the checkout"
)


@needs_data
def test_every_rule_checks_every_record_of_the_official_all_data_workbook(tmp_path: Path) -> None:
    checked, _ = _tallies(SHARED / "data" / "All_data_FIW_2013-2024.xlsx", tmp_path)
    # 2,515 records; FIW2013-2017 are 1,047 of them (209, 209, 210, 210, 209 per edition)
    assert checked == _all_data_counts(records=2515, up_to_2017=1047)


@needs_data
def test_every_rule_checks_every_record_of_the_official_ratings_workbook(tmp_path: Path) -> None:
    name = "Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"
    checked, _ = _tallies(SHARED / "data" / name, tmp_path)
    # 9,756 records that can be read; 5,371 of them from the editions up to FIW2003; and the
    # 51 editions of the Historical distribution sheet, each figure against the statuses
    distribution = {
        f"fiw-distribution/{rule}": (51, 0)
        for rule in (
            "countries-differ-from-records",
            "free-count-differs-from-statuses",
            "partly-free-count-differs-from-statuses",
            "not-free-count-differs-from-statuses",
            "free-share-differs-from-statuses",
            "partly-free-share-differs-from-statuses",
            "not-free-share-differs-from-statuses",
        )
    }
    assert checked == {
        **distribution,
        "schema": (9756 + 51, 0),
        "fiw/rating-outside-scale": (9756, 0),
        "fiw/status-differs-from-ratings": (9756 - 5371, 0),
        "fiw/status-outside-any-rule-before-2004": (5371, 0),
        # the 14 records decided by raw points (docs/methodology.md §5.2)
        "fiw/status-departs-from-published-thresholds-before-2004": (5371, 14),
    }


@needs_data
def test_every_rule_checks_every_record_of_the_aggregate_scores_workbook(tmp_path: Path) -> None:
    """FIW06-21: 3,339 records (2,501 up to FIW2017, 838 after), subcategory totals, no
    indicators; FIW03-05: 618 records of PR, CL and total only. The failures are the
    publisher's own errors (docs/methodology.md §6), and each reads no further: a score found
    wrong is not judged again by the rules that read it (`skipped`)."""
    name = "Aggregate_Category_and_Subcategory_Scores_FIW_2003-2021.xlsx"
    checked, _ = _tallies(SHARED / "data" / name, tmp_path)
    assert checked == {
        "schema": (3957, 0),
        "fiw/subcategory-outside-range": (3339, 0),
        "fiw/add-q-outside-range": (3339, 0),
        "fiw/add-a-outside-range": (2501, 0),
        "fiw/add-a-used-after-elimination": (838, 0),
        "fiw/political-rights-score-differs-from-subtotals-with-add-a": (2501, 2),  # Kosovo
        "fiw/political-rights-score-differs-from-subtotals": (838, 0),
        "fiw/civil-liberties-score-differs-from-subtotals": (3339, 1),  # Kosovo 2007
        "fiw/political-rights-score-outside-range": (3957, 1),  # Luxembourg 2003
        "fiw/civil-liberties-score-outside-range": (3957, 0),
        "fiw/total-score-outside-range": (3957, 1),  # Luxembourg 2003
        "fiw/total-score-differs-from-sum": (3957 - 3, 0),
        "fiw/rating-outside-scale": (3339, 0),
        "fiw/political-rights-rating-differs-from-table": (3339 - 2, 0),
        "fiw/civil-liberties-rating-differs-from-table": (3339 - 1, 0),
        "fiw/status-differs-from-ratings": (3339, 2),  # Kosovo 2006, 2007
    }


@needs_data
def test_every_rule_checks_every_record_of_the_fotn_score_data(tmp_path: Path) -> None:
    checked, _ = _tallies(SHARED / "data" / "FOTN24_Country_Score_Data.xlsx", tmp_path)
    every = 72, 0
    assert checked == {
        "schema": every,
        "fotn/indicator-outside-range": every,
        "fotn/obstacles-to-access-differs-from-indicators": every,
        "fotn/limits-on-content-differs-from-indicators": every,
        "fotn/violations-of-user-rights-differs-from-indicators": every,
        "fotn/obstacles-to-access-outside-range": every,
        "fotn/limits-on-content-outside-range": every,
        "fotn/violations-of-user-rights-outside-range": every,
        "fotn/total-score-differs-from-sum": every,
        "fotn/status-outside-threshold-band": every,
    }
