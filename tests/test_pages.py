"""Report pages as text: the bundled pages, corrupted copies, and pages that are not pages.

The bundled pages (fixtures/pages/) have the layout and every figure of the two seed pages
(NIT 2018 and FIW 2023, Kazakhstan) with placeholder prose, line for line, and of the NIT 2020
Kazakhstan page in the same layout (its figures as published, with its "As a result" sentence);
the seed pages themselves are read from ../shared/seeds when it is there."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from validator.engine import Engine
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.sources.problems import PageOptions

from .conftest import FIXTURES, SHARED

NIT = FIXTURES / "pages" / "nit-2018-kazakhstan.txt"
FIW = FIXTURES / "pages" / "fiw-2023-kazakhstan.txt"
SEEDS = SHARED / "seeds"
SEED_NIT = SEEDS / "000_5340d459a7818ebd.txt"
SEED_FIW = SEEDS / "001_31bedcf6954a897c.txt"
needs_seeds = pytest.mark.skipif(
    not SEED_NIT.exists(), reason="../shared/seeds is not beside the checkout"
)


def _check(
    engine: Engine, *paths: Path, options: PageOptions | None = None
) -> list[tuple[str, int, int]]:
    docs, problems = load_paths(list(paths), options)
    return [(f.rule, f.line, f.column) for f in check_documents(engine, docs, problems).findings]


def test_both_bundled_pages_check_clean(engine: Engine) -> None:
    assert _check(engine, NIT, FIW) == []


@needs_seeds
def test_both_seed_pages_check_clean(engine: Engine) -> None:
    assert _check(engine, SEED_NIT, SEED_FIW) == []


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "bundled"), [(SEED_NIT, NIT), (SEED_FIW, FIW)], ids=["nit", "fiw"]
)
def test_the_bundled_pages_hold_the_seed_pages_figures_where_they_stand(
    seed: Path, bundled: Path
) -> None:
    [real], _ = load_paths([seed])
    [ours], _ = load_paths([bundled])
    prose = {"reason"}
    for change in (*real.data.get("changes", []), *ours.data.get("changes", [])):
        for key in prose:
            change.pop(key, None)
    assert ours.data == real.data
    # the same lines; the columns of scores that follow prose differ
    real_lines = {p: line for p, (line, _) in real.source_map.positions.items()}
    our_lines = {p: line for p, (line, _) in ours.source_map.positions.items()}
    assert our_lines == real_lines


def test_every_number_of_the_nit_page_is_read() -> None:
    [doc], _ = load_paths([NIT])
    data = doc.data
    assert (data["survey"], data["country"], data["edition"]) == ("nit", "Kazakhstan", 2018)
    assert (
        len(data["ratings"]) == 7 and str(data["ratings"]["local_democratic_governance"]) == "1.50"
    )
    assert str(data["democracy_score"]) == "1.29" and str(data["democracy_percentage"]) == "4.76"
    assert data["last_year"] == {
        "democracy_percentage": 6,
        "status": "Consolidated Authoritarian Regime",
    }
    assert [
        (c["category"], c["direction"], str(c["from"]), str(c["to"])) for c in data["changes"]
    ] == [
        ("civil_society", "declined", "1.50", "1.25"),
        ("judicial_framework_and_independence", "declined", "1.50", "1.25"),
    ]
    assert data["sidebar"]["internet_freedom"] == {"score": 34, "status": "not free"}
    # "1.251 7.007": the score is the first two-decimal number, where it stands on line 34
    assert doc.source_map.locate("/ratings/national_democratic_governance") == (34, 29)


def test_every_number_of_the_fiw_page_is_read() -> None:
    [doc], _ = load_paths([FIW])
    data = doc.data
    assert (data["survey"], data["country"], data["edition"]) == ("fiw", "Kazakhstan", 2023)
    assert len(data["indicators"]) == 25 and data["indicators"]["D3"] == 2
    assert all(type(v) is int for v in data["indicators"].values())
    assert (data["political_rights_score"], data["civil_liberties_score"]) == (5, 18)
    assert data["last_year"] == {"total_score": 23, "status": "Not Free"}
    assert doc.source_map.locate("/indicators/A1") == (23, 28)


@pytest.mark.parametrize(
    ("page", "line", "old", "new", "rule", "column"),
    [
        (
            NIT,
            3,
            "Democracy Score 1.29 7",
            "Democracy Score 1.30 7",
            "nit/democracy-score-differs-from-mean",
            33,
        ),
        (
            NIT,
            2,
            "Percentage 4.76 100",
            "Percentage 4.83 100",
            "nit/democracy-percentage-differs-from-formula",
            43,
        ),
        (
            NIT,
            5,
            "6 100 Consolidated",
            "5 100 Consolidated",
            "nit/last-year-percentage-differs-from-changes",
            1,
        ),
        (
            NIT,
            1,
            "Consolidated Authoritarian Regime",
            "Semi-Consolidated Authoritarian Regime",
            "nit/status-outside-threshold-band",
            1,
        ),
        (
            NIT,
            10,
            "declined from 1.50",
            "improved from 1.50",
            "nit/change-direction-contradicts-values",
            26,
        ),
        (
            NIT,
            11,
            "declined from 1.50 to 1.25",
            "declined from 1.50 to 1.00",
            "nit/change-target-differs-from-rating",
            70,
        ),
        (
            NIT,
            147,
            "34 100 not free",
            "34 100 free",
            "sidebar/internet-freedom-status-outside-band",
            12,
        ),
        (
            FIW,
            2,
            "Political Rights 5 40",
            "Political Rights 6 40",
            "fiw/political-rights-score-differs-from-sum",
            21,
        ),
        (
            FIW,
            3,
            "Civil Liberties 18 60",
            "Civil Liberties 17 60",
            "fiw/civil-liberties-score-differs-from-sum",
            20,
        ),
        (FIW, 1, "Not Free", "Partly Free", "fiw/status-differs-from-scores", 1),
        (FIW, 113, "2.002 4.004", "5.005 4.004", "fiw/indicator-outside-range", 29),
    ],
)
def test_one_changed_number_is_an_error_where_it_stands(
    engine: Engine,
    tmp_path: Path,
    page: Path,
    line: int,
    old: str,
    new: str,
    rule: str,
    column: int,
) -> None:
    lines = page.read_text().split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    copy = tmp_path / page.name
    copy.write_text("\n".join(lines))
    assert (rule, line, column) in _check(engine, copy)


def test_consecutive_pages_are_compared(engine: Engine, tmp_path: Path) -> None:
    # a FIW2024 page made from the FIW2023 one: its "last year" block must repeat FIW2023's figures
    text = FIW.read_text().replace("Key Developments in 2022", "Key Developments in 2023")
    later = tmp_path / "fiw-2024.txt"
    later.write_text(text)
    assert _check(engine, FIW, later) == []
    later.write_text(text.replace("\n23 100 Not Free", "\n24 100 Not Free", 1))
    found = _check(engine, FIW, later)
    assert ("fiw/last-year-total-differs-from-previous-edition", 5, 1) in found


def test_a_text_that_is_not_a_page(engine: Engine, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\nmilk\n")
    assert _check(engine, notes) == [("core/not-a-report-page", 1, 1)]


@pytest.mark.parametrize("page", [NIT, FIW], ids=["nit", "fiw"])
def test_a_page_cut_off_is_one_clear_finding(engine: Engine, tmp_path: Path, page: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(page.read_text().split("\n")[:60]))
    assert [rule for rule, _, _ in _check(engine, cut)] == ["core/incomplete-page"]


def test_identity_can_be_given_when_the_page_does_not_say_it(
    engine: Engine, tmp_path: Path
) -> None:
    copy = tmp_path / "page.txt"
    copy.write_text(NIT.read_text().replace("On Kazakhstan", "About this country"))
    assert ("core/page-identity-unknown", 1, 1) in _check(engine, copy)
    assert _check(engine, copy, options=PageOptions(country="Kazakhstan")) == []
    [doc], _ = load_paths([NIT], PageOptions(country="Armenia", edition=2019))
    assert (doc.country, doc.edition) == ("Armenia", 2019)


@pytest.mark.parametrize(
    ("page", "cut", "kept"),
    [
        (NIT, "On Kazakhstan", "About this country"),
        (NIT, "Score changes in 2018", "Score changes"),
        (FIW, "Key Developments in 2022", "Key Developments"),
    ],
    ids=["nit-country", "nit-edition", "fiw-edition"],
)
def test_an_identity_the_page_does_not_say_is_one_finding(
    engine: Engine, tmp_path: Path, page: Path, cut: str, kept: str
) -> None:
    """The page's unknown country or edition is said once, where the reader says it, not
    again by the schema's `required` (one cause, one finding)."""
    copy = tmp_path / "page.txt"
    text = page.read_text()
    assert cut in text
    copy.write_text(text.replace(cut, kept))
    assert _check(engine, copy) == [("core/page-identity-unknown", 1, 1)]


NIT_2020 = FIXTURES / "pages" / "nit-2020-kazakhstan.txt"


def _planted(
    engine: Engine, tmp_path: Path, text: str, marker: str
) -> tuple[list[tuple[str, int]], int]:
    """The (rule, line) findings of a page with an error planted, and the line of `marker`."""
    page = tmp_path / "page.txt"
    page.write_text(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if marker in t)
    return [(rule, at) for rule, at, _ in _check(engine, page)], line


def test_the_as_a_result_sentence_is_read_whole_and_each_number_compared(
    engine: Engine, tmp_path: Path
) -> None:
    """NIT 2020 Kazakhstan (real figures, placeholder prose): "As a result, Kazakhstan's
    Democracy Score improved from 1.29 to 1.32." The second number was not read."""
    [doc], problems = load_paths([NIT_2020])
    assert problems == []
    assert doc.data["democracy_score_change"] == {
        "direction": "improved",
        "from": Decimal("1.29"),
        "to": Decimal("1.32"),
    }
    assert doc.data["last_year"]["democracy_score"] == Decimal("1.29")
    line = next(i for i, t in enumerate(NIT_2020.read_text().splitlines(), 1) if "As a result" in t)
    text = NIT_2020.read_text().splitlines()[line - 1]
    assert doc.source_map.locate("/democracy_score_change/to") == (line, text.index("1.32") + 1)
    assert _check(engine, NIT_2020) == []
    for old, new, rule in [
        ("from 1.29 to 1.32", "from 1.29 to 1.36", "nit/democracy-score-change-target-differs"),
        (
            "improved from 1.29",
            "declined from 1.29",
            "nit/democracy-score-change-direction-contradicts-values",
        ),
    ]:
        page = tmp_path / "page.txt"
        page.write_text(NIT_2020.read_text().replace(old, new))
        [(found, at_line, _)] = _check(engine, page)
        assert (found, at_line) == (rule, line)


NIT_2023 = FIXTURES / "pages" / "nit-2023-kazakhstan-summary.txt"


def test_a_page_of_its_summary_only_is_checked_for_what_it_shows(
    engine: Engine, tmp_path: Path
) -> None:
    """NIT 2023 Kazakhstan as published: the score block, the changes and "As a result",
    no ratings (its report was to be posted later). It was refused whole as a cut page."""
    [doc], problems = load_paths([NIT_2023])
    assert problems == [] and "ratings" not in doc.data
    report = check_documents(engine, [doc])
    assert report.findings == []
    unchecked = [u.pointer for u in report.coverage.unchecked]
    assert unchecked == ["/changes/0/category"]  # said: no rating to compare it with
    text = NIT_2023.read_text()
    for old, new, rule in [
        (
            "Percentage 5.36 100",
            "Percentage 5.46 100",
            "nit/democracy-percentage-differs-from-score",
        ),
        ("from 1.36 to 1.32", "from 1.36 to 1.33", "nit/democracy-score-change-target-differs"),
        (
            "6 100 Consolidated",
            "7 100 Consolidated",
            "nit/last-year-percentage-differs-from-stated-score",
        ),
    ]:
        found, line = _planted(engine, tmp_path, text.replace(old, new), new)
        assert found == [(rule, line)]


def _cut_before(page: Path, prefix: str, tmp_path: Path) -> tuple[list[Any], list[Any]]:
    """What is read of a copy of the page cut before its first line starting with `prefix`."""
    lines = page.read_text().splitlines()
    cut = next(i for i, t in enumerate(lines) if t.startswith(prefix))
    copy = tmp_path / "cut.txt"
    copy.write_text("\n".join(lines[:cut]))
    return load_paths([copy])


def test_a_page_cut_in_the_middle_of_its_ratings_is_still_refused(tmp_path: Path) -> None:
    docs, problems = _cut_before(NIT, "Civil Society ", tmp_path)
    assert docs == [] and [p.rule for _, p in problems] == ["incomplete-page"]


FIW_2018 = FIXTURES / "pages" / "fiw-2018-kazakhstan-mirror.txt"


def test_the_2013_2019_layout_as_a_mirror_keeps_it(engine: Engine, tmp_path: Path) -> None:
    """FIW 2018 Kazakhstan as a mirror keeps the page (its figures as published: Not Free,
    aggregate 22, Freedom Rating 6.0, PR 7, CL 5, and the 25 indicators of the all-data
    workbook), placeholder prose: recognised by its content, every figure at its line."""
    [doc], problems = load_paths([FIW_2018])
    assert problems == []
    assert (doc.country, doc.edition, doc.data["total_score"]) == ("Kazakhstan", 2018, 22)
    assert doc.data["freedom_rating"] == Decimal("6.0") and len(doc.data["indicators"]) == 25
    assert "population" not in str(doc.data).lower()  # Quick Facts are not figures
    report = check_documents(engine, [doc])
    assert report.findings == [] and report.coverage.unchecked == []
    text = FIW_2018.read_text()
    for old, new, rule in [
        ("Aggregate Score: 22 ", "Aggregate Score: 23 ", "fiw/total-score-differs-from-indicators"),
        ("Freedom Rating: 6.0 ", "Freedom Rating: 6.5 ", "fiw/freedom-rating-differs-from-mean"),
        (
            "Civil Liberties: 5 ",
            "Civil Liberties: 4 ",
            "fiw/civil-liberties-rating-differs-from-indicators",
        ),
    ]:
        found, line = _planted(engine, tmp_path, text.replace(old, new), new)
        assert (rule, line) in found
    found, line = _planted(engine, tmp_path, text.replace("C2? 1 / 4", "C2? 3 / 4"), "C2. ")
    assert ("fiw/total-score-differs-from-indicators", 7) in found  # the total, where it is
    assert doc.source_map.locate("/indicators/C2") == (line, len(text.splitlines()[line - 1]) - 4)


def test_a_mirror_cut_among_its_indicators_is_refused_and_its_top_block_alone_is_checked(
    engine: Engine, tmp_path: Path
) -> None:
    docs, problems = _cut_before(FIW_2018, "D1. ", tmp_path)
    assert docs == [] and [p.rule for _, p in problems] == ["incomplete-page"]
    [doc], problems = _cut_before(FIW_2018, "A1. ", tmp_path)
    assert problems == [] and "indicators" not in doc.data
    report = check_documents(engine, [doc])
    # the status, the Freedom Rating and the total's range are what such a copy lets compare
    assert report.findings == [] and report.coverage.unchecked == []
