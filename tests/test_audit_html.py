"""The audit's HTML report: self-contained, and right in a real browser (headless Chromium):
the summary figures in the DOM, the filter working from the address, and a screenshot
that shows the charts."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from validator.cli import main

from . import browser
from .conftest import FIXTURES, SHARED


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("html")
    # the CSV excerpts hold warnings (a split 1973 rating, statuses decided by raw points)
    # and editions since 1973 for the chart; the same report whether ../shared is beside the
    # checkout or not
    # the CSV excerpts under long names with no hyphen to break at, as archives name files
    # (`Country_and_Territory_Ratings_and_Statuses_FIW_...`): the page must still fit
    sources = out / "Official_spreadsheets_as_published_by_the_publisher"
    sources.mkdir()
    for path in (FIXTURES / "sources").iterdir():
        shutil.copy(path, sources / ("Freedom_in_the_World_" + path.name.replace("-", "_")))
    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "pages", sources]
    html, report = out / "audit.html", out / "audit.json"
    code = main(["audit", *map(str, paths), "--html", str(html), "--json", str(report), "--quiet"])
    assert code == 1
    return html, json.loads(report.read_text(encoding="utf-8"))


def test_the_report_is_one_file_that_needs_no_network(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    text = audited[0].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert not re.search(r"<link|<img|<iframe|@import|url\(|\bsrc=|https?://", text)


def _value(dom: str, element_id: str) -> int:
    found = re.search(rf'id="{element_id}" data-value="(\d+)"', dom)
    assert found, element_id
    return int(found.group(1))


def _visible_rows(dom: str) -> list[str]:
    table = dom[dom.index('<table id="findings"') :]
    table = table[: table.index("</table>")]
    return [
        row for row in re.findall(r"<tr [^>]*data-severity[^>]*>", table) if "hidden" not in row
    ]


def test_the_summary_in_the_browser_is_the_audit(audited: tuple[Path, dict[str, Any]]) -> None:
    page, report = audited
    dom = browser.dom(page)
    summary, audit = report["summary"], report["audit"]
    assert _value(dom, "documents-checked") == audit["documents_checked"]
    assert _value(dom, "files-read") == audit["files_read"]
    assert _value(dom, "findings-total") == summary["findings"] == len(report["findings"])
    assert _value(dom, "errors") == summary["errors"]
    assert _value(dom, "warnings") == summary["warnings"]
    assert len(_visible_rows(dom)) == summary["findings"]
    assert _value(dom, "figures-checked") == summary["figures_checked"]
    assert _value(dom, "unchecked") == summary["figures_unchecked"] == len(report["unchecked"])
    cells = sum(int(v) for v in re.findall(r'class="cell"[^>]*data-value="(\d+)"', dom))
    assert cells == sum(row["findings"] for row in report["findings_by_edition"])
    assert report["layouts"]  # pages of every layout, and tables
    for tally in report["layouts"]:
        row = re.search(rf'<tr data-layout="{re.escape(tally["layout"])}">(.*?)</tr>', dom)
        assert row, tally["layout"]
        figures = [int(v) for v in re.findall(r'data-value="(\d+)"', row.group(1))]
        assert figures == [tally["read"], tally["checked"], tally["findings"], tally["refused"]]
    for tally in report["rules"]:
        if tally["documents"]:
            row = re.search(rf'<tr data-rule="{re.escape(tally["rule"])}">(.*?)</tr>', dom)
            assert row, tally["rule"]
            figures = [int(v) for v in re.findall(r'data-value="(\d+)"', row.group(1))]
            assert figures == [
                tally["checked"],
                tally["passed"],
                tally["failed"],
                tally["skipped"],
                tally["not_applicable"],
                tally["findings"],
            ]


def test_the_filter_in_the_address_shows_only_those_findings(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    page, report = audited
    warnings = report["summary"]["warnings"]
    assert warnings
    dom = browser.dom(page, "#severity=warning")
    assert len(_visible_rows(dom)) == warnings
    assert _value(dom, "shown") == warnings
    rule = report["findings"][0]["rule"]
    dom = browser.dom(page, f"#rule={rule}")
    assert len(_visible_rows(dom)) == sum(1 for f in report["findings"] if f["rule"] == rule)


def _near(colours: Counter[tuple[int, int, int]], colour: str, tolerance: int = 12) -> int:
    """How many pixels are within `tolerance` of `colour` in each channel."""
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        n
        for pixel, n in colours.items()
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, rgb, strict=True))
    )


def test_the_screenshot_shows_the_page_and_its_charts(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    from validator.reporters.audit_charts import PALETTE

    rows = browser.screenshot(audited[0], 1200, 4200)
    colours = Counter(p for row in rows for p in row)
    ink = _ink(rows)
    assert ink > 0.03, f"the page looks blank ({ink:.1%} not white)"
    # the status chart's first colour (Free) and the heat map's empty-cell grey are drawn
    assert _near(colours, PALETTE[0]) > 50
    assert _near(colours, "#eeeeee", 2) > 50


def test_rules_with_findings_come_first_and_the_quiet_ones_are_folded(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    text, report = audited[0].read_text(encoding="utf-8"), audited[1]
    table = text[text.index('<table id="rule-tally"') :]
    shown = re.findall(r'<tr data-rule="([^"]+)">', table[: table.index("</table>")])
    folded = text[text.index('<details id="quiet-rules">') :]
    quiet = re.findall(r'<tr data-rule="([^"]+)">', folded[: folded.index("</details>")])
    tallies = {t["rule"]: t for t in report["rules"] if t["documents"] or t["findings"]}
    assert set(shown) == {r for r, t in tallies.items() if t["findings"] or t["failed"]}
    assert set(quiet) == set(tallies) - set(shown)
    assert shown and quiet


def test_where_a_finding_is_reads_as_a_path_below_the_working_folder(
    audited: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from validator.reporters.audit_html import shown_path

    monkeypatch.chdir(FIXTURES.parent)
    assert shown_path(str(FIXTURES / "valid" / "a.yaml")) == "fixtures/valid/a.yaml"
    assert shown_path("/elsewhere/deep/down/a.yaml") == "…/down/a.yaml"
    assert shown_path("relative/a.yaml") == "relative/a.yaml"
    text = audited[0].read_text(encoding="utf-8")
    rows = text[text.index('<table id="findings"') :]
    assert f"<code>{FIXTURES}" not in rows  # the cells show short paths, titles the whole


def _ink(rows: list[list[tuple[int, int, int]]]) -> float:
    """The share of a screenshot's pixels that are not white."""
    return sum(p != (255, 255, 255) for row in rows for p in row) / (len(rows) * len(rows[0]))


def _shots(page: Path, width: int) -> list[list[tuple[int, int, int]]]:
    """A screenshot at `width`, also written as PNG to $REPORT_VALIDATOR_SCREENSHOTS when
    set (to look at: the closing notes of issue 29 show them)."""
    import os
    import shutil
    import tempfile

    rows = browser.screenshot(page, width, 2400)
    folder = os.environ.get("REPORT_VALIDATOR_SCREENSHOTS")
    if folder:
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / "shot.png"
            browser.save_screenshot(page, width, 6000, target)
            shutil.copy(target, Path(folder) / f"audit-{width}.png")
    return rows


def test_the_findings_fit_a_1400_pixel_window(audited: tuple[Path, dict[str, Any]]) -> None:
    """No table wider than the window (the "found" column was cut off, with a scroll bar),
    and each rule id on at most two lines (they wrapped over four or five)."""
    measured = browser.layout(audited[0], 1400)
    assert measured["window"] == 1400
    assert measured["page"] <= 1400, measured
    tables = measured["tables"]
    assert isinstance(tables, dict) and "findings" in tables and "file-tally" in tables
    assert all(right <= 1400 for right in tables.values()), tables
    lines = measured["rule_lines"]
    assert isinstance(lines, list) and lines and max(lines) <= 2, lines
    assert measured["row_display"] == "table-row"
    assert _ink(_shots(audited[0], 1400)) > 0.03


def test_a_phone_gets_the_findings_one_under_another(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    """At a phone's width (headless Chromium lays out no narrower than 500 px, under the
    720 px where the page turns to one column) nothing makes the page scroll sideways:
    each finding is a block of labelled lines, wide tables scroll within themselves."""
    measured = browser.layout(audited[0], 390)
    window = measured["window"]
    assert isinstance(window, int) and window <= 720
    assert measured["page"] <= window, measured
    assert measured["row_display"] == "block"
    assert _ink(_shots(audited[0], 390)) > 0.03


def test_a_message_leaves_its_cell_and_document_to_the_columns_beside_it(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    """A table's finding names its cell (`…csv!E6 (Status), Kosovo 2007`): the table shows
    the cell under where the finding is, and neither it nor the country and year (the
    document column) again in the message."""
    from html import unescape

    text, report = audited[0].read_text(encoding="utf-8"), audited[1]
    rows = re.findall(r"<tr data-severity[^>]*>(.*?)</tr>", text, re.S)
    assert len(rows) == len(report["findings"])
    noted = 0
    for row, finding in zip(rows, report["findings"], strict=True):
        where, _, _, document, message, *_ = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        note = re.search(r"\[([^\[\]]*)\]", finding["message"])
        if note and "!" in note.group(1):
            noted += 1
            cell = note.group(1).split(", ")[0]
            assert cell in unescape(where) and "[" not in unescape(message)
            assert f"{finding['country']} {finding['edition']}" not in unescape(message)
            assert unescape(message) == finding["message"].replace(f" [{note.group(1)}]", "")
            assert f"{finding['edition']} {finding['country']}" in unescape(document)
        else:
            assert unescape(message) == finding["message"]
    assert noted >= 5  # the CSV excerpts' findings


def test_the_files_table_says_what_each_file_holds(audited: tuple[Path, dict[str, Any]]) -> None:
    text, report = audited[0].read_text(encoding="utf-8"), audited[1]
    by_file: dict[str, Counter[str]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["source"], Counter())[finding["severity"]] += 1
    table = text[text.index('<table id="file-tally"') :]
    rows = re.findall(r'<tr data-file="([^"]+)">(.*?)</tr>', table[: table.index("</table>")])
    said = {}
    for source, cells in rows:
        documents, errors, warnings, findings = map(int, re.findall(r'data-value="(\d+)"', cells))
        said[source] = (errors, warnings, findings)
        assert (documents == 0) == ("not read" in cells)
    expected = {s: (c["error"], c["warning"], sum(c.values())) for s, c in by_file.items()}
    assert said == expected
    assert rows[0][0].endswith("broken-syntax.yaml")  # unread first
    noted = re.search(r'id="files-noted" data-value="(\d+)"', text)
    clean = re.search(r'id="files-clean" data-value="(\d+)"', text)
    assert noted and int(noted.group(1)) == len(rows)
    assert clean and int(clean.group(1)) + len(rows) == report["audit"]["files_read"]


def test_a_file_s_name_filters_the_findings_to_that_file(
    audited: tuple[Path, dict[str, Any]],
) -> None:
    """The Files table links each name to the findings filter (`#file=<path>`): followed in
    the browser, it shows that file's findings and no other (one whose messages name it,
    a record assembled with it, is another file's)."""
    from html import unescape

    text, report = audited[0].read_text(encoding="utf-8"), audited[1]
    table = text[text.index('<table id="file-tally"') :]
    links = re.findall(r'<tr data-file="([^"]+)">.*?<a href="(#file=[^"]+)">', table, re.S)
    assert len(links) == len(re.findall(r"<tr data-file=", table[: table.index("</table>")]))
    name = "fiw_aggregate_2003_2005_excerpt.csv"  # named in the messages of another file
    source, link = next((s, link) for s, link in links if s.endswith(name))
    assert sum(name in f["message"] for f in report["findings"] if f["source"] != unescape(source))
    dom = browser.dom(audited[0], unescape(link))
    expected = sum(f["source"] == unescape(source) for f in report["findings"])
    assert expected > 1 and len(_visible_rows(dom)) == expected


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not beside the checkout"
)
def test_the_audit_of_the_official_workbooks_fits_a_1400_pixel_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The input the layout first failed on: the four official workbooks and the seeds
    (long file names unbroken, long messages). Before: a findings table 1,449 px wide in a
    1,400 px window, rule ids over up to six lines."""
    page = tmp_path / "audit.html"
    main(["audit", str(SHARED / "data"), str(SHARED / "seeds"), "--html", str(page), "-q"])
    capsys.readouterr()
    wide: dict[str, Any] = browser.layout(page, 1400)
    assert wide["page"] == 1400 and max(wide["tables"].values()) <= 1400, wide
    assert max(wide["rule_lines"]) <= 2
    narrow = browser.layout(page, 390)
    assert narrow["page"] == narrow["window"] and narrow["row_display"] == "block"


def test_the_files_tally_counts_every_file_whatever_the_limit() -> None:
    """The Files section's counts are over every file, its rows the first of the noted
    ones (a run of clean files only has no row and counts them all clean)."""
    from validator.api import Checker

    checker = Checker.load()
    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "sources"]
    spool = checker.run(paths).spool
    everything, noted, clean = spool.files(1000)
    assert len(everything) == noted > 2 and clean > 0
    for limit in (1, 2, noted - 1):
        rows, noted_again, clean_again = spool.files(limit)
        assert (noted_again, clean_again) == (noted, clean)
        assert rows == everything[:limit]
    clean_run = checker.run([FIXTURES / "valid"]).spool
    assert clean_run.files(5) == ([], 0, len(list((FIXTURES / "valid").iterdir())))
