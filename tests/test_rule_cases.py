"""Run every case file in fixtures/rules/<pack>/<rule-id>.yaml.

A case file names a base document (a path under fixtures/) and a list of cases; each case
sets or removes values by JSON pointer and lists the pointers where the rule must report
(an empty list: the rule must stay silent). `previous` gives the previous edition for
cross-edition rules, in the same form; `peers` the other records of the same source for
rules over a group (each with its own `base`). Only the rule under test is evaluated.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from validator import pointer as jp
from validator.document import Document
from validator.engine import Engine, Selection
from validator.rulepack.loading import RulePack
from validator.sources import load_file
from validator.sources.yaml_source import parse_yaml

from .conftest import FIXTURES

CASE_FILES = sorted((FIXTURES / "rules").glob("*/*.yaml"))


def _document(spec: dict[str, Any], name: str) -> Document:
    docs, problems = load_file(FIXTURES / spec["base"])
    assert problems == [] and len(docs) == 1, f"base {spec['base']} does not load cleanly"
    data = copy.deepcopy(docs[0].data)
    for at in spec.get("remove", []):
        _remove(data, at)
    for at, value in spec.get("set", {}).items():
        _set(data, at, value)
    return Document(name, data)


def _remove(data: Any, at: str) -> None:
    parent, key = jp.resolve(data, jp.parent(at)), jp.split(at)[-1]
    if isinstance(parent, list):
        del parent[int(key)]
    else:
        del parent[key]


def _set(data: Any, at: str, value: Any) -> None:
    parent, key = jp.resolve(data, jp.parent(at)), jp.split(at)[-1]
    assert isinstance(parent, dict | list), f"no parent for {at}"
    if isinstance(parent, list):
        parent[int(key)] = value
    else:
        parent[key] = value


def _cases() -> list[Any]:
    found = []
    for path in CASE_FILES:
        data, _, problems = parse_yaml(path.read_text())
        assert problems == [], f"{path}: {problems}"
        rule_id = f"{path.parent.name}/{path.stem}"
        for index, case in enumerate(data["cases"]):
            found.append(
                pytest.param(rule_id, data, case, id=f"{rule_id}[{case.get('name', index)}]")
            )
    return found


@pytest.mark.parametrize(("rule_id", "spec", "case"), _cases())
def test_case(
    rule_id: str, spec: dict[str, Any], case: dict[str, Any], packs: list[RulePack]
) -> None:
    engine = Engine(packs, Selection(select=(rule_id,)))
    doc = _document({"base": spec["base"], **case}, "case.yaml")
    docs = [doc]
    if "previous" in case:
        docs.append(
            _document(
                {"base": spec.get("previous_base", spec["base"]), **case["previous"]},
                "previous.yaml",
            )
        )
    for peer in case.get("peers", []):
        docs.append(_document(peer, "case.yaml"))  # the same source: one workbook
    report = engine.run(docs)
    pointers = sorted(f.pointer for f in report.findings if f.source == "case.yaml")
    assert {f.rule for f in report.findings} <= {rule_id}
    assert pointers == sorted(case["expect"]), [f.message for f in report.findings]


def case_file(rule_id: str) -> Path:
    pack, _, name = rule_id.partition("/")
    return FIXTURES / "rules" / pack / f"{name}.yaml"
