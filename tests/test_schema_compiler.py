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
from validator.schema_compiler import Refused, Unsupported, compile_node, compile_schema
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


@pytest.mark.slow
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
    with pytest.raises(Unsupported, match="frobnicate"):
        compile_schema({"type": "object", "frobnicate": {}}, "x", lambda r, b: ({}, b))
    # what stays out is refused by name, with what to write instead
    with pytest.raises(Unsupported, match="close the object with additionalProperties: false"):
        compile_schema({"unevaluatedProperties": False}, "x", lambda r, b: ({}, b))
    with pytest.raises(Unsupported, match=r"\$dynamicRef \(dynamic references"):
        compile_schema({"$dynamicRef": "#x"}, "x", lambda r, b: ({}, b))


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
    nit["properties"]["country"]["unevaluatedProperties"] = False  # not compiled
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
        assert "unevaluatedProperties" in finding.message and "nit.schema.json" in finding.message
    finally:
        schema_check._load.cache_clear()
        schema_check._compiled.cache_clear()
        schema_check.bundled.cache_clear()


# -- the dialect a user brings (issue 27, item 5): the keywords added, against jsonschema -------

_LEAF = st.sampled_from(
    [
        {"type": "integer"},
        {"type": "string"},
        {"minimum": 2},
        {"enum": [1, "a", True]},
        {"const": 3},
        {"maxLength": 2},
        {"multipleOf": 3},
    ]
)


def _schemas(leaf: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Schemas of the keywords added for plug-in indices, nested once over simple leaves."""
    names = st.sampled_from(["a", "b", "ab", "c1"])
    return st.one_of(
        st.builds(lambda xs: {"oneOf": xs}, st.lists(leaf, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, leaf),
        st.builds(lambda x: {"patternProperties": {"^a": x}}, leaf),
        st.builds(lambda x: {"patternProperties": {"^a": x}, "additionalProperties": False}, leaf),
        st.builds(lambda x: {"propertyNames": {"maxLength": 1}} | x, st.just({})),
        st.builds(lambda xs: {"prefixItems": xs}, st.lists(leaf, max_size=3)),
        st.builds(lambda xs, y: {"prefixItems": xs, "items": y}, st.lists(leaf, max_size=2), leaf),
        st.builds(
            lambda x, low, high: (
                {"contains": x}
                | ({"minContains": low} if low is not None else {})
                | ({"maxContains": high} if high is not None else {})
            ),
            leaf,
            st.none() | st.integers(0, 3),
            st.none() | st.integers(0, 3),
        ),
        st.builds(
            lambda name, needs: {"dependentRequired": {name: needs}},
            names,
            st.lists(names, max_size=2, unique=True),
        ),
        st.builds(
            lambda name, x: {"dependentSchemas": {name: {"properties": {"c1": x}}}}, names, leaf
        ),
        st.builds(lambda n: {"minProperties": n}, st.integers(0, 3)),
        st.builds(lambda n: {"maxProperties": n}, st.integers(0, 3)),
        st.builds(lambda x: {"uniqueItems": x}, st.booleans()),
    )


_INSTANCES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.sampled_from(["", "a", "ab", "abc"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "ab", "c1", "zz"]), inner, max_size=4)
    ),
    max_leaves=8,
)


@given(schema=_schemas(_LEAF), instance=_INSTANCES)
def test_the_added_keywords_judge_as_the_reference_validator(
    schema: dict[str, Any], instance: Any
) -> None:
    import jsonschema

    node = compile_node(schema, "x", lambda r, b: ({}, b))
    assert node.valid(instance) == jsonschema.Draft202012Validator(schema).is_valid(instance)
    assert (list(node.errors(instance, "")) == []) == node.valid(instance)


def test_multiple_of_is_exact_and_unique_items_tells_true_from_one() -> None:
    tenth = compile_node({"multipleOf": Decimal("0.1")}, "x", lambda r, b: ({}, b))
    assert tenth.valid(Decimal("0.3")) and tenth.valid(Decimal("7.0"))
    assert not tenth.valid(Decimal("0.35"))
    unique = compile_node({"uniqueItems": True}, "x", lambda r, b: ({}, b))
    assert unique.valid([1, True]) and unique.valid([0, False]) and unique.valid([[1], [True]])
    assert not unique.valid([1, Decimal("1.0")]) and not unique.valid([{"a": 1}, {"a": 1}])
    with pytest.raises(Refused):
        compile_node({"multipleOf": 0}, "x", lambda r, b: ({}, b))


def test_an_anchor_is_found_by_its_name() -> None:
    from validator.schema_compiler import find_anchor

    schema = {"$defs": {"score": {"$anchor": "score", "type": "integer"}}, "$ref": "#score"}
    node = compile_node(schema, "x", lambda ref, base: (find_anchor(schema, ref[1:]), base))
    assert node.valid(3) and not node.valid("3")


@st.composite
def _alike_documents(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """Copies of one consistent document (the rows of a table: one shape), each with a
    few values replaced in place (a word, a number out of range, a list, nothing) and now
    and then a key dropped or added (a copy of its own shape)."""
    import copy

    doc = draw(documents())
    copies = []
    for _ in range(draw(st.integers(2, 6))):
        one = copy.deepcopy(doc)
        for _ in range(draw(st.integers(0, 3))):
            pointers = [p for p, _ in jp.expand(one, "/*")] + [p for p, _ in jp.expand(one, "/*/*")]
            if not pointers:
                break
            at = draw(st.sampled_from(pointers))
            parent = jp.resolve(one, jp.parent(at))
            action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
            if action == "replace":
                jp.assign(one, at, draw(scalars | st.lists(scalars, max_size=2)))
            elif action == "delete" and isinstance(parent, dict):
                parent.pop(jp.split(at)[-1], None)
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "Status", "A9"]))] = draw(scalars)
        copies.append(one)
    return doc["survey"], copies


@given(_alike_documents())
def test_documents_of_one_shape_are_schema_checked_column_wise_as_one_by_one(
    case: tuple[str, list[dict[str, Any]]],
) -> None:
    """`valid_many` (the schema over a table's rows, column by column) says of each
    document what its yes/no test says of it alone, over every bundled schema."""
    from validator.schema_check import bundled

    survey, docs = case
    is_valid, _ = validator_for(survey)
    assert bundled().valid_many(survey, docs) == [is_valid(doc) for doc in docs]


_CELLS = st.none() | st.booleans() | st.integers(-2, 5) | st.sampled_from(["", "x", "1"])


@st.composite
def _objects(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows with the same keys in the same order (a table's), now and then one that is not
    (a key more or less, another order)."""
    keys = draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3, unique=True))
    rows = [{key: draw(_CELLS) for key in keys} for _ in range(draw(st.integers(1, 6)))]
    if draw(st.booleans()):
        odd = draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), _CELLS, max_size=3))
        rows.insert(draw(st.integers(0, len(rows))), odd)
    return rows


_OBJECTS = _objects()

_OBJECT_SCHEMAS = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["object", ["object", "null"], "array", ["integer"]]),
        "required": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
        "properties": st.dictionaries(
            st.sampled_from(["a", "b"]),
            st.one_of(
                st.booleans(),
                _LEAF,
                st.just({"$ref": "#/$defs/small"}),
                st.just({"$id": "inner", "$ref": "#/$defs/small"}),
            ),
            max_size=2,
        ),
        "additionalProperties": st.one_of(st.booleans(), _LEAF),
        "minProperties": st.integers(0, 2),
        "title": st.just("an annotation"),
    },
)


def _resolver(resources: dict[str, Any]) -> Any:
    """`$ref`s resolved among schemas by name (the fragment a JSON pointer in it)."""

    def resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
        name, _, fragment = ref.partition("#")
        target: Any = resources[name or base]
        for segment in jp.split(fragment):
            target = target[segment]
        return target, name or base

    return resolve


@given(_OBJECT_SCHEMAS, _OBJECTS)
def test_an_object_schema_over_a_column_of_objects_says_what_it_says_of_each(
    schema: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """The keywords decided by an object's keys and its properties' columns (`type`,
    `required`, `properties`, `additionalProperties`), with `$ref`s and `$id`s below them,
    a keyword that is not (`minProperties`: the node's own test), objects alike or not."""
    from validator.schema_compiler import compile_columns

    schema = {**schema, "$defs": {"small": {"maximum": 3}}}
    # a `$ref` below `$id: inner` is resolved there, not in x
    resources = {"x": schema, "inner": {"$defs": {"small": {"minimum": 1}}}}

    resolve = _resolver(resources)
    valid = compile_node(schema, "x", resolve).valid
    assert compile_columns(schema, "x", resolve)(rows) == [valid(row) for row in rows]


def test_a_column_tells_apart_values_python_holds_equal() -> None:
    """1, True, 1.0 and "1" are decided one by one (Python holds the first three equal)."""
    from decimal import Decimal

    from validator.schema_compiler import compile_columns

    values = [1, True, Decimal("1.0"), "1", 1, True]
    for schema in ({"type": "integer"}, {"enum": [True]}, {"type": "string"}):
        valid = compile_node(schema, "x", lambda r, b: ({}, b)).valid
        column = compile_columns(schema, "x", lambda r, b: ({}, b))
        assert column(values) == [valid(v) for v in values]
        rows = [{"a": v} for v in values]
        wrapped = {"properties": {"a": schema}}
        assert compile_columns(wrapped, "x", lambda r, b: ({}, b))(rows) == [
            valid(v) for v in values
        ]


def test_a_ref_below_an_id_is_resolved_there_column_wise() -> None:
    from validator.schema_compiler import compile_columns

    inner = {"$id": "inner", "$ref": "#/$defs/small"}
    schema = {"properties": {"a": inner}, "$defs": {"small": {"maximum": 3}}}
    resources = {"x": schema, "inner": {"$defs": {"small": {"minimum": 1}}}}

    resolve = _resolver(resources)
    rows = [{"a": 0}, {"a": 5}, {"a": 2}]
    assert compile_columns(schema, "x", resolve)(rows) == [False, True, True]
    assert [compile_node(schema, "x", resolve).valid(row) for row in rows] == [False, True, True]
