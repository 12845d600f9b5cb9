"""Rule packs: typed, validated, located errors; pydantic and the run-time build agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from validator.checks import KINDS
from validator.packs.loading import RulePack, load_pack
from validator.rulepack.build import to_plain
from validator.rulepack.models import RulePackFile
from validator.sources.yaml_source import parse_yaml

from .conftest import ROOT

NIT = (ROOT / "rules" / "nit.yaml").read_text()


def test_pydantic_builds_the_same_typed_packs_as_the_run_time_path(packs: list[RulePack]) -> None:
    for pack in packs:
        data, _, _ = parse_yaml(pack.path.read_text())
        assert TypeAdapter(RulePackFile).validate_python(data, strict=False) == pack.spec
        for rule in pack.rules:
            if rule.kind is not None:
                params = TypeAdapter(rule.kind.Params).validate_python(rule.rule.params)
                assert params == rule.params, rule.qualified_id


def test_pydantic_rejects_what_the_schema_rejects(tmp_path: Path) -> None:
    broken = NIT.replace("    severity: error\n", "    severity: fatal\n", 1)
    data, _, _ = parse_yaml(broken)
    with pytest.raises(ValidationError):
        TypeAdapter(RulePackFile).validate_python(data)
    path = tmp_path / "nit.yaml"
    path.write_text(broken)
    assert load_pack(path)[0] is None


def _problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "pack.yaml"
    path.write_text(text)
    pack, problems = load_pack(path)
    assert pack is None
    return [(p.line, p.pointer, p.message) for p in problems]


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_unknown_kind_is_located(tmp_path: Path) -> None:
    text = NIT.replace("check: mean_equals", "check: average_equals")
    [(line, pointer, _)] = _problems(tmp_path, text)
    assert line == _line(text, "check: average_equals")
    assert pointer == "/rules/democracy-score-differs-from-mean/check"


def test_wrong_param_type_is_located_inside_params(tmp_path: Path) -> None:
    text = NIT.replace("parts: [/ratings/*], digits: 2}", "parts: [/ratings/*], digits: two}")
    found = _problems(tmp_path, text)
    assert found and all(
        p.startswith("/rules/democracy-score-differs-from-mean/params") for _, p, _ in found
    )


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    text = NIT.replace("    severity: error\n", "    severity: error\n    serverity: error\n", 1)
    [(_, pointer, message)] = _problems(tmp_path, text)
    assert pointer.endswith("/serverity") and "not an allowed property" in message


def test_missing_table_is_reported(tmp_path: Path) -> None:
    text = NIT.replace("table: regime-7-most-democratic}", "table: regime-modern}", 1)
    [(_, pointer, message)] = _problems(tmp_path, text)
    assert pointer == "/rules/status-outside-threshold-band/params/table"
    assert "no table named 'regime-modern'" in message


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "{min: 2.01, max: 3.00, value: Semi-Consolidated Authoritarian Regime}",
            "{min: 2.00, max: 3.00, value: Semi-Consolidated Authoritarian Regime}",
            "overlap",
        ),
        (
            "{min: 2.01, max: 3.00, value: Semi-Consolidated Authoritarian Regime}",
            "{min: 2.02, max: 3.00, value: Semi-Consolidated Authoritarian Regime}",
            "leave a gap",
        ),
        (
            "{min: 5.01, max: 7.00, value: Consolidated Democracy}",
            "{min: 5.01, max: 6.99, value: Consolidated Democracy}",
            "do not span",
        ),
        (
            "{min: 3.01, max: 4.00, value: Transitional or Hybrid Regime}",
            "{min: 3.01, max: 4.005, value: Transitional or Hybrid Regime}",
            "not on the domain",
        ),
    ],
)
def test_table_gaps_and_overlaps_are_errors(tmp_path: Path, old: str, new: str, words: str) -> None:
    text = NIT.replace(old, new, 1)
    found = _problems(tmp_path, text)
    assert any(words in message for _, _, message in found), found
    assert all(pointer.startswith("/tables/regime-7-most-democratic") for _, pointer, _ in found)


def test_quantity_needs_exactly_one_source(tmp_path: Path) -> None:
    text = NIT.replace("input: {mean: [/ratings/*]}", "input: {mean: [/ratings/*], field: /x}")
    [(_, pointer, message)] = _problems(tmp_path, text)
    assert pointer == "/rules/democracy-percentage-differs-from-formula/params/input"
    assert "exactly one of" in message


def test_a_hostile_pack_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = NIT.replace(
        "summary: >-", f"summary: !!python/object/apply:os.system ['touch {marker}']\nx: >-", 1
    )
    _problems(tmp_path, text)
    assert not marker.exists()
    template = NIT.replace(
        'message: "Democracy Score {actual}', 'message: "{actual.__class__} {expected}', 1
    )
    path = tmp_path / "nit.yaml"
    path.write_text(template)
    pack, problems = load_pack(path)
    assert problems == [] and pack is not None  # placeholders other than the four are plain text


def test_yaml_error_in_pack_is_located(tmp_path: Path) -> None:
    [(line, _, _)] = _problems(tmp_path, "pack: x\nsummary: [unclosed\nrules: {}\n")
    assert line == 3


def test_every_kind_has_typed_params_with_schema() -> None:
    for name, kind in KINDS.items():
        schema = TypeAdapter(kind.Params).json_schema()
        assert schema["type"] == "object" and schema.get("additionalProperties") is False, name


def test_to_plain_round_trips(packs: list[RulePack]) -> None:
    from validator.rulepack.build import build

    for pack in packs:
        assert build(RulePackFile, to_plain(pack.spec)) == pack.spec


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "params: {min: 1, max: 7, step: 0.25}",
            "params: {min: 1, max: 7, step: 0}",
            "/params/step",
        ),
        ("{op: divide, by: 6}", "{op: divide, by: 0}", "/params/steps/1"),
        (
            "domain: {min: 1.00, max: 7.00, step: 0.01}",
            "domain: {min: 1.00, max: 7.00, step: -0.01}",
            "/domain/step",
        ),
    ],
)
def test_values_that_would_fail_at_run_time_are_pack_errors(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    found = _problems(tmp_path, NIT.replace(old, new, 1))
    assert any(pointer.endswith(where) for _, pointer, _ in found), found
