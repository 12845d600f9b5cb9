"""Hostile and broken input (issue 6): every case is a clear finding naming the file and,
where there is one, the position; exit code 1; no traceback; and the good file checked in
the same run is still checked (and clean).

Each case writes one bad file beside a copy of a valid document and runs the command line
on the folder, as a CI gate would.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.workbooks import Formula, sheet_xml, write_workbook
from validator.cli import main

VALID_NIT = FIXTURES / "valid" / "nit-2018-kazakhstan.yaml"
VALID_FIW_JSON = FIXTURES / "valid" / "fiw-2023-kazakhstan.json"
# another record, checked in the same run: its one wrong figure proves it was checked
GOOD = "good.yaml"
GOOD_FINDINGS = [("fiw/total-score-differs-from-sum", 39)]
ALL_DATA_CSV = FIXTURES / "sources" / "fiw-all-data-excerpt.csv"


def _run(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    syria = (FIXTURES / "valid" / "fiw-2024-syria.yaml").read_text()
    assert "\ntotal_score: 1\n" in syria
    (folder / GOOD).write_text(syria.replace("\ntotal_score: 1\n", "\ntotal_score: 2\n"))
    code = main(["check", str(folder), "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def _findings(report: dict, name: str) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(f["rule"], f["line"]) for f in report["findings"] if Path(f["source"]).name == name]


def _nit(replace: tuple[str, str] | None = None) -> str:
    text = VALID_NIT.read_text()
    if replace:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return text


def _json(replace: tuple[str, str]) -> str:
    text = VALID_FIW_JSON.read_text()
    assert replace[0] in text
    return text.replace(replace[0], replace[1], 1)


# name of the bad file, its content, the findings expected in it (rule, line)
CASES: dict[str, tuple[str, str | bytes, list[tuple[str, int]]]] = {
    # YAML
    "yaml-syntax": ("bad.yaml", "survey: [nit\n", [("core/parse-error", 2)]),
    "yaml-tabs": ("bad.yaml", "survey: nit\n\tedition: 2018\n", [("core/parse-error", 2)]),
    "yaml-duplicate-deep": (
        "bad.yaml",
        _nit(("  civil_society: 1.25\n", "  civil_society: 1.25\n  civil_society: 1.75\n")),
        [("core/duplicate-key", 11)],
    ),
    "yaml-billion-laughs": (
        "bad.yaml",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        [("core/parse-error", n) for n in range(1, 9)] + [("core/unknown-survey", 1)],
    ),
    "yaml-python-object": (
        "bad.yaml",
        _nit(("civil_society: 1.25", "civil_society: !!python/object/apply:os.getcwd []")),
        [("core/yaml-tag", 10)],
    ),
    "yaml-several-documents": (
        "bad.yaml",
        _nit() + "---\n" + _nit(),
        [("core/parse-error", len(_nit().splitlines()) + 1)],
    ),
    "yaml-not-a-mapping": ("bad.yaml", "- 1\n- 2\n", [("core/not-a-document", 1)]),
    "yaml-empty": ("bad.yaml", "", [("core/parse-error", 1)]),
    "yaml-deep": ("bad.yaml", "a: " + "[" * 10_000 + "]" * 10_000 + "\n", None),  # type: ignore[dict-item]
    # JSON
    "json-syntax": ("bad.json", '{"survey": ', [("core/parse-error", 1)]),
    "json-duplicate": (
        "bad.json",
        _json(('"A2": 0,', '"A2": 0, "A2": 4,')),
        [("core/duplicate-key", 7)],
    ),
    "json-nan": ("bad.json", _json(('"A1": 0', '"A1": NaN')), [("schema/type", 7)]),
    "json-infinity": ("bad.json", _json(('"A1": 0', '"A1": -Infinity')), [("schema/type", 7)]),
    "json-huge-integer": (
        "bad.json",
        _json(('"A1": 0', '"A1": 1' + "0" * 5000)),
        [("core/number-out-of-bounds", 7)],
    ),
    "json-huge-exponent": (
        "bad.json",
        _json(('"A1": 0', '"A1": 1e99999999999')),
        [("core/number-out-of-bounds", 7)],
    ),
    "json-too-precise": (
        "bad.json",
        _json(('"A1": 0', '"A1": 0.' + "0" * 40 + "1")),
        [("core/number-out-of-bounds", 7)],
    ),
    "json-deep": ("bad.json", "[" * 10_000 + "]" * 10_000, [("core/parse-error", 1)]),
    # any file
    "latin-1": ("bad.yaml", "country: Côte d'Ivoire\n".encode("latin-1"), [("core/not-utf8", 1)]),
    "utf-16": ("bad.yaml", _nit().encode("utf-16"), [("core/not-utf8", 1)]),
    "binary": ("bad.json", bytes(range(256)) * 8, [("core/not-utf8", 1)]),
    "zero-bytes": ("bad.json", b"", [("core/parse-error", 1)]),
    # values
    "score-as-string": (
        "bad.yaml",
        _nit(("civil_society: 1.25", 'civil_society: "1.25"')),
        [("schema/type", 10)],
    ),
    "score-as-boolean": (
        "bad.yaml",
        _nit(("civil_society: 1.25", "civil_society: true")),
        [("schema/type", 10)],
    ),
    "score-null": (
        "bad.yaml",
        _nit(("civil_society: 1.25", "civil_society: null")),
        [("schema/type", 10)],
    ),
    "score-almost": (
        "bad.yaml",
        _nit(("civil_society: 1.25", "civil_society: 1.250000001")),
        [("nit/rating-outside-scale", 10)],
    ),
    "status-case-and-spacing": (
        "bad.yaml",
        _nit(("status: Consolidated Authoritarian", "status: consolidated  authoritarian")),
        [("schema/enum", 17)],
    ),
    "unknown-survey": (
        "bad.yaml",
        _nit(("survey: nit", "survey: nat")),
        [("core/unknown-survey", 2)],
    ),
    "unknown-edition": (
        "bad.yaml",
        _nit(("edition: 2018", "edition: 2031")),
        [("schema/maximum", 4)],
    ),
    # spreadsheets
    "csv-field-over-the-csv-limit": (
        "bad.csv",
        ALL_DATA_CSV.read_text().replace(",Eurasia,", ',"' + "x" * 200_000 + '",', 1),
        [("core/parse-error", 3)],
    ),
    "xlsx-not-a-zip": ("bad.xlsx", b"PK\x03\x04 not really", [("core/unreadable-file", 1)]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_a_finding_and_the_run_goes_on(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, expected = CASES[case]
    bad = tmp_path / name
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    before = bad.read_bytes()
    code, report, _ = _run(tmp_path, capsys)
    assert code == 1
    found = _findings(report, name)
    if expected is None:  # libyaml reads the nesting and the walker refuses it; PyYAML stops
        assert ("core/parse-error", 1) in found
        assert {rule for rule, _ in found} <= {"core/parse-error", "core/unknown-survey"}
    else:
        assert sorted(found) == sorted(expected)
    assert _findings(report, GOOD) == GOOD_FINDINGS
    assert bad.read_bytes() == before  # inputs are never modified


def test_negative_zero_is_read_as_zero_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text(_json(('"A1": 0', '"A1": -0')))
    (tmp_path / "b.yaml").write_text(
        (FIXTURES / "valid" / "fiw-2024-kazakhstan.yaml").read_text().replace("A1: 0", "A1: -0")
    )
    _, report, _ = _run(tmp_path, capsys)
    assert _findings(report, GOOD) == GOOD_FINDINGS  # the only error of the run
    assert _findings(report, "a.json") == [("core/negative-zero", 7)]
    assert [rule for rule, _ in _findings(report, "b.yaml")] == ["core/negative-zero"]


def test_the_same_record_twice_with_different_figures_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text(_nit())
    (tmp_path / "b.yaml").write_text(_nit())  # the same figures: quiet
    (tmp_path / "c.yaml").write_text(_nit(("corruption: 1.25", "corruption: 1.50")))
    code, report, _ = _run(tmp_path, capsys)
    assert code == 1
    assert _findings(report, "b.yaml") == []
    conflict = [f for f in report["findings"] if f["rule"] == "core/conflicting-documents"]
    assert [(Path(f["source"]).name, f["pointer"]) for f in conflict] == [
        ("c.yaml", "/ratings/corruption")
    ]
    assert "a.yaml:14" in conflict[0]["message"]


def test_a_conflict_is_found_whatever_came_between_and_in_any_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each document is compared with the first of its record written the same way: a NIT
    record on the original scale read first does not hide two modern ones that disagree."""
    original = (FIXTURES / "valid" / "nit-2018-kazakhstan-original-scale.yaml").read_text()
    (tmp_path / "a.yaml").write_text(original)
    (tmp_path / "b.yaml").write_text(_nit())
    (tmp_path / "c.yaml").write_text(_nit(("corruption: 1.25", "corruption: 1.50")))
    _, report, _ = _run(tmp_path, capsys)
    conflict = [f for f in report["findings"] if f["rule"] == "core/conflicting-documents"]
    assert [(Path(f["source"]).name, f["pointer"]) for f in conflict] == [
        ("c.yaml", "/ratings/corruption")
    ]
    assert "b.yaml:" in conflict[0]["message"]


@pytest.mark.parametrize("seeds_first", [True, False])
def test_free_text_is_no_figure_two_transcriptions_can_disagree_on(
    seeds_first: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """The NIT 2018 seed page gives the reasons for its changes in full; the bundled
    example shortens them. Together, in either order, they check clean."""
    paths = [FIXTURES / "pages", FIXTURES / "valid"]
    code = main(["check", *map(str, paths if seeds_first else paths[::-1]), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["findings"]) == (0, [])


def test_unknown_edition_messages_say_what_the_survey_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (FIXTURES / "valid" / "fotn-2014-kazakhstan.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text.replace("edition: 2014", "edition: 2010"))
    _, report, _ = _run(tmp_path, capsys)
    [finding] = [f for f in report["findings"] if f["pointer"] == "/edition"]
    assert "none in 2010" in finding["message"]


def test_a_symlink_loop_and_a_link_out_of_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "loop").symlink_to(data)
    secret = tmp_path / "secret.yaml"
    secret.write_text("survey: nit\ncountry: SECRET-CONTENT\n")
    (data / "leak.yaml").symlink_to(secret)
    code, report, _ = _run(data, capsys)
    assert code == 1
    assert _findings(report, "leak.yaml") == [("core/unreadable-file", 1)]
    assert "SECRET-CONTENT" not in json.dumps(report)
    assert report["summary"]["documents"] == 1  # the good file, once


def test_a_file_that_vanishes_mid_run_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import validator.sources as sources

    doomed = tmp_path / "doomed.yaml"
    doomed.write_text(_nit())
    real = sources.discover_names
    walks = []

    def discover_then_delete(paths: list[Path], skip: tuple[str, ...]):  # type: ignore[no-untyped-def]
        # a run walks the folders twice: to count the files, then as it reads them; the
        # file vanishes once the reading walk has found it, before it is read
        walks.append(paths)
        for name in real(paths, skip):
            if Path(name).name == "doomed.yaml" and len(walks) == 2:
                Path(name).unlink()
            yield name

    monkeypatch.setattr(sources, "discover_names", discover_then_delete)
    code, report, _ = _run(tmp_path, capsys)
    assert code == 1
    assert _findings(report, "doomed.yaml") == [("core/unreadable-file", 1)]


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_file_removed_before_the_run_reads_it_is_said(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """A file there when the run counted the files and gone before it read them: not
    checked, and said (the run walks the folders twice, to count and to read)."""
    import validator.sources as sources

    (tmp_path / "doomed.yaml").write_text(_nit())
    (tmp_path / "kept.yaml").write_text(_nit())
    real = sources.discover_names

    def discover_then_delete(paths: list[Path], skip: tuple[str, ...]):  # type: ignore[no-untyped-def]
        for name in real(paths, skip):
            if Path(name).name == "doomed.yaml":
                Path(name).unlink()
            yield name

    monkeypatch.setattr(sources, "discover_names", discover_then_delete)
    code = main([command, str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0
    assert "the folders changed during the run: 2 files found when it started, 1 when" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text(_nit())
    locked.chmod(0)
    _, report, _ = _run(tmp_path, capsys)
    assert _findings(report, "locked.yaml") == [("core/unreadable-file", 1)]


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import validator.sources.text as text

    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 1000)
    monkeypatch.setattr(text.read_text, "__defaults__", (1000,))
    (tmp_path / "big.yaml").write_text(_nit() + "#" * 2000 + "\n")
    _, report, _ = _run(tmp_path, capsys)
    assert _findings(report, "big.yaml") == [("core/file-too-large", 1)]


# --- spreadsheets --------------------------------------------------------------------------


def _excerpt_rows() -> list[list[object]]:
    import csv

    rows = list(csv.reader(ALL_DATA_CSV.read_text().splitlines()))
    return [[int(v) if v.lstrip("-").isdigit() else v for v in row] for row in rows]


def _workbook(
    path: Path, change: Callable[[list[list[object]]], None] | None = None, **kw: object
) -> None:
    rows = _excerpt_rows()
    if change:
        change(rows)
    sheets = {"FIW13-24": sheet_xml(rows, **kw)}  # type: ignore[arg-type]
    write_workbook(path, sheets)


def _set(row: int, header: str, value: object) -> Callable[[list[list[object]]], None]:
    def change(rows: list[list[object]]) -> None:
        rows[row - 1][rows[1].index(header)] = value

    return change


SHEETS: dict[str, tuple[dict[str, object], list[tuple[str, int]], int]] = {
    # how the workbook is made, the findings (rule, row), the documents read from it
    "clean": ({}, [], 9),
    "formula-without-value": (
        {"change": _set(3, "Total", Formula("SUM(W3,AQ3)"))},
        [("core/formula-without-value", 3)],
        8,
    ),
    "merged-data-cells": ({"merged": ("A3:A4",)}, [("core/merged-cells", 3)], 7),
    "merged-header-cells": ({"merged": ("A1:AR1",)}, [], 9),  # as the official file has
    "missing-column": (
        {"change": lambda rows: [r.pop(5) for r in rows]},
        [("core/missing-column", 2)],
        9,
    ),
    "header-moved": ({"change": lambda rows: rows.insert(0, [])}, [("core/unknown-layout", 1)], 0),
    "n/a-in-a-score": ({"change": _set(3, "A1", "N/A")}, [("schema/type", 3)], 9),
    "dash-in-a-score": ({"change": _set(4, "A2", "-")}, [("schema/type", 4)], 9),
    "huge-number": ({"change": _set(3, "A1", 10**20)}, [("core/number-out-of-bounds", 3)], 8),
}


@pytest.mark.parametrize("case", sorted(SHEETS))
def test_spreadsheet_traps(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    how, expected, documents = SHEETS[case]
    _workbook(tmp_path / "book.xlsx", **how)  # type: ignore[arg-type]
    _, report, _ = _run(tmp_path, capsys)
    assert sorted(_findings(report, "book.xlsx")) == expected
    assert report["summary"]["documents"] == documents + 1


def test_extra_sheets_are_passed_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _excerpt_rows()
    write_workbook(
        tmp_path / "book.xlsx",
        {
            "Notes": sheet_xml([["About this file"], ["Sources"]]),
            "FIW13-24": sheet_xml(rows),
            "Chart data": sheet_xml([[1, 2], [3, 4]]),
        },
    )
    _, report, _ = _run(tmp_path, capsys)
    assert _findings(report, "book.xlsx") == []
    assert report["summary"]["documents"] == 10


@pytest.mark.parametrize(
    "members",
    [
        {"hello.txt": "not a workbook"},
        {"xl/workbook.xml": "<workbook"},
        {
            "xl/workbook.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "xl/_rels/workbook.xml.rels": "<Relationships/>",
        },
    ],
    ids=["a-zip-of-something-else", "broken-xml", "xml-entities"],
)
def test_a_corrupt_workbook_is_a_finding(
    members: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    code, report, _ = _run(tmp_path, capsys)
    assert code == 1
    assert _findings(report, "book.xlsx") == [("core/unreadable-file", 1)]


# --- report pages --------------------------------------------------------------------------

NIT_PAGE = FIXTURES / "pages" / "nit-2018-kazakhstan.txt"
FIW_PAGE = FIXTURES / "pages" / "fiw-2023-kazakhstan.txt"


def _page(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: NIT_PAGE.read_text()[: len(NIT_PAGE.read_text()) // 3], "core/incomplete-page"),
        (lambda: FIW_PAGE.read_text()[:2000], "core/incomplete-page"),
        (
            lambda: "<html><body>Example News: 1,234.5 readers</body></html>\n",
            "core/not-a-report-page",
        ),
        (
            lambda: _page(NIT_PAGE, "Democracy Score 1.29", "Democracy Score 1,29"),
            "core/page-number-format",
        ),
        (
            lambda: _page(NIT_PAGE, "from 1.50 to 1.25", "from 1,50 to 1,25"),
            "core/page-number-format",
        ),
        (
            lambda: _page(FIW_PAGE, "\n23 100 Not Free", "\n2,300 100 Not Free"),
            "core/page-number-format",
        ),
    ],
    ids=[
        "nit-truncated",
        "fiw-truncated",
        "another-site",
        "decimal-comma",
        "comma-in-a-change",
        "thousands",
    ],
)
def test_bad_report_pages(
    make: Callable[[], str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "page.txt").write_text(make())
    code, report, _ = _run(tmp_path, capsys)
    assert code == 1
    found = _findings(report, "page.txt")
    assert found and {rule for rule, _ in found} == {expected}
    assert report["summary"]["documents"] == 1  # the page is not checked in part


def test_an_unusable_previous_edition_is_named_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "repo" / "fiw" / "2022" / "kazakhstan.yaml"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(bytes(range(256)))
    this_year = FIXTURES / "valid" / "fiw-2023-kazakhstan.json"
    args = ["check", str(this_year), "--previous-root", str(tmp_path / "repo"), "--format", "json"]
    assert main([*args, "--fail-on", "info"]) == 1
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "core/previous-edition-missing"
    assert "cannot be used (the file is binary, not text)" in finding["message"]
