"""Run every case file in fixtures/rules/<pack>/<rule-id>.yaml through
`validator.pipeline.cases`, the code `report-validator rules test` runs (the format is
described there). One test per case, so a failure names its rule and case."""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.pipeline.cases import Case, case_engine, case_files, read_cases, run_case

from .conftest import FIXTURES

CASES = FIXTURES / "rules"


def _cases() -> list[Case]:
    return [case for path in case_files(CASES) for case in read_cases(path)]


_ENGINES: dict[str, Engine] = {}  # one per rule, as `rules test` makes them


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.rule_id}[{c.name}]")
def test_case(case: Case, packs: list[RulePack]) -> None:
    engine = _ENGINES.get(case.rule_id) or _ENGINES.setdefault(
        case.rule_id, case_engine(packs, case.rule_id)
    )
    outcome = run_case(case, packs, FIXTURES, engine)
    assert outcome.passed, f"{case.path}:{case.line}: {outcome.detail}"


def case_file(rule_id: str) -> Path:
    pack, _, name = rule_id.partition("/")
    return CASES / pack / f"{name}.yaml"
