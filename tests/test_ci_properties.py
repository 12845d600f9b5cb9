"""Invariants of the CI outputs, baselines and import, over generated documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from junitparser import Failure, JUnitXml

from validator.baseline import apply_baseline, read_baseline, write_baseline
from validator.document_writer import write
from validator.engine import Engine
from validator.findings import Severity
from validator.pipeline.run import check_documents
from validator.reporters import github, junit, sarif
from validator.sources import load_paths
from validator.testing import corrupt, derived_pointers, documents

from .conftest import SHARED
from .test_properties import _to_yaml

SARIF_SCHEMA = SHARED / "external" / "sarif-schema-2.1.0.json"


@st.composite
def document_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A few documents of distinct identity, some with one derived value corrupted."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for doc in draw(st.lists(documents(), min_size=1, max_size=4)):
        if draw(st.booleans()):
            doc = corrupt(
                doc, draw(st.sampled_from(derived_pointers(doc))), draw(st.sampled_from([1, -2]))
            )
        found.setdefault((doc["survey"], doc["country"], doc["edition"]), doc)
    return list(found.values())


def _write(folder: Path, docs: list[dict[str, Any]], header: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index, doc in enumerate(docs):
        (folder / f"doc{index}.yaml").write_text(header + _to_yaml(doc))


def _run(engine: Engine, folder: Path) -> Any:
    docs, problems = load_paths([folder])
    return check_documents(engine, docs, problems)


@given(document_sets())
def test_a_baseline_accepts_exactly_what_it_recorded_even_after_lines_move(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("baseline")
    _write(folder / "reports", docs)
    before = _run(engine, folder / "reports")
    known = folder / "known.json"
    write_baseline(before, known)
    _write(folder / "reports", docs, header="# moved\n# down\n")  # every line shifts
    after = _run(engine, folder / "reports")
    assert [f.line for f in after.findings] == [f.line + 2 for f in before.findings]
    apply_baseline(after, read_baseline(known), "known.json")
    assert after.findings == []
    assert after.suppressed == len(before.findings)


@given(document_sets())
def test_import_then_check_gives_the_findings_of_the_source(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("import")
    _write(folder / "source", docs)
    source_docs, _ = load_paths([folder / "source"])
    written, refused, _ = write(source_docs, folder / "out")
    assert refused == [] and len(written) == len(docs)

    def key(report: Any) -> list[tuple[Any, ...]]:
        return sorted(
            (f.rule, f.pointer, f.expected, f.actual, f.survey, f.country, f.edition)
            for f in report.findings
        )

    assert key(_run(engine, folder / "out")) == key(_run(engine, folder / "source"))


def _unescape(text: str) -> str:
    return (
        text.replace("%2C", ",")
        .replace("%3A", ":")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
    )


@given(st.text())
def test_github_escaping_round_trips_and_leaves_no_separator(text: str) -> None:
    data, prop = github.escape_data(text), github.escape_property(text)
    assert "\n" not in data and "\r" not in data
    assert "," not in prop and ":" not in prop and "\n" not in prop
    assert _unescape(data) == text and _unescape(prop) == text


@pytest.mark.slow
@pytest.mark.skipif(
    not SARIF_SCHEMA.exists(), reason="../shared/external is not beside the checkout"
)
@given(document_sets())
def test_sarif_is_valid_and_junit_counts_every_finding(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("outputs")
    _write(folder, docs)
    report = _run(engine, folder)
    schema = json.loads(SARIF_SCHEMA.read_text())
    body = json.loads(sarif.render(report))
    jsonschema.validators.validator_for(schema)(schema).validate(body)
    assert len(body["runs"][0]["results"]) == len(report.findings)
    xml = folder / "junit.xml"
    xml.write_text(junit.render(report))
    cases = [case for suite in JUnitXml.fromfile(str(xml)) for case in suite]
    assert len(cases) == len(docs)
    failing = {(f.source, f.edition) for f in report.findings if f.severity >= report.fail_on}
    assert sum(isinstance(r, Failure) for c in cases for r in c.result) == len(failing)


@given(document_sets(), st.sampled_from(list(Severity)))
def test_every_output_counts_what_the_run_found(
    engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
    docs: list[dict[str, Any]],
    fail_on: Severity,
) -> None:
    """Outputs held to their meaning (the golden files are a second line): JUnit's counts
    are its cases' (one test case per document, failing when a finding is at or above
    --fail-on), SARIF lists
    every rule the run had and each result names one of them, the JSON summary adds up."""
    from xml.etree import ElementTree

    from validator.reporters import json_report

    folder = tmp_path_factory.mktemp("outputs")
    _write(folder, docs)
    (folder / "zz-broken.yaml").write_text("survey: [unclosed\n")  # a file with no document
    report = _run(engine, folder)
    report.fail_on = fail_on
    root = ElementTree.fromstring(junit.render(report))
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert int(root.get("tests", -1)) == int(suite.get("tests", -1)) == len(cases)
    assert len(cases) == len(docs) + 1  # a case per document, and one for the broken file
    # a dashboard's counts are of cases: one failure or error element per failing case,
    # the broken file's an error (it could not be checked), each document's a failure
    for kind in ("failures", "errors"):
        held = [c for c in cases if c.find(kind[:-1]) is not None]
        assert int(root.get(kind, -1)) == int(suite.get(kind, -1)) == len(held)
        assert all(len(c.findall(kind[:-1])) == 1 for c in held)
    [broken] = [c for c in cases if c.get("file", "").endswith("zz-broken.yaml")]
    assert broken.find("error") is not None and broken.find("failure") is None

    # a case fails exactly when one of its findings is at or above --fail-on, and every
    # finding is said once, in its case's failure or error (at or above) or output (below):
    # a document's case is `EDITION (FILE)`, a finding of no document the file's case
    def case_of(f: Any) -> str:
        key = (f.source, f.survey, f.country, f.edition)
        return f"{f.edition} ({f.source})" if key in report.checked else f.source

    named = {c.get("name"): c for c in cases}
    assert len(named) == len(cases)
    for case in cases:
        mine = [f for f in report.findings if case_of(f) == case.get("name")]
        above = [f for f in mine if f.severity >= fail_on]
        [held] = case.findall("failure") + case.findall("error") or [None]
        assert (held is not None) == bool(above)
        out = case.find("system-out")
        for finding in mine:
            where = held if finding.severity >= fail_on else out
            assert where is not None and f"{finding.rule}: {finding.message}" in (where.text or "")
    run = json.loads(sarif.render(report))["runs"][0]
    listed = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert listed == sorted(report.rules) and len(listed) == len(engine.rule_docs())
    assert {result["ruleId"] for result in run["results"]} <= set(listed)
    assert len(run["results"]) == len(report.findings)
    # SARIF 2.1.0's levels (§3.27.10): error, warning, and "note" for an info finding
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    said_levels = sorted((r["ruleId"], r["level"]) for r in run["results"])
    assert said_levels == sorted((f.rule, level[f.severity]) for f in report.findings)
    defaults = {r["id"]: r["defaultConfiguration"]["level"] for r in run["tool"]["driver"]["rules"]}
    assert defaults == {i: level[doc.severity] for i, doc in engine.rule_docs().items()}
    assert "note" in defaults.values()  # the bundled packs have info rules: the case is seen
    body = json.loads(json_report.render(report))
    summary = body["summary"]
    assert summary["findings"] == len(body["findings"]) == len(report.findings)
    for severity in Severity:
        said = summary[{"error": "errors", "warning": "warnings", "info": "infos"}[severity.label]]
        assert said == sum(f["severity"] == severity.label for f in body["findings"])
    assert summary["documents"] == len(docs) and len(report.checked) == len(docs)
    assert summary["figures"] == summary["figures_checked"] + len(body["unchecked"])
    assert summary["figures"] == sum(c["figures"] for c in summary["coverage"].values())
