"""Issue 16, the attacks of the second round that got through: each test failed before its
fix. (Items not yet fixed are listed in the issue's notes.)"""

from __future__ import annotations

import csv
import io
import json
import time
import xml.dom.minidom
from pathlib import Path

import pytest
import yaml

from validator.cli import main
from validator.sources import load_paths

from .workbooks import parts_of, repack, sheet_xml, write_workbook

FORMATS = ("text", "json", "sarif", "junit", "github")


def _hostile(tmp_path: Path, country: str) -> Path:
    path = tmp_path / "hostile.json"
    body = {"survey": "fiw", "country": "@", "edition": 2024, "political_rights_score": 99}
    path.write_text(json.dumps(body).replace('"@"', json.dumps(country)))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_lone_surrogate_in_the_data_is_written_escaped_in_every_format(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    path = _hostile(tmp_path, "\ud800")  # json.dumps writes it as the escape \ud800
    assert main(["check", str(path), "--format", fmt]) == 1
    out = capsysbinary.readouterr().out.decode("utf-8")  # strict: it must be UTF-8
    assert "political-rights-score-outside-range" in out
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert findings[1]["country"] == "\ud800"  # read back, the same
        assert [f["rule"] for f in findings] == [
            "core/unpaired-surrogate",  # and said, where it is
            "fiw/political-rights-score-outside-range",
        ]
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        assert results[-1]["properties"]["country"] == "\ud800"


def test_control_characters_leave_junit_well_formed_and_terminals_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile(tmp_path, "A\x1b]0;owned\x07B\x00\u202eC")
    main(["check", str(path), "--format", "junit"])
    junit = capsys.readouterr().out
    xml.dom.minidom.parseString(junit)  # raises on a control character
    assert "\\x1b" in junit and "\\x00" in junit
    # GitHub annotations keep the runner's own escaping, which round-trips any text
    main(["check", str(path), "--format", "text", "--select", "core,schema,fiw"])
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x00\u202e")


def test_the_audit_escapes_names_for_the_terminal_and_formulas_for_spreadsheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile(folder, '=HYPERLINK("http://x")\x1b[2J').rename(folder / "a.json")
    report = tmp_path / "audit.csv"
    main(["audit", str(folder), "--csv", str(report), "--jobs", "1"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    assert rows and all(row["country"].startswith("'=") for row in rows)


def test_a_file_name_that_is_not_utf8_is_audited_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"C\xf4te.yaml"  # Latin-1
    body = {"survey": "fiw", "country": "Cote", "edition": 2024, "political_rights_score": 99}
    (Path(str(folder).encode().decode()) / name.decode("utf-8", "surrogateescape")).write_text(
        yaml.safe_dump(body)
    )
    out = tmp_path / "audit.json"
    assert main(["audit", str(folder), "--json", str(out), "--jobs", "1"]) == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    [finding] = report["findings"]
    assert finding["source"].endswith("C\\udcf4te.yaml")
    assert "C\\udcf4te.yaml" in capsys.readouterr().out


@pytest.mark.parametrize("survey", ["../../../escaped", "/tmp/absolute", "", ".", "fi\x00w"])
def test_import_writes_nothing_outside_out_whatever_the_survey(tmp_path: Path, survey: str) -> None:
    source = tmp_path / "in" / "a.yaml"
    source.parent.mkdir()
    source.write_text(yaml.safe_dump({"survey": survey, "country": "K", "edition": 2018}))
    out = tmp_path / "deep" / "er" / "out"
    main(["import", str(source), "--out", str(out)])
    written = [p for p in tmp_path.rglob("*.yaml") if p != source]
    assert written and all(out in p.parents for p in written)
    assert all(p.parent.parent.parent == out for p in written)  # <survey>/<edition>/<name>


def test_one_overlong_country_name_is_written_shortened_and_the_rest_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index, name in enumerate(("X" * 300, "X" * 299, "Kazakhstan")):
        body = {"survey": "fiw", "country": name, "edition": 2018}
        (folder / f"{index}.yaml").write_text(yaml.safe_dump(body))
    out = tmp_path / "out"
    assert main(["import", str(folder), "--out", str(out)]) == 0
    names = sorted(p.name for p in (out / "fiw" / "2018").iterdir())
    assert len(names) == 3 and all(len(n) <= 105 for n in names)  # two long names kept apart


def test_a_merge_range_of_billions_of_rows_is_read_at_once(tmp_path: Path) -> None:
    header = ["Country/Territory", "Edition", "Add Q"]
    rows = [["Raw data"], header, ["Kazakhstan", 2024, 0], ["Testland", 2024, 0]]
    book = write_workbook(
        tmp_path / "merged.xlsx", {"FIW13-24": sheet_xml(rows, merged=("A3:A99999999999999",))}
    )
    start = time.monotonic()
    docs, problems = load_paths([book])
    assert time.monotonic() - start < 10  # it never ended before (a bound, not a benchmark)
    assert docs == [] and [p.rule for _, p in problems].count("merged-cells") == 1


PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "nit-2018-kazakhstan.txt"


@pytest.mark.parametrize("digits", [5000, 1_000_000])
def test_a_number_of_thousands_of_digits_on_a_page_is_out_of_bounds(
    tmp_path: Path, digits: int
) -> None:
    page = tmp_path / "page.txt"
    text = PAGE.read_text()
    assert "Democracy Score 1.29" in text
    page.write_text(text.replace("Democracy Score 1.29", "Democracy Score " + "9" * digits, 1))
    start = time.monotonic()
    _, problems = load_paths([page])
    assert time.monotonic() - start < 10  # 53 s for a million digits before
    assert [p.rule for _, p in problems] == ["number-out-of-bounds"]  # not internal-error


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_workbook_part_in_another_encoding_is_refused_before_its_entities(
    tmp_path: Path, encoding: str
) -> None:

    book = write_workbook(tmp_path / "plain.xlsx", {"S": sheet_xml([["a"]])})
    assert isinstance(book, Path)
    parts = parts_of(book)
    evil = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    parts["xl/worksheets/sheet1.xml"] = evil.encode(encoding)
    hostile = repack(tmp_path / "hostile.xlsx", parts)
    docs, problems = load_paths([hostile])
    assert docs == [] and [p.rule for _, p in problems] == ["unreadable-file"]
    assert "not UTF-8" in problems[0][1].message


def test_outputs_never_replace_a_file_the_run_reads_readable_or_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    good = Path(__file__).resolve().parent.parent / "fixtures" / "valid" / "fiw-2024-syria.yaml"
    (folder / "good.yaml").write_text(good.read_text())
    broken = folder / "broken.yaml"
    broken.write_text("survey: [fiw\n")  # cut off: a parse error, no document
    page = folder / "page.txt"
    page.write_bytes(b"\xff\xfe not a page")  # unreadable text
    pack = tmp_path / "pack.yaml"
    pack.write_text((Path(__file__).resolve().parent.parent / "rules" / "fiw.yaml").read_text())
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(folder), "--write-baseline", str(baseline)]) in (0, 1)
    before = {p: p.read_bytes() for p in (broken, page, pack, baseline)}
    attempts = [
        ["check", str(folder), "--format", "json", "--output", str(broken)],
        ["check", str(folder), "--format", "json", "--output", str(page)],
        [
            "check",
            str(folder),
            "--baseline",
            str(baseline),
            "--format",
            "json",
            "--output",
            str(baseline),
        ],
        ["check", str(folder), "--rules", str(pack), "--format", "json", "--output", str(pack)],
        ["audit", str(folder), "--json", str(page)],
        ["audit", str(folder), "--html", str(broken)],
    ]
    for argv in attempts:
        assert main(argv) == 2, argv
        assert "not overwritten" in capsys.readouterr().err
    assert before == {p: p.read_bytes() for p in before}
    # what the tool wrote there itself is output, and is replaced
    report = folder / "report.json"
    for _ in range(2):
        main(["check", str(folder), "--format", "json", "--output", str(report)])
    assert json.loads(report.read_text())["summary"]["documents"] >= 1


def test_a_fifo_given_or_found_is_reported_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")  # opening it for reading would block forever
    for argv in (["check", str(folder / "pipe.yaml")], ["check", str(folder)]):
        assert main(argv) == 1
        assert "core/unreadable-file" in capsys.readouterr().out
    assert main(["check", str(folder), "--rules", str(folder / "pipe.yaml")]) == 2
    assert main(["audit", str(folder), "-q", "--jobs", "1"]) == 1


def test_ctrl_c_outside_an_audit_ends_with_one_line_and_the_stop_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from validator import cli

    def interrupted(argv: object = None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == cli.EXIT_STOPPED
    assert (
        capsys.readouterr().err == "report-validator: stopped (Ctrl-C); nothing more was written\n"
    )


def _shapes() -> dict[str, tuple[str, str]]:
    """Inputs of 80-420 KB that an adversary found quadratic: each took 30 s to minutes."""
    page = PAGE.read_text().splitlines()
    return {
        "json-escapes": (".json", "[" * 40 + '"' + '\\"' * 40_000),
        "json-repeated-keys": (
            ".json",
            "{" + ",".join(f'"k{i}": 1, "k{i}": 2' for i in range(80_000)) + "}",
        ),
        "page-spaces": (".txt", "\n".join([*page[:5], "On a" + " " * 80_000 + "b", *page[5:]])),
        "yaml-suppression-spaces": (
            ".yaml",
            "survey: fiw  # report-validator: ignore[fiw/x] a" + " " * 80_000 + "b\n",
        ),
        "ratings-csv-columns": (
            ".csv",
            "Survey Edition,"
            + ",,,".join(str(1900 + i % 100) for i in range(10_000))
            + ",,\nYear(s) Under Review\n,"
            + ",".join(["PR,CL ,Status"] * 10_000)
            + "\nTestland,"
            + ",".join(["1,1,F"] * 10_000)
            + "\n",
        ),
    }


@pytest.mark.parametrize("shape", sorted(_shapes()))
def test_inputs_that_were_quadratic_are_read_in_bounded_time(tmp_path: Path, shape: str) -> None:
    """A bound, not a benchmark (bench/linear.py measures the ratios): each took 30 s or
    more before, and takes well under a second now."""
    suffix, text = _shapes()[shape]
    path = tmp_path / f"input{suffix}"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    load_paths([path])
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("command", ["check", "audit", "import"])
def test_a_file_over_the_time_budget_is_a_finding_and_the_rest_goes_on(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    from validator import sources

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "slow.json").write_text('{"survey": "fiw"}')
    good = Path(__file__).resolve().parent.parent / "fixtures" / "valid" / "fiw-2024-syria.yaml"
    (folder / "good.yaml").write_text(good.read_text())

    def hanging(*args: object) -> object:  # a reader that never ends, as hostile files made it
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(sources, "READERS", {**sources.READERS, ".json": hanging})
    extra = {"check": [], "audit": ["--jobs", "1"], "import": ["--out", str(tmp_path / "o")]}
    code = main([command, str(folder), "--time-budget", "0.5", *extra[command]])
    out = capsys.readouterr().out
    assert code == 1 and "core/over-time-budget" in out and "slow.json" in out
    if command == "import":
        assert (tmp_path / "o" / "fiw" / "2024" / "syria.yaml").is_file()
    else:
        assert "1 document checked" in out


def test_a_full_disk_under_the_audit_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from validator.audit.spool import Spool

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Spool, "add", full)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "valid"
    assert main(["audit", str(fixtures), "--jobs", "1", "-q"]) == 2  # not 1, "findings"
    err = capsys.readouterr().err
    assert "is the disk full?" in err and "Traceback" not in err


def test_sigterm_while_the_reports_are_written_leaves_nothing_half_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import tempfile

    from validator.reporters import audit_json

    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    real = audit_json.write

    def interrupted(audit: object, out: io.TextIOBase) -> None:
        out.write("{ half")
        os.kill(os.getpid(), signal.SIGTERM)  # the default action killed the process here
        real(audit, out)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_json, "write", interrupted)
    reports = tmp_path / "reports"
    reports.mkdir()
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "valid"
    code = main(["audit", str(fixtures), "--jobs", "1", "-q", "--json", str(reports / "a.json")])
    assert code == 128 + signal.SIGTERM
    assert list(reports.iterdir()) == [] and list(work.iterdir()) == []
    assert "stopped by SIGTERM while writing the reports" in capsys.readouterr().err


def test_a_sheet_part_listed_many_times_is_refused_not_parsed_each_time(tmp_path: Path) -> None:
    import re

    book = write_workbook(tmp_path / "plain.xlsx", {"S": sheet_xml([["a"]])})
    assert isinstance(book, Path)
    parts = parts_of(book)
    workbook = parts["xl/workbook.xml"].decode()
    entry = re.search(r"<sheet [^>]*/>", workbook)
    assert entry
    copies = "".join(entry.group().replace('name="S"', f'name="S{i}"') for i in range(300))
    parts["xl/workbook.xml"] = workbook.replace(entry.group(), copies).encode()
    hostile = repack(tmp_path / "listed.xlsx", parts)
    docs, problems = load_paths([hostile])
    assert docs == [] and [p.rule for _, p in problems] == ["unreadable-file"]
    assert "listed as more than one sheet" in problems[0][1].message


def test_a_stop_that_arrives_with_the_last_task_is_not_a_complete_audit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    from validator.audit import run as audit_run

    real = audit_run.run_tasks
    calls = []

    def last_then_signal(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 2:  # the last task is done; the group's SIGTERM reaches us now
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(audit_run, "run_tasks", last_then_signal)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "valid"
    out = tmp_path / "audit.json"
    code = main(["audit", str(fixtures), "--jobs", "1", "-q", "--json", str(out)])
    report = json.loads(out.read_text())
    assert report["audit"]["complete"] is False and code == 130


def test_a_sheet_is_parsed_as_it_streams_so_memory_follows_the_cells(tmp_path: Path) -> None:
    """26 MB of sheet XML (two million empty rows) in a 0.1 MB workbook: the whole tree took
    about 25 bytes of memory per byte of XML; streamed, the rows are dropped once read."""
    import subprocess
    import sys

    book = write_workbook(tmp_path / "plain.xlsx", {"S": sheet_xml([["a"]])})
    assert isinstance(book, Path)
    parts = parts_of(book)
    parts["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxml'
        b'formats.org/spreadsheetml/2006/main"><sheetData>'
        + b'<row r="9"/>' * 2_000_000
        + b"</sheetData></worksheet>"
    )
    hostile = repack(tmp_path / "rows.xlsx", parts)
    probe = (
        "import resource, sys\n"
        "from validator.sources.xlsx_reader import read_workbook\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "read_workbook(sys.argv[1])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(hostile)], capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 100_000  # KB: under 100 MB for 26 MB of XML (it took 600+)
