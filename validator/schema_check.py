"""Check a document against schemas/<survey>.schema.json: findings `schema/<keyword>`.

Schemas are compiled once per run by `schema_compiler`; a schema that uses a keyword the
compiler does not implement is refused (`Unsupported`: each document of that survey is then a
`core/internal-error` finding that names the keyword).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.locations import data_dir
from validator.schema_compiler import (
    Check,
    SchemaError,
    Unsupported,
    Valid,
    compile_schema,
    compile_validity,
)

SUFFIX = ".schema.json"


def schema_dir() -> Path:
    return data_dir("schemas")


def surveys() -> list[str]:
    """Every survey with a document schema (the rule-pack and common schemas are not)."""
    return sorted(
        p.name[: -len(SUFFIX)]
        for p in schema_dir().glob("*" + SUFFIX)
        if p.name not in ("common" + SUFFIX, "rule-pack" + SUFFIX)
    )


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return data


def _resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
    document, _, fragment = ref.partition("#")
    name = document or base
    target: Any = _load(name)
    for segment in jp.split(fragment):
        target = target[segment]
    return target, name


def allowed_values(survey: str, field: str) -> list[Any]:
    """The values a survey's schema allows for a top-level field (its `enum`, in the
    schema's order; empty when the field has none): the order of an audit's status chart."""
    name = survey + SUFFIX
    node: Any = _load(name).get("properties", {}).get(field, {})
    while isinstance(node, dict) and "$ref" in node and "enum" not in node:
        node, name = _resolve(node["$ref"], name)
    return list(node.get("enum", [])) if isinstance(node, dict) else []


@cache
def validator_for(survey: str) -> tuple[Valid, Check]:
    """A yes/no check for the common clean case, and the error generator for the rest."""
    name = survey + SUFFIX
    schema = _load(name)
    try:
        return compile_validity(schema, name, _resolve), compile_schema(schema, name, _resolve)
    except Unsupported as error:
        message = f"{name} uses a keyword the validator does not implement: {error}"
        raise Unsupported(message) from None


def check_schema(survey: str, data: Any) -> list[SchemaError]:
    is_valid, errors = validator_for(survey)
    return [] if is_valid(data) else list(errors(data, ""))
