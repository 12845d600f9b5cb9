"""Meta-tests: nothing undocumented or untested can ship (the hypothesis habit)."""

from __future__ import annotations

import re

import pytest

from validator.checks import KINDS
from validator.packs.loading import RulePack
from validator.schema_compiler import ANNOTATIONS, SUPPORTED
from validator.sources.yaml_source import parse_yaml

from .conftest import FIXTURES, ROOT

VALIDATOR = ROOT / "validator"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_is_documented_with_an_example(name: str) -> None:
    doc = KINDS[name].__doc__ or ""
    assert doc.startswith(f"{name}:"), "the docstring opens with the kind's name"
    assert f"check: {name}" in doc, "the docstring shows a rule using the kind"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_declares_the_whole_interface(name: str) -> None:
    """Every member of the Kind protocol is the kind's own declaration: the engine, fix and
    the run read them without defaults (mypy holds their types to the protocol)."""
    from validator.checks.api import Kind

    module = vars(KINDS[name])
    members = [m for m in vars(Kind) if not m.startswith("_")]
    assert sorted(members) == sorted(
        [
            "Params",
            "WRITES",
            "COMPARES_EDITIONS",
            "OVER_GROUPS",
            "check",
            "reads",
            "compile_rule",
            "over_run",
            "describe",
            "edges",
        ]
    )
    assert [m for m in members if m not in module] == []
    assert module["WRITES"] in ("safe", "unsafe", None)
    assert isinstance(module["COMPARES_EDITIONS"], bool)
    assert isinstance(module["OVER_GROUPS"], bool)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_has_unit_tests(name: str) -> None:
    module = KINDS[name].__name__.rsplit(".", 1)[1]
    assert (ROOT / "tests" / "checks" / f"test_{module}.py").is_file()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_is_used_by_a_bundled_rule(name: str, packs: list[RulePack]) -> None:
    assert any(rule.rule.check == name for pack in packs for rule in pack.rules)


def test_every_survey_rule_has_a_case_file_with_pass_and_fail(packs: list[RulePack]) -> None:
    missing = []
    for pack in packs:
        for rule in pack.rules:
            if rule.kind is None:
                continue
            path = FIXTURES / "rules" / pack.name / f"{rule.id}.yaml"
            if not path.is_file():
                missing.append(f"{rule.qualified_id}: no {path.relative_to(ROOT)}")
                continue
            cases = parse_yaml(path.read_text())[0]["cases"]
            if not any(c["expect"] for c in cases) or not any(not c["expect"] for c in cases):
                missing.append(f"{rule.qualified_id}: needs a passing and a failing case")
    assert missing == []


def test_case_files_name_existing_rules(packs: list[RulePack]) -> None:
    known = {rule.qualified_id for pack in packs for rule in pack.rules}
    for path in (FIXTURES / "rules").glob("*/*.yaml"):
        assert f"{path.parent.name}/{path.stem}" in known, path


def test_every_rule_is_documented(packs: list[RulePack]) -> None:
    for pack in packs:
        for rule in pack.rules:
            spec = rule.rule
            assert spec.summary and spec.rationale and spec.fix and spec.source, rule.qualified_id


def test_every_schema_keyword_finding_is_documented(packs: list[RulePack]) -> None:
    schema_pack = next(p for p in packs if p.name == "schema")
    # keywords about parts of the value report through their subschemas' keywords;
    # `minContains` and `maxContains` through `contains`; a `false` schema as `false`
    assert {r.id for r in schema_pack.rules} == SUPPORTED - ANNOTATIONS - {
        "$ref",
        "properties",
        "items",
        "allOf",
        "if",
        "then",
        "else",
        "patternProperties",
        "prefixItems",
        "dependentSchemas",
        "minContains",
        "maxContains",
    } | {"false"}


def test_every_builtin_finding_the_code_makes_is_documented(packs: list[RulePack]) -> None:
    core = {r.id for p in packs if p.name == "core" for r in p.rules}
    made = set()
    for path in VALIDATOR.rglob("*.py"):
        text = path.read_text()
        made |= set(re.findall(r'SourceProblem\(\s*"([a-z-]+)"', text))
        made |= set(re.findall(r'"core/([a-z-]+)"', text))
        made |= set(re.findall(r'PACK_PROBLEM = "([a-z-]+)"', text))
    made |= {"parse-error", "duplicate-key"}
    assert made <= core, made - core


def test_no_freedom_house_numbers_in_the_engine() -> None:
    """STYLE principle 2: thresholds, tables and labels live in rules/ and schemas/."""
    forbidden = re.compile(
        r"Consolidated|Partly Free|Not Free|\b2\.5\b|\b5\.5\b|\b(?:4\.76|1\.29)\b"
    )
    offenders = []
    for path in VALIDATOR.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if forbidden.search(line) and path.name != "testing.py":
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_package_imports_no_heavy_library_at_start_up() -> None:
    import subprocess
    import sys

    code = (
        "import sys, validator.cli, validator.engine, validator.sources,"
        " validator.packs.loading;"
        "print(sorted(m for m in ('pydantic', 'jsonschema', 'hypothesis') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sidebar_table_matches_the_fotn_bands_it_repeats(packs: list[RulePack]) -> None:
    by_name = {p.name: p for p in packs}
    sidebar = by_name["sidebar"].spec.tables["internet-freedom-status"]
    fotn = by_name["fotn"].spec.tables["status-100-most-free"]
    assert [(r.min, r.max, str(r.value).lower()) for r in sidebar.rows] == [
        (r.min, r.max, str(r.value).lower()) for r in fotn.rows
    ]


def test_every_module_is_in_a_layer_of_the_import_contract() -> None:
    """A new module of the package is placed in a layer (pyproject.toml,
    [tool.importlinter]): one outside every layer could import anything (.ci/run runs
    lint-imports on the contract)."""
    import pkgutil
    import tomllib

    import validator

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if "layers" in c]
    named = {m.strip() for layer in layers for m in layer.replace("|", ":").split(":")}
    modules = {f"validator.{m.name}" for m in pkgutil.iter_modules(validator.__path__)}
    assert sorted(modules - named) == []
    assert sorted(named - modules) == []


def test_every_mutant_of_the_bench_still_applies() -> None:
    """bench/mutation.py's edits match the code once each: a mutant whose text has moved
    would count as neither killed nor survived (nine had gone stale unseen)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("mutation", ROOT / "bench" / "mutation.py")
    assert spec is not None and spec.loader is not None
    mutation = importlib.util.module_from_spec(spec)
    sys.modules["mutation"] = mutation  # its dataclasses look their module up
    try:
        spec.loader.exec_module(mutation)
    finally:
        del sys.modules["mutation"]
    stale = [
        (m.id, m.path)
        for m in mutation.MUTANTS
        if (ROOT / m.path).read_text(encoding="utf-8").count(m.old) != 1
    ]
    assert stale == []
    assert len({m.id for m in mutation.MUTANTS}) == len(mutation.MUTANTS)
