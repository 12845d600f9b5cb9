"""The command line, called as `main(argv)`: exit codes, formats, selection, rule docs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from validator import __version__
from validator.cli import main

from .conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "golden"
INVALID = FIXTURES / "invalid"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # golden files show paths relative to the repository


def test_bundled_examples_check_clean(capsys: pytest.CaptureFixture[str], in_root: None) -> None:
    assert main(["check", "fixtures/valid"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("documents checked: no findings\n")


SUFFIXES = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "github"}


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_golden_output(fmt: str, capsys: pytest.CaptureFixture[str], in_root: None) -> None:
    assert main(["check", "fixtures/invalid", "--format", fmt]) == 1
    out = capsys.readouterr().out.replace(__version__, "VERSION")
    golden = GOLDEN / f"invalid.{SUFFIXES[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out)
    assert out == golden.read_text()


def test_json_contract(capsys: pytest.CaptureFixture[str], in_root: None) -> None:
    main(["check", "fixtures/invalid/nit-wrong-democracy-score.yaml", "--format", "json"])
    body = json.loads(capsys.readouterr().out)
    assert list(body) == ["version", "tool", "findings", "summary", "unchecked"]
    assert body["version"] == 1
    assert list(body["summary"]) == [
        "documents",
        "findings",
        "errors",
        "warnings",
        "infos",
        "suppressed",
        "figures",
        "figures_checked",
        "coverage",
    ]
    [finding] = body["findings"]
    assert list(finding) == [
        "rule",
        "severity",
        "message",
        "source",
        "line",
        "column",
        "pointer",
        "expected",
        "actual",
        "survey",
        "country",
        "edition",
    ]
    assert finding["expected"] == "1.29" and finding["actual"] == "1.31"
    # 7 ratings, the score, the percentage and the status: 10 figures, each compared by a rule
    assert body["summary"] == {
        "documents": 1,
        "findings": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
        "suppressed": 0,
        "figures": 10,
        "figures_checked": 10,
        "coverage": {"nit": {"figures": 10, "checked": 10}},
    }
    assert body["unchecked"] == []


def test_json_summary_counts_each_severity_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An info finding (an unused suppression) is neither an error nor a warning; a
    suppressed finding is counted as such; a negative zero is a warning."""
    text = (ROOT / "fixtures" / "invalid" / "nit-wrong-democracy-score.yaml").read_text()
    text = text.replace(
        "democracy_score: 1.31",
        "democracy_score: 1.31  # report-validator: ignore[nit/democracy-score] as printed",
    )
    text = text.replace("survey: nit", "survey: nit  # report-validator: ignore[nit] stale")
    (tmp_path / "a.yaml").write_text(text)
    fotn = (ROOT / "fixtures" / "valid" / "fotn-2023-iceland.yaml").read_text()
    (tmp_path / "b.yaml").write_text(fotn.replace("status: Free", "status: Free\nterritory: -0", 1))
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    summary = json.loads(capsys.readouterr().out)["summary"]
    rules = summary  # the counts, by severity
    assert (rules["errors"], rules["warnings"], rules["infos"], rules["suppressed"]) == (1, 1, 1, 1)
    assert rules["findings"] == 3


def test_text_lines_are_sorted_and_end_with_a_summary(
    capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    main(["check", "fixtures/invalid"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "6 documents checked: 16 errors, 0 warnings"
    assert lines[-2].startswith("figures: ") and "(--coverage lists them)" in lines[-2]
    lines = lines[:-1]

    def key(line: str) -> tuple[str, int, int]:
        path, row, col = line.split(":")[:3]
        return (path, int(row), int(col))

    assert lines[:-1] == sorted(lines[:-1], key=key)


def test_select_and_ignore_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(INVALID), "--select", "schema", "--format", "json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert rules and all(r.startswith("schema/") for r in rules)
    assert main(["check", str(INVALID), "--ignore", "schema,core,nit/", "--format", "json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert rules and all(r.startswith(("fiw/", "fotn/")) for r in rules)
    assert (
        main(
            [
                "check",
                str(INVALID / "nit-wrong-democracy-score.yaml"),
                "--ignore",
                "nit/democracy-score-differs-from-mean",
            ]
        )
        == 0
    )


def test_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = (
        (ROOT / "rules" / "nit.yaml")
        .read_text()
        .replace(
            "    severity: error\n    check: mean_equals",
            "    severity: warning\n    check: mean_equals",
        )
    )
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "nit.yaml").write_text(pack)
    target = str(INVALID / "nit-wrong-democracy-score.yaml")
    instead = ["--rules", str(rules), "--no-bundled-rules"]  # this nit pack for the bundled
    assert main(["check", target, *instead]) == 0
    assert "warning nit/democracy-score-differs-from-mean" in capsys.readouterr().out
    assert main(["check", target, *instead, "--fail-on", "warning"]) == 1
    assert main(["check", target, "--rules", str(rules)]) == 2  # two packs named nit
    assert "pack name 'nit' is used by more than one file" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["check"]) == 2
    assert main(["check", "does/not/exist.yaml"]) == 2
    assert main(["check", str(INVALID), "--format", "xml"]) == 2
    assert main(["rules", "explain", "nit/no-such-rule"]) == 2
    assert "no rule" in capsys.readouterr().err


def test_broken_rule_pack_exits_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "nit.yaml"
    text = (ROOT / "rules" / "nit.yaml").read_text()
    pack.write_text(text.replace("check: mean_equals", "check: mean_equal"))
    assert main(["check", str(FIXTURES / "valid"), "--rules", str(pack)]) == 2
    err = capsys.readouterr().err
    line = text[: text.index("check: mean_equals")].count("\n") + 1
    assert f"{pack}:{line}:" in err
    assert "core/invalid-rule-pack" in err


def test_rules_list_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    listing = capsys.readouterr().out
    assert "nit/democracy-score-differs-from-mean" in listing
    assert "schema/required" in listing and "core/parse-error" in listing
    assert main(["rules", "explain", "fiw/status-differs-from-scores"]) == 0
    page = capsys.readouterr().out
    for part in (
        "Why:",
        "Fix:",
        "Source:",
        "Applies to: fiw, editions 2004 to date",
        "Table status-from-freedom-rating",
        "5.5 to 7.0: Not Free",
    ):
        assert part in page
    assert main(["rules", "kinds"]) == 0
    assert "linear_formula" in capsys.readouterr().out


def test_python_dash_m_is_the_same_program() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "validator",
            "check",
            str(INVALID / "nit-wrong-democracy-score.yaml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "nit/democracy-score-differs-from-mean" in result.stdout


def test_a_crashing_check_becomes_a_finding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from validator.checks import mean_equals

    def explode(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(mean_equals, "check", explode)
    monkeypatch.delattr(mean_equals, "compile_rule")  # the rule through its check alone
    assert main(["check", str(FIXTURES / "valid"), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["rule"] for f in findings} == {"core/internal-error"}
    assert all("nit/democracy-score-differs-from-mean" in f["message"] for f in findings)


def test_every_output_format_has_a_golden_file_and_a_cli_choice() -> None:
    from validator.cli import build_parser
    from validator.reporters import MODULES

    assert set(SUFFIXES) == set(MODULES)
    check = next(
        a
        for a in build_parser()._subparsers._group_actions[0].choices["check"]._actions
        if a.dest == "outputs" and a.choices
    )
    assert set(check.choices) == set(MODULES)


# --- what a run could not check is said, never passed ---------------------------------------


@pytest.mark.parametrize("command", ["check", "audit"])
@pytest.mark.parametrize(
    ("option", "value", "meant"),
    [
        (
            "--select",
            "nit/democracy-score-diffres-from-mean",
            "nit/democracy-score-differs-from-mean",
        ),
        ("--select", "democracy-score-differs-from-mean", "nit/democracy-score-differs-from-mean"),
        ("--ignore", "schema/typ", "schema/type"),
        ("--select", "fiws", "fiw"),
        ("--select", "foo", None),
    ],
)
def test_a_selection_that_names_no_rule_is_a_usage_error(
    command: str,
    option: str,
    value: str,
    meant: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = ["--json", str(tmp_path / "a.json")] if command == "audit" else []
    assert main([command, str(INVALID), option, value, *out]) == 2
    err = capsys.readouterr().err
    assert f"{option} {value}: no rule has this id or prefix" in err
    if meant:
        assert f"did you mean {meant}" in err
    else:
        assert "report-validator rules list" in err
    assert not (tmp_path / "a.json").exists()  # nothing was checked


def test_a_selection_among_several_is_checked_one_by_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(INVALID), "--select", "nit,fiw/nope"]) == 2
    assert "--select fiw/nope" in capsys.readouterr().err


def test_rules_explain_suggests_the_qualified_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "explain", "democracy-score-differs-from-mean"]) == 2
    assert "did you mean nit/democracy-score-differs-from-mean?" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_run_with_nothing_to_check_fails_unless_allowed(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "reprots"  # a misnamed folder: it exists, and holds nothing to check
    empty.mkdir()
    (empty / "notes.md").write_text("not a report\n")
    assert main([command, str(empty)]) == 2
    assert "no file to check" in capsys.readouterr().err
    assert main([command, str(empty), "--allow-empty"]) == 0
    captured = capsys.readouterr()
    assert "no file to check" in captured.err and "0 documents checked" in captured.out


def test_the_tools_own_outputs_in_a_checked_folder_are_skipped_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES / "valid", folder)
    assert main(["check", str(folder), "--format", "json", "--output", str(folder / "r.json")]) == 0
    assert (
        main(["check", str(folder), "--format", "sarif", "--output", str(folder / "r.sarif.json")])
        == 0
    )
    assert main(["check", str(INVALID), "--write-baseline", str(folder / "known.json")]) == 0
    assert (
        main(
            [
                "audit",
                str(folder),
                "-q",
                "--json",
                str(folder / "a.json"),
                "--csv",
                str(folder / "a.csv"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["check", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    body = json.loads(captured.out)
    assert body["summary"]["documents"] == 12 and body["findings"] == []
    [note] = [line for line in captured.err.splitlines() if "skipped" in line]
    assert "skipped 6 files written by report-validator" in note
    assert main(["audit", str(folder), "-q"]) == 0
    assert "skipped 6 files written by report-validator" in capsys.readouterr().err
    only = tmp_path / "only-outputs"
    only.mkdir()
    shutil.copy(folder / "r.json", only / "r.json")
    assert main(["check", str(only)]) == 2  # nothing but our own output: nothing to check


def test_a_json_that_only_looks_like_a_report_is_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.json").write_text('{"survey": "nit", "findings": [], "summary": {}}')
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "schema/additionalProperties" in rules or "schema/required" in rules


def test_the_pre_commit_hook_takes_every_file_the_tool_reads() -> None:
    import re

    from validator.sources import READERS

    hooks = {hook["id"]: hook for hook in yaml_load(ROOT / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"report-validator", "report-validator-fix"}
    pattern = re.compile(hooks["report-validator"]["files"])
    for suffix in READERS:
        assert pattern.search(f"reports/fiw/2024/data{suffix}"), suffix
    assert not pattern.search("reports/notes.md")
    # the fix hook takes the files fix writes: YAML and JSON (pages and workbooks never)
    fixing = re.compile(hooks["report-validator-fix"]["files"])
    assert [s for s in READERS if fixing.search(f"r/data{s}")] == [".yaml", ".yml", ".json"]
    # the entry reads the arguments itself (validator/commands/hook.py): a file named like an
    # option is a file, an option of `args` an option (tests/test_precommit.py runs both)
    assert hooks["report-validator"]["entry"] == "report-validator hook check"
    assert hooks["report-validator-fix"]["entry"] == "report-validator hook fix"


def yaml_load(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text())


def test_rules_kinds_gives_each_kinds_whole_first_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from validator.checks import KINDS

    assert main(["rules", "kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    summaries = lines[1::2]
    assert len(summaries) == len(KINDS)
    assert all(s.rstrip().endswith(".") for s in summaries), summaries
    assert any("stated changes undone." in s for s in summaries)


@pytest.mark.parametrize(
    ("number", "noun", "text"),
    [(0, "document", "0 documents"), (1, "error", "1 error"), (12281, "figure", "12,281 figures")],
)
def test_counts_say_one_in_the_singular(number: int, noun: str, text: str) -> None:
    from validator.reporters.text import counted

    assert counted(number, noun) == text


def test_one_of_each_is_said_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(INVALID / "nit-wrong-democracy-score.yaml")])
    assert capsys.readouterr().out.splitlines()[-1] == "1 document checked: 1 error, 0 warnings"
    main(["audit", str(INVALID / "nit-wrong-democracy-score.yaml"), "--jobs", "1"])
    out = capsys.readouterr().out
    assert "NIT: 1 document\n" in out and "1 error" in out and "1 errors" not in out


def test_a_file_that_holds_no_record_was_checked_not_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table with its header rows only is a file the run read: 0 documents, said so,
    and not the usage error of an empty folder (found by the fuzzer's random profile)."""
    (tmp_path / "header-only.csv").write_text("Survey Edition\n\nPR,CL,Status")
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["documents"] == 0
