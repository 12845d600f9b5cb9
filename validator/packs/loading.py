"""Load rule packs: parse with positions, check against the generated rule-pack schema,
build the typed dataclasses, then check what a schema cannot say (tables named by rules
exist, tables are ordered without gaps or overlaps, a quantity has one source).

Every problem is a finding at the pack's file:line; the CLI exits 2 when there is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.arithmetic import is_multiple
from validator.checks import BUILTIN, KINDS
from validator.findings import Finding
from validator.locations import data_dir
from validator.packs.lint import layout_problems, lint, schemas_for
from validator.packs.pack import (
    PACK_PROBLEM,
    PACK_WARNING,
    CompiledRule,
    RulePack,
    pack_finding,
    schema_folders,
)
from validator.rulepack.build import BuildError, build
from validator.rulepack.models import Quantity, RulePackFile, Step, Table, Term
from validator.schema_compiler import Check, Valid, closest, compile_node
from validator.source_map import SourceMap
from validator.sources.text import UnreadableText, read_text
from validator.sources.yaml_source import parse_yaml

MAX_PACK_BYTES = 1024 * 1024  # the bundled packs are under 40 kB
MAX_ROUND = 12  # decimals a quantity may be rounded to (the publisher uses 0 to 2)
# the bundled packs that document the pipeline's own findings (core/, schema/): always loaded
PIPELINE_PACKS = ("core.yaml", "schema.yaml")
__all__ = [
    "PACK_PROBLEM",
    "PACK_WARNING",
    "CompiledRule",
    "RulePack",
    "given_packs",
    "load_pack",
    "load_packs",
    "pack_finding",
    "pack_paths",
    "schema_folders",
    "table_problems",
]
MAX_SIGNIFICANT = 30  # significant digits a stated figure may be read at (as numbers.py)
MAX_TOLERANCE = 1_000  # units of the last digit a comparison may accept either way
MAX_STEPS = 16  # arithmetic steps of one quantity (the bundled packs use at most 3)


@cache
def _pack_schema() -> tuple[Valid, Check]:
    """The rule-pack schema as a yes/no test (a pack that passes pays only for it) and as
    the error generator that says what is wrong with one that does not."""
    path = data_dir("schemas") / "rule-pack.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))

    def resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
        target: Any = schema
        for segment in jp.split(ref.partition("#")[2]):
            target = target[segment]
        return target, base

    node = compile_node(schema, "rule-pack.schema.json", resolve)
    return node.valid, node.errors


def pack_paths(rules: list[Path] | None = None, bundled: bool = True) -> list[Path]:
    """The bundled packs (without `bundled`, only the pipeline's own), then the files and
    folders given with --rules: a user's pack adds to the bundled ones; replacing them is
    asked for outright (--no-bundled-rules)."""
    home = data_dir("rules")
    found = [p for p in sorted(home.glob("*.yaml")) if bundled or p.name in PIPELINE_PACKS]
    # a file named twice (the bundled folder given with --no-bundled-rules) is loaded once
    unique: dict[Path, Path] = {}
    for path in [*found, *given_packs(rules or [])]:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def given_packs(rules: list[Path]) -> list[Path]:
    """The pack files of the files and folders given (a folder's `*.yaml`, sorted)."""
    return [f for path in rules for f in (sorted(path.glob("*.yaml")) if path.is_dir() else [path])]


def load_packs(paths: list[Path]) -> tuple[list[RulePack], list[Finding]]:
    packs: list[RulePack] = []
    problems: list[Finding] = []
    for path in paths:
        pack, found = load_pack(path)
        problems.extend(found)
        if pack is not None:
            packs.append(pack)
    names = [p.name for p in packs]
    for pack in packs:
        if names.count(pack.name) > 1:
            problems.append(
                pack_finding(
                    pack.path,
                    SourceMap(),
                    "/pack",
                    f"pack name {pack.name!r} is used by more than one file",
                )
            )
    if not problems:  # what would make a pack check nothing in silence (packs/lint.py)
        schemas, problems = schemas_for(packs)
        if schemas is not None:
            problems = lint(packs, schemas).errors + layout_problems(packs, schemas)
    return packs, problems


def load_pack(path: Path) -> tuple[RulePack | None, list[Finding]]:
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        # a pack from a pull request may not make the run read /etc/passwd into its messages
        message = "a symbolic link that leads outside the rule-pack folder: not read"
        return None, [pack_finding(path, SourceMap(), "", message, 1, 1)]
    if path.exists() and not path.is_file():  # a FIFO would block the run forever
        message = "not a regular file (a pipe, socket, device or folder): not read"
        return None, [pack_finding(path, SourceMap(), "", message, 1, 1)]
    try:
        return _load_pack(path)
    except Exception as error:  # a pack must never crash the run: exit 2 with a finding
        message = f"the rule pack could not be loaded: {type(error).__name__}: {error}"
        return None, [pack_finding(path, SourceMap(), "", message[:500], 1, 1)]


def _load_pack(path: Path) -> tuple[RulePack | None, list[Finding]]:
    try:
        text = read_text(path, MAX_PACK_BYTES)
    except UnreadableText as error:
        p = error.problem
        message = f"cannot read the rule pack: {p.message}"
        return None, [pack_finding(path, SourceMap(), "", message, p.line, p.column)]
    data, source_map, parse_problems = parse_yaml(text)
    if parse_problems:
        return None, [
            pack_finding(path, source_map, p.pointer, p.message, p.line, p.column)
            for p in parse_problems
        ]
    valid, check = _pack_schema()
    errors = [] if valid(data) else list(check(data, ""))
    if errors:
        return None, [
            pack_finding(path, source_map, at, _said(keyword, at, message, data))
            for keyword, at, message in errors
        ]
    try:
        spec = build(RulePackFile, data)
    except BuildError as error:  # pragma: no cover - the schema rejects such data first
        return None, [pack_finding(path, source_map, "", str(error))]
    problems = [
        pack_finding(path, source_map, at, message) for at, message in _semantic_problems(spec)
    ]
    compiled: list[CompiledRule] = []
    for rule_id, rule in spec.rules.items():
        kind = KINDS.get(rule.check)
        params = build(kind.Params, rule.params) if kind is not None else None
        compiled.append(CompiledRule(spec.pack, rule_id, rule, params, kind))
        problems.extend(
            pack_finding(path, source_map, jp.join("/rules", rule_id, "params") + at, msg)
            for at, msg in _quantity_problems(params, spec.tables)
        )
    if problems:
        return None, problems
    return RulePack(spec.pack, path, spec, compiled, source_map), []


def _said(keyword: str, at: str, message: str, data: Any) -> str:
    """A schema error of a pack in the words of packs: an unknown check kind names the
    kinds (`builtin` is for the pipeline's own packs) and the one it may have meant."""
    parts = jp.split(at)
    if keyword == "enum" and len(parts) == 3 and parts[0] == "rules" and parts[2] == "check":
        given = jp.resolve(data, at)
        meant = closest(str(given), list(KINDS))
        return (
            f"{given!r} is not a check kind{meant} (the kinds: {', '.join(KINDS)}; "
            "`report-validator rules kinds` describes them)"
        )
    return message


def _semantic_problems(spec: RulePackFile) -> Iterator[tuple[str, str]]:
    for name, table in spec.tables.items():
        yield from ((jp.join("/tables", name) + at, msg) for at, msg in table_problems(table))
    for rule_id, rule in spec.rules.items():
        if rule.check != BUILTIN and rule.check not in KINDS:
            yield jp.join("/rules", rule_id, "check"), f"unknown check kind {rule.check!r}"


def table_problems(table: Table) -> Iterator[tuple[str, str]]:
    """Rows must be on the domain's grid, ordered, and cover it without gaps or overlaps."""
    step, rows = table.domain.step, table.rows
    if step <= 0:
        yield "/domain/step", f"the step must be above 0, not {step}"
        return
    for index, row in enumerate(rows):
        if row.min > row.max:
            yield f"/rows/{index}", f"min {row.min} is above max {row.max}"
        for bound in (row.min, row.max):
            if not is_multiple(bound - table.domain.min, step):
                yield f"/rows/{index}", f"bound {bound} is not on the domain's steps of {step}"
    ordered = sorted(range(len(rows)), key=lambda i: rows[i].min)
    if not rows:
        yield "/rows", "a table needs rows"
        return
    if rows[ordered[0]].min != table.domain.min or max(r.max for r in rows) != table.domain.max:
        yield "/rows", f"rows do not span the domain {table.domain.min} to {table.domain.max}"
    for before, after in pairwise(ordered):
        gap = rows[after].min - rows[before].max
        if gap != step:
            what = "overlap" if gap < step else "leave a gap"
            yield f"/rows/{after}", f"rows {before} and {after} {what} (next step is {step})"


def _quantity_problems(params: Any, tables: dict[str, Table]) -> Iterator[tuple[str, str]]:
    """Walk typed params: every quantity has one source, every named table exists, and
    nothing asks for unbounded work (rounding to a million decimals, endless steps)."""

    def walk(node: Any, at: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, Step) and node.op == "divide" and node.by == 0:
            yield at, "division by 0"
        for name in ("round", "digits"):  # decimals to round to: Quantity and kind params
            decimals = getattr(node, name, None)
            if isinstance(decimals, int) and not 0 <= decimals <= MAX_ROUND:
                yield jp.join(at, name), f"{name} must be 0 to {MAX_ROUND} decimals"
        significant = getattr(node, "significant", None)  # a precision: 10**significant
        if isinstance(significant, int) and not 1 <= significant <= MAX_SIGNIFICANT:
            yield (
                jp.join(at, "significant"),
                (f"significant must be 1 to {MAX_SIGNIFICANT} digits (a spreadsheet keeps 15)"),
            )
        tolerance = getattr(node, "tolerance", None)
        if isinstance(tolerance, int) and not 0 <= tolerance <= MAX_TOLERANCE:
            yield jp.join(at, "tolerance"), f"tolerance must be 0 to {MAX_TOLERANCE:,} units"
        steps = getattr(node, "steps", None)
        if isinstance(steps, tuple) and len(steps) > MAX_STEPS:
            yield jp.join(at, "steps"), f"at most {MAX_STEPS} steps"
        step = getattr(node, "step", None)  # range params and domains: a grid step
        if isinstance(step, Decimal) and step <= 0:
            yield jp.join(at, "step"), "the step must be above 0"
        if isinstance(node, Quantity):
            sources = [n for n in ("field", "sum", "mean") if getattr(node, n) is not None]
            if len(sources) != 1:
                yield at, "a quantity needs exactly one of field, sum or mean"
        if isinstance(node, Term | Quantity) or is_dataclass(node):
            for f in fields(node):
                value = getattr(node, f.name)
                if f.name == "table" and value is not None and value not in tables:
                    meant = closest(value, list(tables))
                    yield jp.join(at, f.name), f"no table named {value!r} in this pack{meant}"
                yield from walk(value, jp.join(at, f.name))
        elif isinstance(node, tuple):
            for index, item in enumerate(node):
                yield from walk(item, jp.join(at, index))

    yield from walk(params, "")
