"""Check a document against its survey's schema, `<survey>.schema.json`: findings
`schema/<keyword>`.

The bundled schemas live in `schemas/`; a rule-pack folder may carry the schemas of its own
surveys beside its packs (`Schemas(folders)`), so another index is checked without touching
the installed package. A `$ref` names a schema file of the same registry (a user's schema
may refer to the bundled `common.schema.json`).

Schemas are compiled once per file by `schema_compiler`; a schema that uses a keyword the
compiler does not implement is refused (`Unsupported`: each document of that survey is then a
`core/internal-error` finding that names the keyword).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from validator import pointer as jp
from validator.document import NO_ROLES, ROLES, Roles
from validator.locations import data_dir
from validator.schema_compiler import (
    Check,
    ColumnValid,
    Refused,
    SchemaError,
    Unsupported,
    Valid,
    compile_columns,
    compile_node,
    find_anchor,
)

SUFFIX = ".schema.json"
NOT_SURVEYS = ("common" + SUFFIX, "rule-pack" + SUFFIX)  # bundled schemas of no survey
MAX_SCHEMA_BYTES = 1024 * 1024  # as for a rule pack: a schema from a pull request is data


def schema_dir() -> Path:
    return data_dir("schemas")


class SchemaRefused(Exception):
    """A schema file beside a pack that a run will not read: the name of another one (two
    schemas for one survey), a link out of its folder, not a regular file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class Schemas:
    """The schema files a run knows, by file name: the bundled ones, then those beside
    the rule packs given (a name may not be given twice)."""

    def __init__(self, folders: Iterable[Path] = ()) -> None:
        self.paths: dict[str, Path] = {p.name: p for p in sorted(schema_dir().glob("*" + SUFFIX))}
        bundled = set(self.paths)
        for folder in dict.fromkeys(folders):
            for path in sorted(folder.glob("*" + SUFFIX)):
                if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                    # a pack from a pull request may not make the run read /etc/passwd
                    message = "a symbolic link that leads outside the rule-pack folder: not read"
                    raise SchemaRefused(path, message)
                if not path.is_file():  # a FIFO would block the run
                    raise SchemaRefused(path, "not a regular file: not read")
                if path.name in self.paths and self.paths[path.name] != path:
                    where = (
                        "a bundled schema" if path.name in bundled else str(self.paths[path.name])
                    )
                    raise SchemaRefused(
                        path, f"{path.name} is also {where}; name the survey differently"
                    )
                self.paths[path.name] = path
        self._key = hash(tuple(sorted(self.paths.items())))  # asked for on every document
        self._roles: dict[str, Roles] = {}

    def surveys(self) -> list[str]:
        """Every survey with a document schema (the rule-pack and common schemas are not)."""
        return sorted(n[: -len(SUFFIX)] for n in self.paths if n not in NOT_SURVEYS)

    def schema(self, name: str) -> dict[str, Any]:
        return _load(self.paths[name])

    def resolve(self, ref: str, base: str) -> tuple[dict[str, Any], str]:
        document, _, fragment = ref.partition("#")
        name = document or base
        if name not in self.paths:  # another host, or a file that is not there: never fetched
            raise Unsupported(
                f"$ref {ref}: only schemas beside the packs are read ({name} is not one)"
            )
        target: Any = self.schema(name)
        if fragment and not fragment.startswith("/"):  # "#name": a subschema's $anchor
            found = find_anchor(target, fragment)
            if found is None:
                raise Unsupported(f"$ref {ref}: no $anchor {fragment!r} in {name}")
            return found, name
        for segment in jp.split(fragment):
            target = target[segment]
        return target, name

    def allowed_values(self, survey: str, field: str) -> list[Any]:
        """The values a survey's schema allows for a top-level field (its `enum`, in the
        schema's order; empty when the field has none): the order of an audit's status chart."""
        name = survey + SUFFIX
        node: Any = self.schema(name).get("properties", {}).get(field, {})
        while isinstance(node, dict) and "$ref" in node and "enum" not in node:
            node, name = self.resolve(node["$ref"], name)
        return list(node.get("enum", [])) if isinstance(node, dict) else []

    def roles(self, survey: str | None) -> Roles:
        """What the survey's fields are besides figures, as its schema marks them with
        `x-role` (on the field or on what its `$ref` names); none for an unknown survey."""
        found = self._roles.get(survey or "")
        if found is None:
            name = f"{survey}{SUFFIX}"
            if survey is None or name not in self.paths or name in NOT_SURVEYS:
                return NO_ROLES  # not kept: a corpus may name any number of unknown surveys
            found = self._roles[survey] = _roles(self, name)
        return found

    def validator_for(self, survey: str) -> tuple[Valid, Check]:
        """A yes/no check for the common clean case, and the error generator for the rest."""
        return _compiled(self, survey + SUFFIX)

    def valid_many(self, survey: str, datas: list[Any]) -> list[bool]:
        """Whether the survey's schema holds for each document of one shape (the same keys,
        nested, in the same places), decided column by column where it can be."""
        return _columns(self, survey + SUFFIX)(datas)

    def check(self, survey: str, data: Any) -> list[SchemaError]:
        is_valid, errors = self.validator_for(survey)
        return [] if is_valid(data) else list(errors(data, ""))

    def __hash__(self) -> int:
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schemas) and self.paths == other.paths


@cache
def _load(path: Path) -> dict[str, Any]:
    from validator.sources.text import UnreadableText, read_text  # no FIFO, no device

    try:
        text = read_text(path, MAX_SCHEMA_BYTES)
    except UnreadableText as error:
        if error.problem.rule == "file-too-large":
            raise Unsupported(f"{path.name} is larger than 1 MB") from None
        raise Unsupported(f"{path.name}: {error.problem.message}") from None
    data: Any = json.loads(text)
    if not isinstance(data, dict):
        raise Unsupported(f"{path.name} does not hold a JSON object")
    return data


@cache
def _roles(schemas: Schemas, name: str) -> Roles:
    found: dict[str, list[str]] = {role: [] for role in ROLES}
    seen: set[tuple[int, str]] = set()

    def walk(node: Any, base: str, at: str) -> None:
        if not isinstance(node, dict) or (id(node), at) in seen or at.count("/") > 32:
            return
        seen.add((id(node), at))
        role = node.get("x-role")
        if isinstance(role, str) and role in found:
            found[role].append(at)
        if isinstance(node.get("$ref"), str):
            target, target_base = schemas.resolve(node["$ref"], base)
            walk(target, target_base, at)
        for name, child in (node.get("properties") or {}).items():
            walk(child, base, jp.join(at, name))
        for key in ("items", "additionalProperties"):
            walk(node.get(key), base, at + "/*")
        for key in ("allOf", "anyOf"):
            for child in node.get(key) or ():
                walk(child, base, at)
        for key in ("if", "then", "else"):
            walk(node.get(key), base, at)

    walk(schemas.schema(name), name, "")
    return Roles(
        tuple(dict.fromkeys(found["provenance"])),
        tuple(dict.fromkeys(found["prose"])),
        tuple(dict.fromkeys(found["convention"])),
    )


@cache
def _compiled(schemas: Schemas, name: str) -> tuple[Valid, Check]:
    schema = schemas.schema(name)
    try:
        node = compile_node(schema, name, schemas.resolve)
    except Refused as error:
        raise Refused(f"{name} cannot be used: {error}") from None
    except Unsupported as error:
        message = f"{name} uses a keyword the validator does not implement: {error}"
        raise Unsupported(message) from None
    return node.valid, node.errors


@cache
def _columns(schemas: Schemas, name: str) -> ColumnValid:
    _compiled(schemas, name)  # refused as the document check would refuse it
    return compile_columns(schemas.schema(name), name, schemas.resolve)


@cache
def bundled() -> Schemas:
    return Schemas()


def surveys() -> list[str]:
    """The bundled surveys."""
    return bundled().surveys()


def allowed_values(survey: str, field: str) -> list[Any]:
    return bundled().allowed_values(survey, field)


def check_schema(survey: str, data: Any) -> list[SchemaError]:
    return bundled().check(survey, data)


def validator_for(survey: str) -> tuple[Valid, Check]:
    return bundled().validator_for(survey)


def role_problems(schema: Any) -> list[str]:
    """`x-role` values a schema gives that are none of ROLES (a number, a list, a misspelt
    word): each would leave a field counted as a figure, or crash a reader of roles."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(node: Any, at: str) -> None:
        if isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{at}/{index}")
        if not isinstance(node, dict) or id(node) in seen:
            return
        seen.add(id(node))
        if "x-role" in node and node["x-role"] not in ROLES:
            found.append(
                f"x-role at {at or '/'} is {node['x-role']!r}: it must be one of {', '.join(ROLES)}"
            )
        for key, child in node.items():
            walk(child, f"{at}/{key}")

    walk(schema, "")
    return found
