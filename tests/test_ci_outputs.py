"""CI outputs (SARIF, JUnit, GitHub), --output pairs, baselines, suppressions, previous lookup."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from validator.cli import main
from validator.findings import Finding, Report, Severity
from validator.reporters import github

from .conftest import FIXTURES, ROOT, SHARED

INVALID = FIXTURES / "invalid"
SARIF_SCHEMA = SHARED / "external" / "sarif-schema-2.1.0.json"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.skipif(
    not SARIF_SCHEMA.exists(), reason="../shared/external is not beside the checkout"
)
def test_sarif_validates_against_the_official_schema(
    tmp_path: Path, in_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.sarif"
    assert main(["check", "fixtures/invalid", "--format", "sarif", "--output", str(out)]) == 1
    sarif = json.loads(out.read_text())
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    [run] = sarif["runs"]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    rule = rules["nit/democracy-score-differs-from-mean"]
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] == "error"
    result = next(
        r for r in run["results"] if r["ruleId"] == "nit/democracy-score-differs-from-mean"
    )
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "fixtures/invalid/nit-wrong-democracy-score.yaml"
    assert location["region"] == {"startLine": 14, "startColumn": 18}
    assert result["properties"]["pointer"] == "/democracy_score"
    assert (result["properties"]["expected"], result["properties"]["actual"]) == ("1.29", "1.31")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert len(run["results"]) == 16  # 14 in the files, 2 conflicts between them


def test_junit_is_read_by_a_junit_reader(tmp_path: Path, in_root: None) -> None:
    out = tmp_path / "report.xml"
    assert (
        main(
            [
                "check",
                "fixtures/invalid",
                "fixtures/valid",
                "--ignore",  # the invalid fixtures are variants of valid records
                "core/conflicting-documents",
                "--format",
                "junit",
                "--output",
                str(out),
            ]
        )
        == 1
    )
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    failing = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
    # the fixtures' 14 findings are in 7 cases (6 documents and one file's duplicate key):
    # a dashboard counts cases, not findings
    assert len(failing) == 7
    assert sum(len(case.result) for case in failing) == 7  # one failure element per case
    passing = [case for case in cases if not case.result]
    assert len(passing) == len(list((FIXTURES / "valid").iterdir()))
    root = ElementTree.parse(out).getroot()
    assert int(root.get("failures") or -1) == 7 == sum(int(s.get("failures") or 0) for s in root)
    assert int(root.get("errors") or -1) == 1  # broken-syntax.yaml gave no document
    assert int(root.get("tests") or -1) == len(cases) == len(passing) + 7 + 1
    wrong = next(case for case in cases if "nit-wrong-democracy-score" in case.name)
    assert wrong.classname == "nit.Kazakhstan"
    [failure] = wrong.result
    assert failure.type == "nit/democracy-score-differs-from-mean"
    assert failure.message == (
        "error: Democracy Score 1.31 differs from the mean of the ratings: expected 1.29"
    )
    assert "nit-wrong-democracy-score.yaml:14:18 /democracy_score" in failure.text
    assert "expected 1.29, found 1.31" in failure.text
    no_survey = next(case for case in cases if "no-survey" in case.name)
    assert no_survey.classname == "Kazakhstan"  # not `None.Kazakhstan`


# What CI servers read, attribute by attribute: Jenkins' junit-10.xsd (the xunit plug-in),
# and Ant's JUnit.xsd where it is narrower (one failure or error per case, a case's output
# after it). Written from the schemas' published element and attribute lists, not copied.
_JUNIT = {
    "testsuites": ({"name", "time", "tests", "failures", "disabled", "errors"}, set()),
    "testsuite": (
        {
            "name",
            "tests",
            "failures",
            "errors",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
            "version",
        },
        {"name", "tests"},
    ),
    "testcase": (
        {
            "name",
            "assertions",
            "time",
            "classname",
            "status",
            "class",
            "file",
            "line",
            "log",
            "group",
            "url",
        },
        {"name"},
    ),
    "properties": (set(), set()),
    "property": ({"name", "value"}, {"name", "value"}),
    "failure": ({"type", "message"}, set()),
    "error": ({"type", "message"}, set()),
    "system-out": (set(), set()),
}
_CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"properties", "testcase", "system-out", "system-err"},
    "properties": {"property"},
    "testcase": {"skipped", "error", "failure", "system-out", "system-err"},
}
_COUNTS = {"tests", "failures", "errors", "skipped", "disabled"}


def _junit_root(tmp_path: Path, fail_on: str) -> ElementTree.Element:
    out = tmp_path / f"report-{fail_on}.xml"
    paths = ["fixtures/invalid", "fixtures/valid", "fixtures/sources", "fixtures/partial-pages"]
    main(["check", *paths, "--fail-on", fail_on, "--format", "junit", "--output", str(out)])
    return ElementTree.parse(out).getroot()


@pytest.mark.parametrize("fail_on", ["error", "warning"])
def test_junit_holds_to_the_schema_ci_servers_read(
    fail_on: str, tmp_path: Path, in_root: None
) -> None:
    root = _junit_root(tmp_path, fail_on)
    assert root.tag == "testsuites"
    for element in root.iter():
        allowed, required = _JUNIT[element.tag]
        assert set(element.attrib) <= allowed, (element.tag, element.attrib)
        assert required <= set(element.attrib), (element.tag, element.attrib)
        assert {child.tag for child in element} <= _CHILDREN.get(element.tag, set())
        for name in _COUNTS & set(element.attrib):
            assert element.get(name, "").isdigit(), (element.tag, name)
    for case in root.iter("testcase"):
        tags = [child.tag for child in case]
        results = [t for t in tags if t in ("failure", "error", "skipped")]
        assert len(results) <= 1, tags  # Ant: at most one, then the output
        assert tags == results + [t for t in tags if t not in results]
        assert case.get("classname") and "None" not in case.get("classname", "").split(".")
    for suite in [root, *root.iter("testsuite")]:
        cases = list(suite.iter("testcase"))
        assert int(suite.get("tests", "")) == len(cases)
        for kind in ("failure", "error"):
            assert int(suite.get(kind + "s", "")) == sum(c.find(kind) is not None for c in cases)


def test_junit_fails_the_cases_that_fail_the_run(tmp_path: Path, in_root: None) -> None:
    """Findings below --fail-on leave their case passing, said in its output; at
    `--fail-on warning` the same cases fail (the fixtures hold warnings in files without
    errors, and beside errors)."""
    at_error, at_warning = _junit_root(tmp_path, "error"), _junit_root(tmp_path, "warning")
    outputs = [c for c in at_error.iter("testcase") if c.find("system-out") is not None]
    assert outputs and all("warning " in (c.findtext("system-out") or "") for c in outputs)
    quiet = [c.get("name") for c in outputs if c.find("failure") is None]
    assert quiet  # a case with warnings only passes at --fail-on error ...
    failing_at_warning = {
        c.get("name") for c in at_warning.iter("testcase") if c.find("failure") is not None
    }
    assert set(quiet) <= failing_at_warning  # ... and fails at --fail-on warning
    assert at_warning.find(".//system-out") is None  # nothing below warning here
    assert int(at_warning.get("failures", "")) == int(at_error.get("failures", "")) + len(quiet)


def test_sarif_properties_say_what_and_where_without_the_schema(
    capsys: pytest.CaptureFixture[str], in_root: None
) -> None:
    """The properties a consumer reads (independent of the official schema being at hand)."""
    main(["check", "fixtures/invalid/nit-wrong-democracy-score.yaml", "--format", "sarif"])
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["properties"] == {
        "pointer": "/democracy_score",
        "expected": "1.29",
        "actual": "1.31",
        "survey": "nit",
        "country": "Kazakhstan",
        "edition": 2018,
    }
    assert (
        result["level"] == "error" and result["ruleId"] == "nit/democracy-score-differs-from-mean"
    )
    [location] = result["locations"]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "/democracy_score"
    assert location["physicalLocation"]["region"] == {"startLine": 14, "startColumn": 18}


def test_github_annotations_are_escaped() -> None:
    finding = Finding(
        source="data/a,b: c.yaml",
        line=3,
        column=7,
        rule="nit/x",
        pointer="/p",
        severity=Severity.WARNING,
        message="50% off\nsecond line",
    )
    out = github.render(Report(findings=[finding]))
    assert out == (
        "::warning file=data/a%2Cb%3A c.yaml,line=3,col=7,title=nit/x::50%25 off%0Asecond line\n"
    )


def test_several_outputs_in_one_run(
    tmp_path: Path, in_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    code = main(
        [
            "check",
            "fixtures/invalid/nit-wrong-democracy-score.yaml",
            "--format",
            "sarif",
            "--output",
            str(sarif),
            "--format",
            "junit",
            "--output",
            str(junit),
            "--format",
            "github",
        ]
    )
    assert code == 1  # the exit code still reflects the findings
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith("<?xml")
    assert capsys.readouterr().out.startswith("::error file=fixtures/invalid/nit-wrong")


def test_baseline_survives_line_shifts_and_reports_what_is_new_and_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.yaml"
    doc.write_text((INVALID / "nit-wrong-democracy-score.yaml").read_text())
    known = tmp_path / "known.json"
    assert main(["check", str(tmp_path), "--write-baseline", str(known)]) == 0
    assert len(json.loads(known.read_text())["findings"]) == 1
    doc.write_text("# a comment that moves every line\n" + doc.read_text())
    assert main(["check", str(tmp_path), "--baseline", str(known)]) == 0
    out, err = capsys.readouterr()
    assert "(1 suppressed)" in out and "1 findings accepted by the baseline" in err
    doc.write_text(doc.read_text().replace("democracy_score: 1.31", "democracy_score: 1.32"))
    assert main(["check", str(tmp_path), "--baseline", str(known)]) == 1
    out, err = capsys.readouterr()
    assert "Democracy Score 1.32" in out and "1 baseline entries no longer occur" in err


def test_inline_suppression_needs_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (INVALID / "nit-wrong-democracy-score.yaml").read_text()
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        text.replace(
            "democracy_score: 1.31",
            "democracy_score: 1.31  # report-validator: ignore[nit/democracy-score] as printed",
        )
    )
    assert main(["check", str(doc), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    doc.write_text(
        text.replace(
            "democracy_score: 1.31",
            "# report-validator: ignore[nit/democracy-score-differs-from-mean]\n"
            "democracy_score: 1.31",
        )
    )
    assert main(["check", str(doc), "--format", "json"]) == 1
    rules = sorted(f["rule"] for f in json.loads(capsys.readouterr().out)["findings"])
    assert rules == ["core/suppression-without-reason", "nit/democracy-score-differs-from-mean"]


def test_previous_edition_is_looked_up_in_the_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fiw = sorted(str(p) for p in (FIXTURES / "valid").glob("fiw-*"))
    assert main(["import", *fiw, "--out", str(tmp_path)]) == 0
    this_year = tmp_path / "fiw" / "2023" / "kazakhstan.yaml"
    assert main(["check", str(this_year), "--previous-root", str(tmp_path)]) == 0
    this_year.write_text(this_year.read_text().replace("total_score: 23", "total_score: 25"))
    capsys.readouterr()
    assert (
        main(["check", str(this_year), "--previous-root", str(tmp_path), "--format", "json"]) == 1
    )
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "fiw/last-year-total-differs-from-previous-edition"
    (tmp_path / "fiw" / "2022" / "kazakhstan.yaml").unlink()
    assert (
        main(["check", str(this_year), "--previous-root", str(tmp_path), "--format", "json"]) == 0
    )
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "core/previous-edition-missing" and finding["severity"] == "info"
    assert "fiw/2022/kazakhstan.yaml" in finding["message"]


def test_a_suppression_that_suppresses_nothing_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        (FIXTURES / "valid" / "nit-2018-kazakhstan.yaml")
        .read_text()
        .replace(
            "democracy_score: 1.29",
            "democracy_score: 1.29  # report-validator: ignore[nit] once wrong",
        )
    )
    assert main(["check", str(doc), "--format", "json"]) == 0  # info does not fail the run
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["severity"]) == ("core/unused-suppression", "info")
