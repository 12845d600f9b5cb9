"""Static analysis of rule packs: what would make a pack check nothing while the run says
"no findings".

Errors, on every load (the run stops with exit 2): a survey that no schema defines; a
pointer (`at`, `when`, any absolute pointer in `params`) that matches nothing its survey's
schema allows; a schema beside a pack that cannot be read or compiled. Warnings, from
`report-validator rules lint` only: tables no rule uses, rules without cases, ids that do not
name a problem in kebab-case. (Tables with gaps, overlaps or rows off their grid are errors
of loading itself: `loading.table_problems`.)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.findings import Finding, Severity
from validator.packs.pack import RulePack, pack_finding, schema_folders
from validator.schema_check import SUFFIX, SchemaRefused, Schemas, role_problems, schema_dir
from validator.source_map import SourceMap

_TEMPLATE = re.compile(r"\{[^{}]*\}")
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CHECK_NAMES = ("check-", "verify-", "validate-", "test-", "rule-")  # names a check, not a problem
MAX_WALK = 10_000  # schema nodes visited for one pointer (a $ref cycle ends here)


@dataclass(frozen=True)
class Lint:
    """A pack's lint findings: `errors` stop any run; `warnings` are for `rules lint`."""

    errors: list[Finding]
    warnings: list[Finding]


def schemas_for(packs: list[RulePack]) -> tuple[Schemas | None, list[Finding]]:
    """The schemas a run with these packs knows, or the findings that say why it cannot."""
    try:
        schemas = Schemas(schema_folders(packs))
    except SchemaRefused as error:
        return None, [pack_finding(error.path, SourceMap(), "", error.reason, 1, 1)]
    problems = []
    home = schema_dir()
    for name, path in sorted(schemas.paths.items()):
        if path.parent == home:
            continue  # the bundled schemas: the tests compile them, runs need not pay for it
        try:
            if name[: -len(SUFFIX)] in schemas.surveys():
                schemas.validator_for(name[: -len(SUFFIX)])
            else:
                schemas.schema(name)
            for said in role_problems(schemas.schema(name)):
                problems.append(pack_finding(path, SourceMap(), "", said, 1, 1))
        except Exception as error:  # a schema from a pull request must never crash the run
            message = f"the schema cannot be used: {type(error).__name__}: {error}"
            problems.append(pack_finding(path, SourceMap(), "", message[:500], 1, 1))
    return (None if problems else schemas), problems


def lint(packs: list[RulePack], schemas: Schemas, cases: dict[str, Path] | None = None) -> Lint:
    """Every pack's errors and warnings; `cases`: each pack's folder of case files
    (`<folder>/<pack>/<rule-id>.yaml`), for the warning on rules without any (a pack whose
    folder is not there has none)."""
    errors: list[Finding] = []
    warnings: list[Finding] = []
    known = schemas.surveys()
    for pack in packs:
        where = _Where(pack)
        for survey in pack.spec.surveys:
            if survey not in known:
                near = difflib.get_close_matches(survey, known, n=1)
                meant = f" (did you mean {near[0]!r}?)" if near else ""
                message = (
                    f"no schema defines survey {survey!r}{meant}: its rules would check nothing; "
                    f"known: {', '.join(known)} (a pack's own schemas go beside it as "
                    f"<survey>{SUFFIX})"
                )
                errors.append(where.finding("/survey", message))
        surveys = [s for s in pack.spec.surveys if s in known]
        for rule in pack.rules:
            if rule.kind is None or not surveys:
                continue
            base = jp.join("/rules", rule.id)
            for named in _values_of(rule.rule.params, "survey"):
                if named not in known:  # a group's survey: the rule would check nothing
                    near = difflib.get_close_matches(named, known, n=1)
                    meant = f" (did you mean {near[0]!r}?)" if near else ""
                    message = (
                        f"no schema defines survey {named!r}{meant}: the group would hold no "
                        f"document and the rule check nothing; known: {', '.join(known)}"
                    )
                    errors.append(where.finding(base + "/params", message))
            errors.extend(_labels_outside_enum(pack, rule, surveys, schemas, where))
            for at, pointer in _pointers(rule.rule.at, rule.rule.when, rule.rule.params):
                # a pointer read in other surveys' documents (a group's) may name those
                among = surveys + [s for s in _values_of(rule.rule.params, "survey") if s in known]
                if not _allowed(schemas, among, pointer):
                    message = (
                        f"pointer {pointer!r} matches nothing the schema of "
                        f"{' or '.join(dict.fromkeys(among))} allows: the rule would compare "
                        "nothing"
                    )
                    errors.append(where.finding(base + at, message))
        warnings.extend(_warnings(pack, where, cases))
    return Lint(sorted(errors), sorted(warnings))


def _warnings(pack: RulePack, where: _Where, cases: dict[str, Path] | None) -> Iterator[Finding]:
    used = {name for rule in pack.rules for name in _values_of(rule.rule.params, "table")}
    for name in pack.spec.tables:
        if name not in used:
            yield where.finding(
                jp.join("/tables", name), f"table {name!r} is used by no rule", Severity.WARNING
            )
    for rule in pack.rules:
        at = jp.join("/rules", rule.id)
        if rule.kind is None:
            continue  # the pipeline's own findings (core/, schema/): named by what makes them
        if not _KEBAB.fullmatch(rule.id) or rule.id.startswith(_CHECK_NAMES):
            message = (
                f"rule id {rule.id!r} should be kebab-case and name the problem "
                "(`status-outside-threshold-band`, not `check-status`)"
            )
            yield where.finding(at, message, Severity.WARNING)
        folder = cases.get(pack.name) if cases is not None else None
        if folder is not None and not (folder / pack.name / f"{rule.id}.yaml").is_file():
            message = f"no cases for {rule.qualified_id}: {folder / pack.name / rule.id}.yaml"
            yield where.finding(at, message, Severity.WARNING)


def _pointers(at: str, when: tuple[Any, ...], params: Any) -> Iterator[tuple[str, str]]:
    """(where in the rule, pointer) for every document pointer a rule names outright."""
    if at.startswith("/"):
        yield "/at", at
    for index, condition in enumerate(when):
        if condition.field.startswith("/"):
            yield f"/when/{index}/field", condition.field

    def walk(node: Any, here: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, str):
            if node.startswith("/"):
                yield here, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, jp.join(here, key))
        elif isinstance(node, list | tuple):
            for index, value in enumerate(node):
                yield from walk(value, jp.join(here, index))

    yield from walk(params, "/params")


def _labels_outside_enum(
    pack: RulePack, rule: Any, surveys: list[str], schemas: Schemas, where: _Where
) -> Iterator[Finding]:
    """A table's value (a band's label, `also` too) that the schema does not allow at the
    figure the rule compares it with: every correct document would be flagged. For the
    kinds whose table gives the value itself (`fix` writes it: bands, lookups); a table that
    classifies a change may give a label that stands for no value ("no arrow")."""
    params = rule.rule.params if isinstance(rule.rule.params, dict) else {}
    value, name = params.get("value"), params.get("table")
    if rule.kind.WRITES != "safe" or not isinstance(name, str):
        return
    if not isinstance(value, str) or not value.startswith("/") or "{" in value:
        return
    table = pack.spec.tables.get(name)
    if table is None:
        return
    allowed = next((a for s in surveys if (a := _enum_at(schemas, s, value)) is not None), None)
    if allowed is None:
        return  # the schema leaves the value open
    options = [o for o in allowed if isinstance(o, str)]
    for index, row in enumerate(table.rows):
        for label in (row.value, *(row.also or ())):
            if any(_same(label, option) for option in allowed):
                continue
            near = difflib.get_close_matches(str(label), options, n=1, cutoff=0.6)
            meant = f" (did you mean {near[0]!r}?)" if near else ""
            message = (
                f"table {name!r} gives {label!r}{meant}, which the schema does not allow at "
                f"{value}: rule {rule.id} would flag every correct document"
            )
            yield where.finding(jp.join("/tables", name, "rows", index, "value"), message)


def _same(label: Any, option: Any) -> bool:
    """A table's label and a schema's enum value are the same (numbers by value, a
    label never equal to a boolean)."""
    if isinstance(label, bool) or isinstance(option, bool):
        return label is option
    if isinstance(label, int | Decimal | float) and isinstance(option, int | Decimal | float):
        return bool(Decimal(str(label)) == Decimal(str(option)))
    return bool(label == option)


def _enum_at(schemas: Schemas, survey: str, pointer: str) -> list[Any] | None:
    """The values the survey's schema allows at `pointer` (its `enum` or `const`, all of
    them over `anyOf`), or None when some way to it leaves the value open."""
    found: list[Any] = []
    budget = [MAX_WALK]

    def walk(node: Any, name: str, segments: list[str]) -> bool:
        """False when the value is open along this way."""
        budget[0] -= 1
        if budget[0] < 0 or not isinstance(node, dict):
            return False
        if "$ref" in node:
            target, other = schemas.resolve(node["$ref"], name)
            return walk(target, other, segments)
        if not segments:
            if "enum" in node:
                found.extend(node["enum"])
                return True
            if "const" in node:
                found.append(node["const"])
                return True
            ways: list[Any] = node.get("anyOf") or node.get("oneOf") or []
            return bool(ways) and all(walk(sub, name, segments) for sub in ways)
        first, rest = segments[0], segments[1:]
        properties = node.get("properties", {})
        if first in properties:
            return walk(properties[first], name, rest)
        if "items" in node and first.isdigit():
            return walk(node["items"], name, rest)
        through: list[Any] = node.get("anyOf") or node.get("oneOf") or node.get("allOf") or []
        return bool(through) and any(walk(sub, name, segments) for sub in through)

    try:
        closed = walk(schemas.schema(survey + SUFFIX), survey + SUFFIX, jp.split(pointer))
    except (KeyError, TypeError, IndexError, RecursionError):
        return None
    return found if closed else None


def _values_of(params: Any, key: str) -> Iterator[str]:
    """Every string given to `key` anywhere in a rule's params (`table`, `survey`)."""
    if isinstance(params, dict):
        for name, value in params.items():
            if name == key and isinstance(value, str):
                yield value
            yield from _values_of(value, key)
    elif isinstance(params, list | tuple):
        for value in params:
            yield from _values_of(value, key)


def _allowed(schemas: Schemas, surveys: list[str], pointer: str) -> bool:
    """Some survey's schema allows the pointer; a schema that cannot be walked (a `$ref` to
    nothing) allows it here, as its own problem is the schema compiler's to report."""
    try:
        return any(_allows(schemas, s, pointer) for s in surveys)
    except (KeyError, TypeError, IndexError, RecursionError):
        return True


def _allows(schemas: Schemas, survey: str, pointer: str) -> bool:
    """Some value at `pointer` (a pattern: `*`, globs, `{field}` templates) is allowed by the
    survey's schema. Generous where a schema leaves things open (no `additionalProperties:
    false`, `anyOf`): only a pointer no document could hold is refused."""
    segments = jp.split(_TEMPLATE.sub("*", pointer))
    name = survey + SUFFIX
    budget = [MAX_WALK]

    def allows(node: Any, name: str, segments: list[str]) -> bool:
        budget[0] -= 1
        if budget[0] < 0 or node is True:
            return True
        if not isinstance(node, dict):
            return False
        if not segments:
            return True
        if "$ref" in node:
            target, other = schemas.resolve(node["$ref"], name)
            if allows(target, other, segments):
                return True
        for key in ("anyOf", "allOf", "oneOf"):
            if any(allows(sub, name, segments) for sub in node.get(key, [])):
                return True
        for key in ("then", "else"):
            if key in node and allows(node[key], name, segments):
                return True
        first, rest = segments[0], segments[1:]
        types = node.get("type")
        kinds = {types} if isinstance(types, str) else set(types or [])
        properties = node.get("properties", {})
        shaped = bool(properties) or "additionalProperties" in node or "items" in node
        if kinds and not kinds & {"object", "array"}:
            return False  # a scalar holds nothing below it
        if not shaped:
            return not ({"$ref", "anyOf", "allOf", "oneOf", "then", "else"} & node.keys())
        matched = [v for k, v in properties.items() if fnmatchcase(k, first)]
        if any(allows(v, name, rest) for v in matched):
            return True
        extra = node.get("additionalProperties", True)
        unnamed = first not in properties or "*" in first  # a key no property names
        objectish = "object" in kinds or (not kinds and ("items" not in node or properties))
        if objectish and unnamed and extra is not False and allows(extra, name, rest):
            return True
        if "items" in node and (first.isdigit() or "*" in first):
            return allows(node["items"], name, rest)
        return False

    return allows(schemas.schema(name), name, segments)


class _Where:
    """file:line of a pointer in a pack."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack

    def finding(self, at: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
        return pack_finding(self.pack.path, self.pack.source_map, at, message, severity=severity)


def layout_problems(packs: list[RulePack], schemas: Schemas) -> list[Finding]:
    """What is wrong with the page layouts beside the packs that are not bundled
    (layouts/pages/*.yaml): a file that cannot be built, a layout named as a bundled one, a
    survey no schema defines, a pointer its survey's schema does not allow, a `keys` path
    to nothing. A layout that would read figures nobody checks must not load."""
    from validator.sources.pages.layout import (
        folder_layouts,
        layout_pointers,
        layout_schema_paths,
        page_layouts,
    )

    bundled = {layout.layout for layout in page_layouts()}
    surveys = set(schemas.surveys())
    found: list[Finding] = []
    for folder in schema_folders(packs):
        layouts, problems = folder_layouts(folder)
        for path, message in problems:
            found.append(pack_finding(path, SourceMap(), "", message, 1, 1))
        for path, layout in layouts:

            def say(message: str, path: Path = path, name: str = layout.layout) -> None:
                text = f"page layout {name}: {message}"
                found.append(pack_finding(path, SourceMap(), "", text, 1, 1))

            if layout.layout in bundled:
                say("a bundled layout has this name; name yours otherwise")
            if layout.survey not in surveys:
                say(f"survey {layout.survey!r} has no schema beside the pack")
                continue
            for pointer in layout_pointers(layout):
                if not _allowed(schemas, [layout.survey], pointer):
                    say(f"{pointer} is not a field of the {layout.survey} schema")
            schema = schemas.schema(layout.survey + SUFFIX)
            for at in layout_schema_paths(layout):
                if not isinstance(jp.resolve(schema, at), dict):
                    say(f"keys {at} names no properties in the {layout.survey} schema")
    return found
