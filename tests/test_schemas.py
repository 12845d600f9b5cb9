import json
from typing import Any

import jsonschema
import pytest

from validator.packs.schema_gen import render
from validator.schema_check import schema_dir, surveys


def _schemas() -> list[Any]:
    return sorted(schema_dir().glob("*.json"))


@pytest.mark.parametrize("path", _schemas(), ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Any) -> None:
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("survey", surveys())
def test_every_property_has_a_description(survey: str) -> None:
    missing = []
    common = json.loads((schema_dir() / "common.schema.json").read_text())

    def described(sub: Any) -> bool:
        if "description" in sub:
            return True
        ref = sub.get("$ref", "")
        if ref.startswith("common.schema.json#/$defs/"):
            return "description" in common["$defs"][ref.rsplit("/", 1)[1]]
        return False

    def walk(node: Any, at: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not described(sub):
                    missing.append(f"{at}/{name}")
            for key, sub in node.items():
                walk(sub, f"{at}/{key}")
        elif isinstance(node, list):
            for sub in node:
                walk(sub, at)

    walk(json.loads((schema_dir() / f"{survey}.schema.json").read_text()), "")
    assert missing == []


@pytest.mark.parametrize("survey", surveys())
def test_identity_is_required(survey: str) -> None:
    """A record names its survey, country and edition; a table of an edition's aggregates
    (fiw-distribution) its survey and edition."""
    schema = json.loads((schema_dir() / f"{survey}.schema.json").read_text())
    identity = {"survey", "edition"} if survey in AGGREGATES else {"survey", "country", "edition"}
    if survey in SUMMARIES:  # a page of the latest editions, which it does not name
        identity = {"survey", "country"}
    assert identity <= set(schema["required"])


AGGREGATES = {"fiw-distribution"}
SUMMARIES = {"country-hub"}


def test_surveys_are_the_three_products_their_aggregate_tables_and_the_hub_page() -> None:
    assert surveys() == ["country-hub", "fiw", "fiw-distribution", "fotn", "nit"]


def test_generated_rule_pack_schema_is_fresh() -> None:
    committed = (schema_dir() / "rule-pack.schema.json").read_text()
    assert committed == render(), (
        "schemas/rule-pack.schema.json is stale: run "
        "`python -m validator.packs.schema_gen > schemas/rule-pack.schema.json`"
    )


def test_generated_rule_reference_is_fresh() -> None:
    from validator.packs.reference import render as render_reference

    committed = (schema_dir().parent / "docs" / "rules.md").read_text()
    assert committed == render_reference(), (
        "docs/rules.md is stale: run `python -m validator.packs.reference > docs/rules.md`"
    )
