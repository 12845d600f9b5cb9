"""The compiled validator must give jsonschema's verdicts on the documents we read."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from referencing import Registry, Resource

from validator import pointer as jp
from validator.schema_check import check_schema, schema_dir, surveys, validator_for
from validator.schema_compiler import Unsupported, compile_schema
from validator.testing import documents


def _registry() -> Registry[Any]:
    return Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text())))
        for p in schema_dir().glob("*.json")
    )


REFERENCE = {
    survey: jsonschema.Draft202012Validator(
        json.loads((schema_dir() / f"{survey}.schema.json").read_text()), registry=_registry()
    )
    for survey in surveys()
}


def _reference_errors(survey: str, data: Any) -> set[tuple[str, str]]:
    found = set()
    for error in REFERENCE[survey].iter_errors(data):
        at = "".join("/" + jp.escape(p) for p in error.absolute_path)
        if error.validator == "required":
            found.add(("required", jp.join(at, error.message.split("'")[1])))
        elif error.validator == "additionalProperties":  # one error names every extra property
            known = error.schema.get("properties", {})
            found.update(
                ("additionalProperties", jp.join(at, name))
                for name in error.instance
                if name not in known
            )
        else:
            found.add((str(error.validator), at))
    return found


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 200),
    st.decimals(-10, 200, places=2, allow_nan=False),
    st.text(max_size=5),
    st.sampled_from(["Free", "Not Free", "nit", "fiw", "N/A", "improved"]),
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A consistent document with a few fields replaced, removed or added, and its survey."""
    doc = draw(documents())
    survey = doc["survey"]
    for _ in range(draw(st.integers(1, 3))):
        pointers = [p for p, _ in jp.expand(doc, "/*")] + [p for p, _ in jp.expand(doc, "/*/*")]
        if not pointers:
            break
        at = draw(st.sampled_from(pointers))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        parent = jp.resolve(doc, jp.parent(at))
        key = jp.split(at)[-1]
        if action == "replace":
            jp.assign(doc, at, draw(scalars | st.lists(scalars, max_size=2)))
        elif action == "delete" and isinstance(parent, dict):
            parent.pop(key, None)
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Status", "A9", "from"]))] = draw(scalars)
    return survey, doc


@given(documents())
def test_consistent_documents_are_schema_valid(doc: dict[str, Any]) -> None:
    assert check_schema(doc["survey"], doc) == []
    assert _reference_errors(doc["survey"], doc) == set()


@given(mutated())
def test_compiled_validator_agrees_with_jsonschema(case: tuple[str, dict[str, Any]]) -> None:
    survey, doc = case
    ours = {(keyword, at) for keyword, at, _ in check_schema(survey, doc)}
    assert ours == _reference_errors(survey, doc)
    is_valid, errors = validator_for(survey)
    assert is_valid(doc) == (list(errors(doc, "")) == [])


def test_decimal_is_a_number_but_never_an_integer() -> None:
    check = compile_schema({"type": "integer"}, "x", lambda r, b: ({}, b))
    assert [e[0] for e in check(Decimal("1.0"), "")] == ["type"]
    assert list(check(1, "")) == []
    assert [e[0] for e in check(True, "")] == ["type"]


def test_unknown_keywords_are_refused_not_ignored() -> None:
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "dependentSchemas": {}}, "x", lambda r, b: ({}, b))


def test_a_schema_beyond_the_compiled_keywords_is_refused_not_checked_another_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import validator.schema_check as schema_check
    from validator.document import Document
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths

    for name in ("common.schema.json", "nit.schema.json", "fiw.schema.json", "fotn.schema.json"):
        (tmp_path / name).write_text((schema_check.schema_dir() / name).read_text())
    nit = json.loads((tmp_path / "nit.schema.json").read_text())
    nit["properties"]["country"]["contentMediaType"] = "text/plain"  # not compiled
    (tmp_path / "nit.schema.json").write_text(json.dumps(nit))
    monkeypatch.setattr(schema_check, "schema_dir", lambda: tmp_path)
    schema_check._load.cache_clear()
    schema_check._compiled.cache_clear()
    schema_check.bundled.cache_clear()
    try:
        packs, _ = load_packs(pack_paths())
        doc = Document("a.yaml", {"survey": "nit", "country": "X", "edition": 2018})
        [finding] = Engine(packs).check_document(doc)[0]
        assert finding.rule == "core/internal-error"
        assert "contentMediaType" in finding.message and "nit.schema.json" in finding.message
    finally:
        schema_check._load.cache_clear()
        schema_check._compiled.cache_clear()
        schema_check.bundled.cache_clear()
