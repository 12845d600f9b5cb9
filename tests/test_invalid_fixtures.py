"""Each document in fixtures/invalid/ gives exactly the findings listed for it."""

from __future__ import annotations

import pytest

from validator.engine import Engine
from validator.pipeline.run import check_documents
from validator.sources import load_paths
from validator.sources.yaml_source import parse_yaml

from .conftest import FIXTURES

EXPECTED, _, _ = parse_yaml((FIXTURES / "expected-findings.yaml").read_text())


def test_every_invalid_fixture_has_expectations() -> None:
    assert sorted(p.name for p in (FIXTURES / "invalid").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_findings(name: str, engine: Engine) -> None:
    documents, problems = load_paths([FIXTURES / "invalid" / name])
    report = check_documents(engine, documents, problems)
    found = sorted([f.rule, f.pointer] for f in report.findings)
    assert found == sorted(EXPECTED[name])


def test_valid_fixtures_check_clean(engine: Engine) -> None:
    documents, problems = load_paths([FIXTURES / "valid"])
    report = check_documents(engine, documents, problems)
    assert report.findings == []
    assert report.documents == len(list((FIXTURES / "valid").iterdir()))


def test_wrong_democracy_score_points_at_its_line(engine: Engine) -> None:
    path = FIXTURES / "invalid" / "nit-wrong-democracy-score.yaml"
    documents, _ = load_paths([path])
    [finding] = check_documents(engine, documents).findings
    line = next(
        i
        for i, text in enumerate(path.read_text().splitlines(), 1)
        if text.startswith("democracy_score:")
    )
    assert (finding.line, finding.column) == (line, len("democracy_score: ") + 1)
    assert (finding.expected, finding.actual) == ("1.29", "1.31")
    assert (finding.survey, finding.country, finding.edition) == ("nit", "Kazakhstan", 2018)
