"""`report-validator audit`: the same findings as `check`, in any number of processes, with
tallies that add up, cross-edition comparisons across files, and bad input as findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.cli import main
from validator.sources.pages import LAYOUT_NAMES
from validator.testing import corrupt, derived_pointers, documents

from .conftest import FIXTURES, SHARED
from .test_properties import _to_json, _to_yaml
from .workbooks import all_data_workbook

needs_data = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason="../shared/data is not beside the checkout"
)


def _audit(
    paths: list[Path], tmp_path: Path, *options: str, quiet: bool = True
) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "audit.json"
    quietly = ["--quiet"] if quiet else []
    code = main(["audit", *map(str, paths), "--json", str(out), *quietly, *options])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _check(paths: list[Path], tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "check.json"
    main(["check", *map(str, paths), "--format", "json", "--output", str(out)])
    findings: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return findings


def _steady(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what differs from run to run (time, processes)."""
    steady = dict(report)
    steady["audit"] = {
        k: v for k, v in report["audit"].items() if k not in ("started", "seconds", "jobs")
    }
    return steady


def test_the_bundled_examples_audit_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The valid documents and the pages of every layout check clean."""
    code, report = _audit([FIXTURES / "valid", FIXTURES / "pages"], tmp_path, quiet=False)
    assert code == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("26 documents checked: no findings")
    # what no rule could compare is said: a repeated last-year total without the previous
    # edition, a summary page's change without its rating, a trend arrow without last year's
    # scores (last year's pairs are checked against each other: issue 24)
    assert "Figures: 521, 99.4% checked" in out and "; 3 unchecked" in out
    assert "FIW: 11 documents" in out and "FOTN: 9 documents" in out and "NIT: 5 documents" in out
    assert report["audit"]["complete"] is True
    assert report["audit"]["files"] == report["audit"]["files_read"] == 26
    assert report["audit"]["documents_checked"] == 26
    assert report["summary"]["findings"] == 0 and report["findings"] == []
    schema = next(r for r in report["rules"] if r["rule"] == "schema")
    assert (schema["documents"], schema["passed"]) == (26, 26)
    # every page layout the reader knows has a bundled page, read and checked
    layouts = {t["layout"]: t for t in report["layouts"]}
    assert set(layouts) == set(LAYOUT_NAMES)
    assert all(t["read"] == t["checked"] >= 1 and t["refused"] == 0 for t in layouts.values())


def test_quiet_says_the_coverage_and_the_closing_line_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _audit([FIXTURES / "invalid"], tmp_path)
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Figures: ") and "unchecked" in lines[0]
    assert lines[1].endswith("checked: 20 errors, 0 warnings") or "errors" in lines[1]


def test_the_summary_shows_the_first_findings_and_where_the_rest_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _audit([FIXTURES / "invalid"], tmp_path, quiet=False)
    out = capsys.readouterr().out
    head = "First findings (10 of "
    assert head in out
    shown = out[out.index(head) :].splitlines()[1:11]
    assert all(": error " in line for line in shown)
    assert "fiw/indicator-outside-range indicator score 5 is outside the range" in out
    assert f"every finding: {tmp_path / 'audit.json'}" in out


def test_audit_finds_what_check_finds_in_one_or_two_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "sources"]
    expected = _check(paths, tmp_path)
    assert expected  # the invalid fixtures have findings
    one = _audit(paths, tmp_path, "--jobs", "1")
    two = _audit(paths, tmp_path, "--jobs", "2")
    assert one[0] == two[0] == 1
    assert one[1]["findings"] == expected
    assert _steady(one[1]) == _steady(two[1])


def test_audit_counts_the_figures_check_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The audit's orchestration (spooled to disk, across processes) and check's (in
    memory) are two over the same engine calls: they agree on coverage as on findings."""
    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "sources", FIXTURES / "pages"]
    out = tmp_path / "check.json"
    main(["check", *map(str, paths), "--format", "json", "--output", str(out)])
    checked = json.loads(out.read_text(encoding="utf-8"))
    for jobs in ("1", "2"):
        _, audited = _audit(paths, tmp_path, "--jobs", jobs)
        for key in ("figures", "figures_checked", "coverage"):
            assert audited["summary"][key] == checked["summary"][key], key
        assert audited["unchecked"] == checked["unchecked"]


def test_a_batch_checked_in_parts_gives_what_it_gives_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker checks a batch's documents once PENDING are read (memory); checked a few
    at a time (column-wise groups cut short), the audit finds and counts the same."""
    from validator.pipeline import work

    paths = [FIXTURES / "invalid", FIXTURES / "valid", FIXTURES / "sources"]
    whole = _audit(paths, tmp_path, "--jobs", "1")
    monkeypatch.setattr(work, "PENDING", 3)
    parts = _audit(paths, tmp_path, "--jobs", "1")
    assert parts[1]["findings"] == whole[1]["findings"]
    assert _steady(parts[1]) == _steady(whole[1])


def test_tallies_add_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = _audit([FIXTURES / "invalid", FIXTURES / "valid"], tmp_path)
    findings_by_rule: dict[str, int] = {}
    for finding in report["findings"]:
        findings_by_rule[finding["rule"]] = findings_by_rule.get(finding["rule"], 0) + 1
    assert report["findings_by_rule"] == findings_by_rule
    for tally in report["rules"]:
        parts = tally["passed"] + tally["failed"] + tally["skipped"] + tally["not_applicable"]
        assert tally["documents"] == parts, tally
        assert tally["checked"] == tally["passed"] + tally["failed"]
        if tally["rule"] != "schema":  # a failed rule has a finding, a finding a failed rule
            assert (tally["failed"] > 0) == (tally["findings"] > 0), tally
    errors: dict[tuple[Any, ...], int] = {}
    for f in report["findings"]:
        key = (f["source"], f["survey"], f["country"], f["edition"])
        errors[key] = errors.get(key, 0) + (f["severity"] == "error")
    worst = report["worst_documents"]
    assert worst[0]["errors"] == max(errors.values())
    assert [w["errors"] for w in worst] == sorted((w["errors"] for w in worst), reverse=True)
    by_edition = sum(row["findings"] for row in report["findings_by_edition"])
    assert by_edition == sum(1 for f in report["findings"] if f["survey"] and f["country"])


def _fiw(tmp_path: Path, folder: str, name: str) -> Path:
    target = tmp_path / folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "valid" / name, target)
    return target


def test_editions_in_different_files_are_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = _fiw(tmp_path, "2023", "fiw-2023-kazakhstan.json")
    older = _fiw(tmp_path, "archive/2022", "fiw-2022-kazakhstan.yaml")
    code, report = _audit([newer.parent, older.parent.parent], tmp_path, "--jobs", "2")
    assert code == 0
    tally = {r["rule"]: r for r in report["rules"]}
    assert tally["fiw/last-year-total-differs-from-previous-edition"]["passed"] == 1
    # the 2023 page now says last year's total was 24: the 2022 file says 23
    data = json.loads(newer.read_text(encoding="utf-8"))
    data["last_year"]["total_score"] += 1
    newer.write_text(json.dumps(data), encoding="utf-8")
    code, report = _audit([newer.parent, older.parent.parent], tmp_path, "--jobs", "2")
    assert code == 1
    assert [(f["rule"], f["source"]) for f in report["findings"]] == [
        ("fiw/last-year-total-differs-from-previous-edition", str(newer))
    ]


def test_workers_started_afresh_load_the_same_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on macOS and Windows, where workers are spawned, not forked: they build the
    engine from the same packs and selection."""
    from validator.pipeline import schedule

    monkeypatch.setattr(schedule, "START_METHOD", "spawn")
    paths = [FIXTURES / "invalid", FIXTURES / "valid"]
    forked = _audit(paths, tmp_path, "--jobs", "1", "--ignore", "schema")[1]
    spawned = _audit(paths, tmp_path, "--jobs", "2", "--ignore", "schema")[1]
    assert spawned["findings"] == forked["findings"]
    assert not any(f["rule"].startswith("schema/") for f in spawned["findings"])


def test_a_bad_file_is_a_finding_and_the_audit_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "archive"
    shutil.copytree(FIXTURES / "valid", folder)
    (folder / "broken.json").write_text('{"survey": "fiw", "edition": ', encoding="utf-8")
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00\x01")
    code, report = _audit([folder], tmp_path, "--jobs", "2")
    assert code == 1
    assert report["audit"]["documents_checked"] == 12
    rules = sorted((f["rule"], Path(f["source"]).name) for f in report["findings"])
    assert rules == [("core/not-utf8", "binary.yaml"), ("core/parse-error", "broken.json")]


def test_a_worker_that_dies_is_a_finding_for_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from validator.pipeline import work

    real = work.load_file

    def dies_on_syria(path: Path, *args: Any) -> Any:
        if "syria" in path.name:
            os._exit(9)  # as the kernel's OOM killer would stop it: no exception, no cleanup
        return real(path, *args)

    monkeypatch.setattr(work, "load_file", dies_on_syria)  # the forked workers inherit it
    code, report = _audit([FIXTURES / "valid"], tmp_path, "--jobs", "2")
    assert code == 1
    assert [(f["rule"], Path(f["source"]).name) for f in report["findings"]] == [
        ("core/internal-error", "fiw-2024-syria.yaml")
    ]
    assert report["audit"]["files_read"] == 12 and report["audit"]["documents_checked"] == 11


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_task_that_raises_is_a_finding_for_its_file(
    jobs: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from validator.pipeline import work

    real = work.load_file

    def fails_on_syria(path: Path, *args: Any) -> Any:
        if "syria" in path.name:
            raise RuntimeError("a bug outside every safety net")
        return real(path, *args)

    monkeypatch.setattr(work, "load_file", fails_on_syria)
    code, report = _audit([FIXTURES / "valid"], tmp_path, "--jobs", jobs)
    assert code == 1
    [finding] = report["findings"]
    assert (finding["rule"], Path(finding["source"]).name) == (
        "core/internal-error",
        "fiw-2024-syria.yaml",
    )
    assert "RuntimeError: a bug outside every safety net" in finding["message"]
    assert report["audit"]["documents_checked"] == 11


def _shared_between_processes(workbook: Path, tmp_path: Path) -> dict[tuple[int, str], int]:
    """The audit of a workbook in one and in two processes: the same report; its statuses."""
    one = _audit([workbook], tmp_path, "--jobs", "1")
    two = _audit([workbook], tmp_path, "--jobs", "2")
    assert one[0] == two[0] == 0
    assert _steady(one[1]) == _steady(two[1])
    assert two[1]["audit"]["documents_checked"] == one[1]["audit"]["documents_checked"]
    return {(s["edition"], s["status"]): s["records"] for s in two[1]["statuses"]}


def test_a_large_workbook_is_shared_between_processes(tmp_path: Path) -> None:
    # 630 real records: more than two chunks of 250, so both processes take a part
    workbook = all_data_workbook(tmp_path / "all-data.xlsx", copies=70)
    statuses = _shared_between_processes(workbook, tmp_path)
    assert statuses == {(2024, "Not Free"): 210, (2023, "Not Free"): 210, (2017, "Not Free"): 210}


@pytest.mark.slow
@needs_data
def test_the_official_workbook_is_shared_between_processes(tmp_path: Path) -> None:
    workbook = SHARED / "data" / "All_data_FIW_2013-2024.xlsx"
    statuses = _shared_between_processes(workbook, tmp_path)
    assert sum(statuses.values()) == 2515
    assert sum(n for (edition, _), n in statuses.items() if edition == 2024) == 210


def test_outputs_are_refused_over_inputs_and_written_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "archive"
    shutil.copytree(FIXTURES / "valid", folder)
    victim = folder / "fiw-2024-syria.yaml"
    before = victim.read_bytes()
    assert main(["audit", str(folder), "--json", str(victim), "-q"]) == 2
    assert victim.read_bytes() == before
    csv = tmp_path / "out" / "audit.csv"
    csv.parent.mkdir()
    assert (
        main(["audit", str(folder), "--csv", str(csv), "--html", str(tmp_path / "a.html"), "-q"])
        == 0
    )
    assert csv.read_text(encoding="utf-8").splitlines()[0].startswith("rule,severity,message")
    tallies = (tmp_path / "out" / "audit-tallies.csv").read_text(encoding="utf-8").splitlines()
    assert tallies[0].startswith("rule,severity,documents,checked,passed,failed")
    assert any(line.startswith("schema,") for line in tallies)
    assert sorted(p.name for p in csv.parent.iterdir()) == ["audit-tallies.csv", "audit.csv"]


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "no/such/folder"]) == 2
    assert main(["audit", str(FIXTURES / "valid"), "--jobs", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_a_stop_while_a_workbook_is_shared_says_it_was_read_in_part(tmp_path: Path) -> None:
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths
    from validator.pipeline.progress import Progress
    from validator.pipeline.run import run as run_pipeline
    from validator.pipeline.spool import Spool
    from validator.pipeline.work import Setup
    from validator.pipeline_findings import Selection
    from validator.sources.problems import PageOptions

    class StopAfterTwoParts(Progress):
        calls = 0

        def advance(self, done: int = 0, documents: int = 0, findings: int = 0) -> None:
            super().advance(done, documents, findings)
            self.calls += 1
            if self.calls == 3:  # the reading, then two parts
                raise KeyboardInterrupt

    packs, _ = load_packs(pack_paths())
    engine = Engine(packs)
    setup = Setup(None, Selection(), PageOptions())
    spool = Spool(tmp_path / "spool.sqlite")
    workbook = all_data_workbook(tmp_path / "all-data.xlsx", copies=120)  # 1,080 records
    audit = run_pipeline(
        [workbook],
        engine,
        jobs=2,
        setup=setup,
        spool=spool,
        progress=StopAfterTwoParts(None),
        signals=True,
    )
    assert audit.stopped == "stopped by Ctrl-C while reading files"
    assert (audit.files, audit.files_read, audit.files_in_part) == (1, 0, 1)
    assert 3 * 250 <= audit.checked < 1080  # what was finished is kept, and no more
    assert "(1 more in part" in audit.files_told
    spool.close()


@pytest.mark.slow
@settings(max_examples=25)  # each example is a whole audit and a whole check
@given(
    st.lists(st.tuples(documents(), st.booleans(), st.integers(0, 3)), min_size=1, max_size=6),
    st.sampled_from([1, 2]),
    st.data(),
)
def test_any_archive_audits_as_it_checks(
    tmp_path_factory: pytest.TempPathFactory,
    archive: list[tuple[dict[str, Any], bool, int]],
    jobs: int,
    data: st.DataObject,
) -> None:
    """Documents of any survey, some with a wrong figure, spread over folders (the same
    record twice, consecutive editions, whatever the strategy draws): the audit reports what
    `check` reports, and its tallies add up."""
    folder = tmp_path_factory.mktemp("archive")
    for index, (doc, wrong, shelf) in enumerate(archive):
        if wrong:
            doc = corrupt(doc, data.draw(st.sampled_from(derived_pointers(doc))))
        target = folder / f"shelf-{shelf}"
        target.mkdir(exist_ok=True)
        if index % 2:
            (target / f"{index}.json").write_text(_to_json(doc), encoding="utf-8")
        else:
            (target / f"{index}.yaml").write_text(_to_yaml(doc), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    expected = _check([folder], out)
    code, report = _audit([folder], out, "--jobs", str(jobs))
    assert report["findings"] == expected
    assert code == (1 if any(f["severity"] == "error" for f in expected) else 0)
    assert report["audit"]["documents_checked"] == len(archive)
    for tally in report["rules"]:
        parts = tally["passed"] + tally["failed"] + tally["skipped"] + tally["not_applicable"]
        assert tally["documents"] == parts, tally


def test_a_stop_while_comparing_editions_counts_what_waited(tmp_path: Path) -> None:
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths
    from validator.pipeline.progress import Progress
    from validator.pipeline.run import run as run_pipeline
    from validator.pipeline.spool import Spool
    from validator.pipeline.work import Setup
    from validator.pipeline_findings import Selection
    from validator.sources.problems import PageOptions

    class StopWhenComparing(Progress):
        def start(self, phase: str, total: int) -> None:
            if phase != "files":
                assert total == 1  # FIW2023 states last year's figures: it waited
                raise KeyboardInterrupt
            super().start(phase, total)

    newer = _fiw(tmp_path, "a", "fiw-2023-kazakhstan.json")
    older = _fiw(tmp_path, "b", "fiw-2022-kazakhstan.yaml")
    packs, _ = load_packs(pack_paths())
    spool = Spool(tmp_path / "spool.sqlite")
    audit = run_pipeline(
        [newer.parent, older.parent],
        Engine(packs),
        setup=Setup(None, Selection(), PageOptions()),  # type: ignore[arg-type]
        spool=spool,
        progress=StopWhenComparing(None),
        signals=True,
    )
    assert audit.stopped == "stopped by Ctrl-C while comparing documents with last year's"
    assert (audit.files_read, audit.checked, audit.waiting) == (2, 1, 1)
    spool.close()


@pytest.mark.parametrize("for_spreadsheets", [False, True])
def test_the_csv_holds_values_for_data_tools_or_guarded_for_spreadsheets(
    for_spreadsheets: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """By default each cell is the JSON report's value (a data tool reads `-4 to 40`);
    `--csv-for-spreadsheets` prefixes exactly the text cells a spreadsheet would run as a
    formula with an apostrophe, and nothing else changes."""
    import csv
    import io
    import json

    out = tmp_path / "audit.csv"
    as_json = tmp_path / "audit.json"
    flag = ["--csv-for-spreadsheets"] if for_spreadsheets else []
    main(
        ["audit", str(FIXTURES / "sources"), "--csv", str(out), "--json", str(as_json), "-q", *flag]
    )
    capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    findings = json.loads(as_json.read_text())["findings"]
    assert len(rows) == len(findings) > 0
    formula_like = 0
    for row, finding in zip(rows, findings, strict=True):
        for key, value in finding.items():
            text = "" if value is None else str(value)
            if for_spreadsheets and isinstance(value, str) and text[:1] in ("=", "+", "-", "@"):
                formula_like += 1
                assert row[key] == "'" + text, (key, row[key])
            else:
                assert row[key] == text, (key, row[key])
    assert any(f["expected"] == "-4 to 40" for f in findings)  # the fixtures hold one
    assert formula_like > 0 if for_spreadsheets else formula_like == 0
    tallies = list(csv.reader(io.StringIO((tmp_path / "audit-tallies.csv").read_text())))
    assert tallies[0][0] == "rule" and len(tallies) > 1
