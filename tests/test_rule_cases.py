"""Run every case file in fixtures/rules/<pack>/<rule-id>.yaml through
`validator.pipeline.cases`, the code `report-validator rules test` runs (the format is
described there). One test per case, so a failure names its rule and case."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.packs.loading import RulePack
from validator.pipeline.cases import Case, case_files, read_cases, run_case

from .conftest import FIXTURES

CASES = FIXTURES / "rules"


def _cases() -> list[Case]:
    return [case for path in case_files(CASES) for case in read_cases(path)]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.rule_id}[{c.name}]")
def test_case(case: Case, packs: list[RulePack]) -> None:
    outcome = run_case(case, packs, FIXTURES)
    assert outcome.passed, f"{case.path}:{case.line}: {outcome.detail}"


def case_file(rule_id: str) -> Path:
    pack, _, name = rule_id.partition("/")
    return CASES / pack / f"{name}.yaml"
