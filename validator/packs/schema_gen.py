"""Generate `schemas/rule-pack.schema.json` from the typed models (pydantic is the authoring
tool here; nothing at run time imports it).

    python -m validator.packs.schema_gen > schemas/rule-pack.schema.json

A test fails when the committed file differs from what this prints.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from validator.checks import BUILTIN, KINDS
from validator.rulepack.models import RulePackFile


def generate() -> dict[str, Any]:
    from pydantic import TypeAdapter  # the authoring tool, imported only here

    template = "#/$defs/{model}"
    schema = TypeAdapter(RulePackFile).json_schema(ref_template=template)
    defs = schema.setdefault("$defs", {})
    branches = []
    for name, kind in KINDS.items():
        params = TypeAdapter(kind.Params).json_schema(ref_template=template)
        for def_name, definition in params.pop("$defs", {}).items():
            defs.setdefault(def_name, definition)
        params["title"] = f"{name} params"
        params["description"] = (kind.__doc__ or "").strip().splitlines()[0]
        defs[f"params_{name}"] = params
        branches.append(
            {
                "if": {"properties": {"check": {"const": name}}, "required": ["check"]},
                "then": {"properties": {"params": {"$ref": f"#/$defs/params_{name}"}}},
            }
        )
    rule = defs["Rule"]
    rule["properties"]["check"] = {
        "description": "The check kind this rule runs (builtin: made by the pipeline itself).",
        "enum": [*KINDS, BUILTIN],
    }
    rule["allOf"] = branches
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "rule-pack.schema.json"
    schema["description"] = (
        "A rule pack: rules/<pack>.yaml. Generated from validator/rulepack/models.py."
    )
    result: dict[str, Any] = _numbers_only(schema)
    return result


def _numbers_only(node: Any) -> Any:
    """Decimals in a pack are written as YAML numbers; drop pydantic's numeric-string form
    (a Decimal is `anyOf: [number, string]`; `str | int` unions have no number and stay)."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        if isinstance(options, list) and {"type": "number"} in options:
            kept = [o for o in options if o.get("type") != "string"]
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            node = {**rest, **kept[0]} if len(kept) == 1 else {**rest, "anyOf": kept}
        return {k: _numbers_only(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_numbers_only(v) for v in node]
    return node


def render() -> str:
    return json.dumps(generate(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
