"""A fast validator for the subset of JSON Schema 2020-12 that our schemas use.

The `jsonschema` library stays the reference and the authoring tool (the tests validate
every schema with it and compare its verdicts with this module's on generated documents),
but it checks about 1,200 documents a second and takes ~90 ms to import; a hook run on one
file and an audit of thousands of files need neither cost. `compile_schema` turns a schema
into nested closures once; a schema using a keyword outside `SUPPORTED` raises
`Unsupported`: it is refused, never checked some other way (a second validator with other
pointers and other messages would make the same document's findings depend on the schema).

Errors are `(keyword, pointer, message)`; for `required` and `additionalProperties` the
pointer names the property concerned rather than the object holding it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from validator import pointer as jp
from validator.arithmetic import shorten

SchemaError = tuple[str, str, str]
Check = Callable[[Any, str], Iterator[SchemaError]]
Resolver = Callable[[str, str], tuple[dict[str, Any], str]]  # (ref, base id) -> (schema, its id)

ANNOTATIONS = {
    "$schema",
    "$id",
    "$defs",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
}
SUPPORTED = ANNOTATIONS | {
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "pattern",
    "minLength",
    "maxLength",
    "anyOf",
    "allOf",
    "uniqueItems",
    "if",
    "then",
    "else",
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_type(value: Any, name: str) -> bool:
    # Same answers as jsonschema's default type checker for what our loaders produce.
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int)
    if name == "number":
        return isinstance(value, int | Decimal | float)
    return False


def _number(value: Any) -> bool:
    return _is_type(value, "number")


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return shorten(format(value, "f"))
    if isinstance(value, str):
        return repr(shorten(value))
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


_PLAIN_DECIMAL = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")


def _type_hint(value: Any, names: list[str]) -> str:
    """A number written in quotes says so (a spreadsheet export often does it). Only plain
    decimals: `1e5` or `.nan` are text in YAML 1.1 without any quotes."""
    quoted = isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value) is not None
    if quoted and {"number", "integer"} & set(names):
        return " (a number in quotes: write it without them)"
    return ""


def _enum_hint(value: Any, options: list[Any]) -> str:
    """The option that differs only in case or spacing, if one does."""
    if not isinstance(value, str):
        return ""
    folded = " ".join(value.split()).casefold()
    close = [o for o in options if isinstance(o, str) and " ".join(o.split()).casefold() == folded]
    return f" (did you mean {close[0]!r}? the spelling must match exactly)" if close else ""


def compile_schema(schema: dict[str, Any], base: str, resolve: Resolver) -> Check:
    """Closures that yield every error of an instance, as `jsonschema.iter_errors` would."""
    cache: dict[tuple[str, int], Check] = {}
    return _compile(schema, base, resolve, cache)


def _compile(
    schema: Any, base: str, resolve: Resolver, cache: dict[tuple[str, int], Check]
) -> Check:
    if schema is True:
        return lambda value, at: iter(())
    if schema is False:
        return lambda value, at: iter([("false", at, "no value is allowed here")])
    if not isinstance(schema, dict):
        raise Unsupported(f"schema {schema!r}")
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    key = (base, id(schema))
    if key in cache:
        return cache[key]
    checks: list[Check] = []

    def combined(value: Any, at: str) -> Iterator[SchemaError]:
        for check in checks:
            yield from check(value, at)

    cache[key] = combined  # before compiling children: recursive $refs reuse it
    base = schema.get("$id", base)
    for keyword, argument in schema.items():
        if keyword not in ANNOTATIONS:
            checks.append(_keyword(keyword, argument, schema, base, resolve, cache))
    return combined


def _keyword(
    keyword: str,
    arg: Any,
    schema: dict[str, Any],
    base: str,
    resolve: Resolver,
    cache: dict[tuple[str, int], Check],
) -> Check:
    def sub(node: Any, node_base: str = base) -> Check:
        return _compile(node, node_base, resolve, cache)

    if keyword == "$ref":
        target, target_base = resolve(arg, base)
        holder: list[Check] = []

        def ref(value: Any, at: str) -> Iterator[SchemaError]:
            if not holder:
                holder.append(sub(target, target_base))
            yield from holder[0](value, at)

        return ref
    if keyword == "type":
        names = [arg] if isinstance(arg, str) else list(arg)

        def type_(value: Any, at: str) -> Iterator[SchemaError]:
            if not any(_is_type(value, n) for n in names):
                message = f"{_show(value)} is not of type {' or '.join(names)}"
                yield ("type", at, message + _type_hint(value, names))

        return type_
    if keyword == "properties":
        props = {name: sub(node) for name, node in arg.items()}

        def properties(value: Any, at: str) -> Iterator[SchemaError]:
            if isinstance(value, dict):
                for name, check in props.items():
                    if name in value:
                        yield from check(value[name], jp.join(at, name))

        return properties
    if keyword == "required":

        def required(value: Any, at: str) -> Iterator[SchemaError]:
            if isinstance(value, dict):
                for name in arg:
                    if name not in value:
                        yield ("required", jp.join(at, name), f"{name!r} is a required property")

        return required
    if keyword == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = sub(arg) if arg is not False else None

        def additional(value: Any, at: str) -> Iterator[SchemaError]:
            if not isinstance(value, dict):
                return
            for name in value:
                if name in known:
                    continue
                if extra is None:
                    yield (
                        "additionalProperties",
                        jp.join(at, name),
                        f"{name!r} is not an allowed property here",
                    )
                else:
                    yield from extra(value[name], jp.join(at, name))

        return additional
    if keyword == "items":
        item = sub(arg)

        def items(value: Any, at: str) -> Iterator[SchemaError]:
            if isinstance(value, list):
                for index, element in enumerate(value):
                    yield from item(element, jp.join(at, index))

        return items
    if keyword in ("minItems", "maxItems", "minLength", "maxLength"):
        kind = list if keyword.endswith("Items") else str
        low = keyword.startswith("min")

        def size(value: Any, at: str) -> Iterator[SchemaError]:
            if isinstance(value, kind) and (len(value) < arg if low else len(value) > arg):
                yield (keyword, at, f"{_show(value)} is {'too short' if low else 'too long'}")

        return size
    if keyword == "uniqueItems":

        def unique(value: Any, at: str) -> Iterator[SchemaError]:
            if arg and isinstance(value, list):
                seen: list[Any] = []
                for element in value:
                    if element in seen:
                        yield ("uniqueItems", at, f"{_show(element)} is given more than once")
                        return
                    seen.append(element)

        return unique
    if keyword == "enum":

        def enum(value: Any, at: str) -> Iterator[SchemaError]:
            if not any(_equal(value, option) for option in arg):
                options = ", ".join(_show(o) for o in arg)
                yield (
                    "enum",
                    at,
                    f"{_show(value)} is not one of {options}{_enum_hint(value, arg)}",
                )

        return enum
    if keyword == "const":

        def const(value: Any, at: str) -> Iterator[SchemaError]:
            if not _equal(value, arg):
                yield ("const", at, f"{_show(arg)} was expected, not {_show(value)}")

        return const
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = Decimal(str(arg))
        fails: Callable[[Any], bool] = {
            "minimum": lambda v: v < bound,
            "maximum": lambda v: v > bound,
            "exclusiveMinimum": lambda v: v <= bound,
            "exclusiveMaximum": lambda v: v >= bound,
        }[keyword]

        def limit(value: Any, at: str) -> Iterator[SchemaError]:
            if _number(value) and fails(value):
                yield (keyword, at, f"{_show(value)} is outside the {keyword} {_show(bound)}")

        return limit
    if keyword == "pattern":
        regex = re.compile(arg)

        def pattern(value: Any, at: str) -> Iterator[SchemaError]:
            if isinstance(value, str) and not regex.search(value):
                yield ("pattern", at, f"{_show(value)} does not match {arg!r}")

        return pattern
    if keyword in ("then", "else"):  # evaluated by "if"
        return lambda value, at: iter(())
    if keyword == "if":
        condition = sub(arg)
        then = sub(schema.get("then", True))
        otherwise = sub(schema.get("else", True))

        def if_(value: Any, at: str) -> Iterator[SchemaError]:
            holds = next(condition(value, at), None) is None
            yield from (then if holds else otherwise)(value, at)

        return if_
    if keyword == "allOf":
        parts = [sub(node) for node in arg]

        def all_of(value: Any, at: str) -> Iterator[SchemaError]:
            for part in parts:
                yield from part(value, at)

        return all_of
    if keyword == "anyOf":
        options = [sub(node) for node in arg]
        said = schema.get("description")  # what the forms are, in words, when the schema says
        why = f": {said}" if isinstance(said, str) else ""

        def any_of(value: Any, at: str) -> Iterator[SchemaError]:
            if not any(next(option(value, at), None) is None for option in options):
                yield ("anyOf", at, f"{_show(value)} is not any of the allowed forms{why}")

        return any_of
    raise Unsupported(keyword)  # pragma: no cover - SUPPORTED and this function agree


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b) and (_number(a) == _number(b))


Valid = Callable[[Any], bool]


def compile_validity(schema: dict[str, Any], base: str, resolve: Resolver) -> Valid:
    """A yes/no validator for the same subset: clean documents (the common case) pay only for
    this; the error generator above runs only when the answer is no."""
    cache: dict[tuple[str, int], Valid] = {}
    return _valid(schema, base, resolve, cache)


def _valid(schema: Any, base: str, resolve: Resolver, cache: dict[tuple[str, int], Valid]) -> Valid:
    if schema is True:
        return lambda value: True
    if schema is False:
        return lambda value: False
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    key = (base, id(schema))
    if key in cache:
        return cache[key]
    tests: list[Valid] = []

    def combined(value: Any) -> bool:
        return all(test(value) for test in tests)

    cache[key] = combined
    base = schema.get("$id", base)
    for keyword, arg in schema.items():
        if keyword in ANNOTATIONS or keyword in ("then", "else"):
            continue
        tests.append(_valid_keyword(keyword, arg, schema, base, resolve, cache))
    if len(tests) == 1:
        only = tests[0]
        cache[key] = only
        return only
    return combined


def _valid_keyword(
    keyword: str,
    arg: Any,
    schema: dict[str, Any],
    base: str,
    resolve: Resolver,
    cache: dict[tuple[str, int], Valid],
) -> Valid:
    def sub(node: Any, node_base: str = base) -> Valid:
        return _valid(node, node_base, resolve, cache)

    if keyword == "$ref":
        target, target_base = resolve(arg, base)
        holder: list[Valid] = []

        def ref(value: Any) -> bool:
            if not holder:
                holder.append(sub(target, target_base))
            return holder[0](value)

        return ref
    if keyword == "properties":
        props = [(name, sub(node)) for name, node in arg.items()]

        def properties(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            return all(test(value[name]) for name, test in props if name in value)

        return properties
    if keyword == "required":
        names = list(arg)
        return lambda value: not isinstance(value, dict) or all(n in value for n in names)
    if keyword == "additionalProperties":
        known = set(schema.get("properties", {}))
        if arg is False:
            return lambda value: not isinstance(value, dict) or known.issuperset(value)
        extra = sub(arg)
        return lambda value: (
            not isinstance(value, dict) or all(extra(v) for k, v in value.items() if k not in known)
        )
    if keyword == "items":
        item = sub(arg)
        return lambda value: not isinstance(value, list) or all(item(v) for v in value)
    if keyword == "if":
        condition, then = sub(arg), sub(schema.get("then", True))
        otherwise = sub(schema.get("else", True))
        return lambda value: then(value) if condition(value) else otherwise(value)
    if keyword == "allOf":
        parts = [sub(node) for node in arg]
        return lambda value: all(part(value) for part in parts)
    if keyword == "anyOf":
        options = [sub(node) for node in arg]
        return lambda value: any(option(value) for option in options)
    if keyword == "type":
        names = [arg] if isinstance(arg, str) else list(arg)
        if len(names) == 1:
            name = names[0]
            return lambda value: _is_type(value, name)
        return lambda value: any(_is_type(value, n) for n in names)
    if keyword == "enum":
        options = list(arg)
        return lambda value: any(_equal(value, option) for option in options)
    if keyword == "const":
        return lambda value: _equal(value, arg)
    # the remaining keywords are rare here: reuse their error generator
    errors = _keyword(keyword, arg, schema, base, resolve, {})
    return lambda value: next(errors(value, ""), None) is None
