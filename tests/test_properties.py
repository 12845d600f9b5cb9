"""Invariants over generated documents (strategies: validator.testing)."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from validator.engine import Engine
from validator.packs.loading import RulePack
from validator.sources import load_file
from validator.testing import corrupt, derived_pointers, documents

from .conftest import ROOT


def _check(engine: Engine, doc: dict[str, Any]) -> list[tuple[str, str]]:
    from validator.document import Document

    return sorted((f.rule, f.pointer) for f in engine.check(Document("doc.yaml", doc)).findings)


@given(documents())
def test_consistent_documents_give_no_findings(engine: Engine, doc: dict[str, Any]) -> None:
    assert _check(engine, doc) == []


@given(documents(), st.data())
def test_corrupting_one_derived_value_is_found_at_its_pointer(
    engine: Engine, doc: dict[str, Any], data: st.DataObject
) -> None:
    pointers = derived_pointers(doc)
    at = data.draw(st.sampled_from(pointers))
    shift = data.draw(st.sampled_from([1, -1, 2, -3]))
    found = _check(engine, corrupt(doc, at, shift))
    # one wrong figure, one finding, where it is: rules derive from primary data, and a rule
    # that reads a value already found wrong stays silent
    assert {pointer for _, pointer in found} == {at}


def _to_yaml(doc: dict[str, Any]) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(
        Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f"))
    )
    return yaml.dump(doc, Dumper=Dumper, sort_keys=False)


def _to_json(doc: dict[str, Any]) -> str:
    # exact: write Decimals as their digits, not through float
    text = json.dumps(doc, default=lambda o: f"@@{o}@@")
    return text.replace('"@@', "").replace('@@"', "")


@given(documents(), st.data())
def test_yaml_and_json_forms_give_the_same_findings(
    engine: Engine, tmp_path_factory: Any, doc: dict[str, Any], data: st.DataObject
) -> None:
    pointers = derived_pointers(doc)
    if data.draw(st.booleans()):
        doc = corrupt(doc, data.draw(st.sampled_from(pointers)))
    folder: Path = tmp_path_factory.mktemp("forms")
    results = []
    for name, text in (("doc.yaml", _to_yaml(doc)), ("doc.json", _to_json(doc))):
        (folder / name).write_text(text)
        docs, problems = load_file(folder / name, shown="doc")
        assert problems == []
        assert docs[0].data == doc
        results.append(sorted((f.rule, f.pointer) for f in engine.check(docs[0]).findings))
    assert results[0] == results[1]


@given(documents(), st.randoms(use_true_random=False), st.data())
def test_findings_do_not_depend_on_key_order(
    engine: Engine, doc: dict[str, Any], rng: random.Random, data: st.DataObject
) -> None:
    if data.draw(st.booleans()):
        doc = corrupt(doc, data.draw(st.sampled_from(derived_pointers(doc))))

    def shuffled(node: Any) -> Any:
        if isinstance(node, dict):
            items = list(node.items())
            rng.shuffle(items)
            return {k: shuffled(v) for k, v in items}
        if isinstance(node, list):
            return [shuffled(v) for v in node]
        return node

    assert _check(engine, shuffled(doc)) == _check(engine, doc)


def test_every_table_maps_its_whole_domain_exactly_once(packs: list[RulePack]) -> None:
    checked = 0
    for pack in packs:
        for name, table in pack.spec.tables.items():
            value = table.domain.min
            while value <= table.domain.max:
                rows = [row for row in table.rows if row.min <= value <= row.max]
                assert len(rows) == 1, f"{pack.name}/{name}: {value} is in {len(rows)} rows"
                value += table.domain.step
            checked += 1
    assert checked >= 7


@given(st.data())
def test_values_between_grid_points_fall_in_one_row_or_a_gap_between_neighbours(
    packs: list[RulePack], data: st.DataObject
) -> None:
    tables = [t for p in packs for t in p.spec.tables.values()]
    table = data.draw(st.sampled_from(tables))
    value = data.draw(st.decimals(table.domain.min, table.domain.max, places=4, allow_nan=False))
    assert len([row for row in table.rows if row.min <= value <= row.max]) <= 1


def test_bundled_examples_exist() -> None:
    assert len(list((ROOT / "fixtures" / "valid").iterdir())) >= 3


@given(documents(), st.data())
def test_corrupt_changes_the_value_and_keeps_its_type(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    from validator import pointer as jp

    at = data.draw(st.sampled_from(derived_pointers(doc)))
    bad = corrupt(doc, at, data.draw(st.sampled_from([1, -1, 2])))
    before, after = jp.resolve(doc, at), jp.resolve(bad, at)
    assert after != before
    assert type(after) is type(before)


@given(documents(), st.data())
def test_outcomes_agree_with_findings(
    engine: Engine, doc: dict[str, Any], data: st.DataObject
) -> None:
    """The audit's tally and the findings never disagree: a rule failed exactly when it
    reported something, and a rule said to pass or not to apply reported nothing."""
    from validator.document import Document

    if data.draw(st.booleans()):
        doc = corrupt(doc, data.draw(st.sampled_from(derived_pointers(doc))))
    findings, outcomes, _, _ = engine.check(Document("doc.yaml", doc))
    reported = {f.rule for f in findings}
    assert {rule for rule, outcome in outcomes.items() if outcome == "failed"} == reported
    assert reported <= outcomes.keys()
    assert set(outcomes.values()) <= {"passed", "failed", "skipped", "not-applicable"}
