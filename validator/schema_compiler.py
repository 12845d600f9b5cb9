"""A fast validator for the subset of JSON Schema 2020-12 that our schemas use.

The `jsonschema` library stays the reference and the authoring tool (the tests validate
every schema with it and compare its verdicts with this module's on generated documents),
but it checks about 1,200 documents a second and takes ~90 ms to import; a hook run on one
file and an audit of thousands of files need neither cost. `compile_schema` turns a schema
into nested closures once; a schema using a keyword outside `SUPPORTED` raises
`Unsupported`: it is refused, never checked some other way (a second validator with other
pointers and other messages would make the same document's findings depend on the schema).

Each schema node compiles once into a `Node` of two closures: `valid` (yes/no: a clean
document, the common case, pays only for it) and `errors` (every error, run only when the
answer is no). Each keyword is defined once, in `_keyword`, for both: a test and its message
for a keyword about the value itself, the children it applies subschemas to for one about
its parts, so the two closures cannot disagree on what a keyword means.

Errors are `(keyword, pointer, message)`; for `required` and `additionalProperties` the
pointer names the property concerned rather than the object holding it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from validator import pointer as jp
from validator.arithmetic import each_distinct, shorten

SchemaError = tuple[str, str, str]
Check = Callable[[Any, str], Iterator[SchemaError]]
Valid = Callable[[Any], bool]
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
    "format",  # an annotation in 2020-12 unless a format vocabulary asserts it: none here
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "$anchor",  # a name a `$ref` "#name" finds (the resolver's)
    "x-role",  # what a field is, besides a figure (schema_check.Schemas.roles)
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
    "multipleOf",
    "oneOf",
    "not",
    "patternProperties",
    "propertyNames",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
}
# refused by name: they need the evaluation of every other keyword, or a dynamic scope
REFUSED = {
    "$dynamicRef": "dynamic references are not supported: name the schema with $ref",
    "$dynamicAnchor": "dynamic anchors are not supported: name the schema with $anchor",
    "$recursiveRef": "recursive references (draft 2019-09) are not supported: use $ref",
    "$recursiveAnchor": "recursive anchors (draft 2019-09) are not supported",
    "unevaluatedProperties": "unevaluatedProperties is not supported: close the object "
    "with additionalProperties: false",
    "unevaluatedItems": "unevaluatedItems is not supported: use items",
    "$vocabulary": "custom vocabularies are not supported",
    "dependencies": "dependencies (draft 7) is not supported: use dependentRequired or "
    "dependentSchemas",
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


class Refused(Unsupported):
    """The schema gives a keyword a value no document could be checked with (a bound that is
    no number, a `$ref` loop): refused when it is compiled, never at run time."""


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


# Types that are of a JSON type whatever else holds (bool is an int, but never an integer).
_EXACT: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, Decimal),
    "boolean": (bool,),
}


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
    """The option that differs only in case or spacing, or else the closest spelling."""
    if not isinstance(value, str):
        return ""
    folded = " ".join(value.split()).casefold()
    close = [o for o in options if isinstance(o, str) and " ".join(o.split()).casefold() == folded]
    if close:
        return f" (did you mean {close[0]!r}? the spelling must match exactly)"
    # a value of the data: only a slip of the keys (Satisfactroy: two letters swapped, one
    # left out or doubled), never another word that looks alike (an autocracy is no democracy)
    slips = [o for o in options if isinstance(o, str) and _slip(value, o)]
    return f"; did you mean {slips[0]!r}?" if len(slips) == 1 else ""


def _slip(typed: str, meant: str) -> bool:
    """`typed` is `meant` with one slip of the keys: a letter changed, added, left out, or
    two neighbours swapped (a distance of one, transpositions counted once)."""
    if abs(len(typed) - len(meant)) > 1 or typed == meant or len(meant) < 4 or len(typed) > 200:
        return False
    before = list(range(len(meant) + 1))
    previous: list[int] = []
    for i, a in enumerate(typed, 1):
        row = [i] + [0] * len(meant)
        for j, b in enumerate(meant, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (a != b))
            if i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b:
                row[j] = min(row[j], previous[j - 2] + 1)
        previous, before = before, row
    return before[-1] == 1


def closest(name: Any, options: list[str], cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` for a misspelt name among `options`."""
    if not isinstance(name, str) or not options or len(name) > 200:
        return ""
    near = difflib.get_close_matches(name, options, n=1, cutoff=cutoff)
    return f"; did you mean {near[0]!r}?" if near else ""


class Node(NamedTuple):
    """A compiled schema node: the yes/no test and the error generator, of one definition."""

    valid: Valid
    errors: Check


Cache = dict[tuple[str, int], Node]
# a keyword about the value's parts: the (part, its pointer segment or None for the value
# itself, the node that applies to it) of a value
Children = Callable[[Any], Iterator[tuple[Any, str | int | None, Node]]]


def _none(value: Any, at: str) -> Iterator[SchemaError]:
    return iter(())


_ANY = Node(lambda value: True, _none)
_NOTHING = Node(
    lambda value: False, lambda value, at: iter([("false", at, "no value is allowed here")])
)


def compile_schema(schema: dict[str, Any], base: str, resolve: Resolver) -> Check:
    """Closures that yield every error of an instance, as `jsonschema.iter_errors` would."""
    return _node(schema, base, resolve, {}).errors


def compile_node(schema: dict[str, Any], base: str, resolve: Resolver) -> Node:
    """Both closures, compiled once. A schema that would validate one value forever (a
    `$ref` loop that reaches no part of the value) is refused here, not at run time."""
    try:
        _refuse_loops(schema, base, resolve)
    except RecursionError:
        raise Refused("the schema is nested too deeply to be checked") from None
    return _node(schema, base, resolve, {})


def _refuse_loops(root: Any, root_base: str, resolve: Resolver) -> None:
    """A cycle of keywords that apply to the same value ($ref, allOf, anyOf, if, then,
    else): validating it would never end. Keywords that apply to a part of the value
    (properties, items) start afresh, as a recursive schema of a tree is fine."""
    done: set[tuple[str, int]] = set()

    def explore(node: Any, base: str, path: set[tuple[str, int]]) -> None:
        if not isinstance(node, dict):
            return
        key = (base, id(node))
        if key in path:
            raise Refused(
                f"a $ref loop in {base}: it leads back to itself without reaching any part "
                "of the value, so a document could never be checked"
            )
        if key in done:
            return
        path.add(key)
        here = node.get("$id", base) if isinstance(node.get("$id"), str) else base
        if isinstance(node.get("$ref"), str):
            target, target_base = resolve(node["$ref"], here)
            explore(target, target_base, path)
        for name in ("allOf", "anyOf", "oneOf"):
            members = node.get(name)
            for member in members if isinstance(members, list) else ():
                explore(member, here, path)
        for name in ("if", "then", "else", "not"):
            explore(node.get(name), here, path)
        dependents = node.get("dependentSchemas")
        for member in dependents.values() if isinstance(dependents, dict) else ():
            explore(member, here, path)
        path.discard(key)
        done.add(key)
        properties = node.get("properties")
        for child in properties.values() if isinstance(properties, dict) else ():
            explore(child, here, set())
        for name in ("items", "additionalProperties", "contains", "propertyNames"):
            explore(node.get(name), here, set())
        for name in ("prefixItems",):
            members = node.get(name)
            for member in members if isinstance(members, list) else ():
                explore(member, here, set())
        patterned = node.get("patternProperties")
        for member in patterned.values() if isinstance(patterned, dict) else ():
            explore(member, here, set())

    explore(root, root_base, set())


def _node(schema: Any, base: str, resolve: Resolver, cache: Cache) -> Node:
    if schema is True:
        return _ANY
    if schema is False:
        return _NOTHING
    if not isinstance(schema, dict):
        raise Unsupported(f"schema {schema!r}")
    unknown = set(schema) - SUPPORTED
    if unknown:
        said = [f"{k} ({REFUSED[k]})" if k in REFUSED else k for k in sorted(unknown)]
        raise Unsupported(", ".join(said))
    key = (base, id(schema))
    if key in cache:
        return cache[key]
    tests: list[Valid] = []
    checks: list[Check] = []

    def valid(value: Any) -> bool:
        return all(test(value) for test in tests)

    def errors(value: Any, at: str) -> Iterator[SchemaError]:
        for check in checks:
            yield from check(value, at)

    cache[key] = Node(valid, errors)  # before compiling children: recursive $refs reuse it
    base = schema.get("$id", base)
    for keyword, argument in schema.items():
        # "if" reads "then" and "else"; "contains" its bounds; "items" after "prefixItems"
        if keyword not in ANNOTATIONS and keyword not in _READ_BY_OTHERS:
            test, check = _keyword(keyword, argument, schema, base, resolve, cache)
            tests.append(test)
            checks.append(check)
    if len(tests) == 1:  # the common leaf: no loop around one test
        cache[key] = Node(tests[0], errors)
    return cache[key]


_READ_BY_OTHERS = frozenset({"then", "else", "minContains", "maxContains"})


def _test(keyword: str, test: Valid, message: Callable[[Any], str]) -> Node:
    """A keyword about the value itself: one test; the error says it with `message`."""

    def errors(value: Any, at: str) -> Iterator[SchemaError]:
        if not test(value):
            yield (keyword, at, message(value))

    return Node(test, errors)


def _parts(children: Children) -> Node:
    """A keyword about the value's parts: each child must be valid under its node."""

    def valid(value: Any) -> bool:
        return all(node.valid(part) for part, _, node in children(value))

    def errors(value: Any, at: str) -> Iterator[SchemaError]:
        for part, segment, node in children(value):
            yield from node.errors(part, at if segment is None else jp.join(at, segment))

    return Node(valid, errors)


def _names(
    keyword: str, wrong: Callable[[Any], list[str]], message: str, known: Iterable[str] = ()
) -> Node:
    """A keyword about an object's property names (`required`, no additional properties):
    an error at each name `wrong` gives (with the `known` name it may have meant)."""
    names = sorted(known)

    def valid(value: Any) -> bool:
        return not wrong(value)

    def errors(value: Any, at: str) -> Iterator[SchemaError]:
        for name in wrong(value):
            said = message.format(name=repr(name))
            yield (keyword, jp.join(at, name), said + closest(name, names))

    return Node(valid, errors)


def _keyword(
    keyword: str,
    arg: Any,
    schema: dict[str, Any],
    base: str,
    resolve: Resolver,
    cache: Cache,
) -> Node:
    def sub(node: Any, node_base: str = base) -> Node:
        return _node(node, node_base, resolve, cache)

    if keyword == "$ref":
        target, target_base = resolve(arg, base)
        tests: list[Valid] = []
        checks: list[Check] = []

        def resolved() -> None:  # on first use: a $ref may lead back to its own schema
            node = sub(target, target_base)
            tests.append(node.valid)
            checks.append(node.errors)

        def ref_valid(value: Any) -> bool:
            if not tests:
                resolved()
            return tests[0](value)

        def ref_errors(value: Any, at: str) -> Iterator[SchemaError]:
            if not checks:
                resolved()
            return checks[0](value, at)

        return Node(ref_valid, ref_errors)
    if keyword == "type":
        names = [arg] if isinstance(arg, str) else list(arg)
        if len(names) == 1:
            name, exact = names[0], _EXACT.get(names[0], ())
            # the types a loader gives, by identity first (the common case); then the rule
            is_type: Valid = lambda value: type(value) in exact or _is_type(value, name)  # noqa: E731
        else:
            is_type = lambda value: any(_is_type(value, n) for n in names)  # noqa: E731
        return _test(
            "type",
            is_type,
            lambda v: f"{_show(v)} is not of type {' or '.join(names)}{_type_hint(v, names)}",
        )
    if keyword == "properties":
        props = [(name, sub(node)) for name, node in arg.items()]

        def properties(value: Any) -> Iterator[tuple[Any, str, Node]]:
            if type(value) is dict:  # what a loader gives for an object (isinstance costs)
                return ((value[name], name, node) for name, node in props if name in value)
            if isinstance(value, dict):
                return ((value[name], name, node) for name, node in props if name in value)
            return iter(())

        return _parts(properties)
    if keyword == "required":
        names = list(arg)

        def missing(value: Any) -> list[str]:
            if not isinstance(value, dict):
                return []
            return [name for name in names if name not in value]

        return _names("required", missing, "{name} is a required property")
    if keyword == "additionalProperties":
        known = set(schema.get("properties", {}))
        patterns = [_linear_pattern(p) for p in schema.get("patternProperties", {})]

        def named(name: str) -> bool:
            return name in known or any(p.search(name) is not None for p in patterns)

        if arg is False:

            def extra_names(value: Any) -> list[str]:
                if not isinstance(value, dict) or known.issuperset(value):
                    return []
                return [name for name in value if not named(name)]

            return _names(
                "additionalProperties",
                extra_names,
                "{name} is not an allowed property here",
                known,
            )
        extra = sub(arg)

        def extras(value: Any) -> Iterator[tuple[Any, str, Node]]:
            if isinstance(value, dict):
                return ((v, k, extra) for k, v in value.items() if not named(k))
            return iter(())

        return _parts(extras)
    if keyword == "items":
        item = sub(arg)
        skip = len(schema.get("prefixItems", ()))  # those are prefixItems' to check

        def elements(value: Any) -> Iterator[tuple[Any, int, Node]]:
            if isinstance(value, list):
                return (
                    (element, index, item) for index, element in enumerate(value) if index >= skip
                )
            return iter(())

        return _parts(elements)
    if keyword == "prefixItems":
        firsts = [sub(node) for node in arg]

        def leading(value: Any) -> Iterator[tuple[Any, int, Node]]:
            if isinstance(value, list):
                pairs = zip(value, firsts, strict=False)  # elements past the prefix: items'
                return ((e, i, node) for i, (e, node) in enumerate(pairs))
            return iter(())

        return _parts(leading)
    if keyword == "contains":
        return _contains(sub(arg), schema)
    if keyword == "oneOf":
        choices = [sub(node) for node in arg]
        return _test(
            "oneOf",
            lambda v: sum(1 for choice in choices if choice.valid(v)) == 1,
            lambda v: (
                f"{_show(v)} is {'more than one' if any(c.valid(v) for c in choices) else 'none'}"
                " of the allowed forms (exactly one must fit)"
            ),
        )
    if keyword == "not":
        refused = sub(arg)
        return _test(
            "not", lambda v: not refused.valid(v), lambda v: f"{_show(v)} is a form not allowed"
        )
    if keyword == "patternProperties":
        matched = [(_linear_pattern(p), sub(node)) for p, node in arg.items()]

        def by_pattern(value: Any) -> Iterator[tuple[Any, str, Node]]:
            if isinstance(value, dict):
                return (
                    (v, k, node)
                    for k, v in value.items()
                    for regex, node in matched
                    if isinstance(k, str) and regex.search(k) is not None
                )
            return iter(())

        return _parts(by_pattern)
    if keyword == "propertyNames":
        names_node = sub(arg)

        def bad_names(value: Any) -> list[str]:
            if not isinstance(value, dict):
                return []
            return [name for name in value if not names_node.valid(name)]

        return _names("propertyNames", bad_names, "property name {name} is not allowed here")
    if keyword == "dependentRequired":
        needs = {name: list(others) for name, others in arg.items()}

        def unmet(value: Any) -> list[str]:
            if not isinstance(value, dict):
                return []
            return [
                other
                for name, others in needs.items()
                if name in value
                for other in others
                if other not in value
            ]

        return _names("dependentRequired", unmet, "{name} is required with the fields given")
    if keyword == "dependentSchemas":
        when = [(name, sub(node)) for name, node in arg.items()]
        return _parts(
            lambda value: (
                (value, None, node)
                for name, node in when
                if isinstance(value, dict) and name in value
            )
        )
    if keyword in ("minProperties", "maxProperties"):
        whole = _whole(arg)
        if isinstance(arg, bool) or not whole or arg < 0:
            raise Refused(f"{keyword} must be a whole number of 0 or more, not {arg!r}")
        arg = int(arg)
        low = keyword == "minProperties"
        return _test(
            keyword,
            lambda v: not isinstance(v, dict) or (len(v) >= arg if low else len(v) <= arg),
            lambda v: f"{_show(v)} has too {'few' if low else 'many'} properties",
        )
    if keyword == "multipleOf":
        if isinstance(arg, bool) or not isinstance(arg, int | float | Decimal) or not arg > 0:
            raise Refused(f"multipleOf must be a number above 0, not {arg!r}")
        step = Fraction(Decimal(str(arg)))
        return _test(
            "multipleOf",
            lambda v: not _number(v) or _multiple(v, step),
            lambda v: f"{_show(v)} is not a multiple of {_show(arg)}",
        )
    if keyword == "allOf":
        nodes = [sub(node) for node in arg]
        return _parts(lambda value: ((value, None, node) for node in nodes))
    if keyword in ("minItems", "maxItems", "minLength", "maxLength"):
        whole = _whole(arg)
        if isinstance(arg, bool) or not whole or arg < 0:
            raise Refused(f"{keyword} must be a whole number of 0 or more, not {arg!r}")
        arg = int(arg)
        kind = list if keyword.endswith("Items") else str
        low = keyword.startswith("min")
        return _test(
            keyword,
            lambda v: not isinstance(v, kind) or (len(v) >= arg if low else len(v) <= arg),
            lambda v: f"{_show(v)} is {'too short' if low else 'too long'}",
        )
    if keyword == "uniqueItems":

        def repeated(value: Any) -> Any:
            """The first element given twice, or the list itself when none is (each element
            keyed once by its JSON value: true and 1 differ, 1 and 1.0 do not)."""
            seen: set[Any] = set()
            for element in value:
                key = _canonical(element)
                if key in seen:
                    return element
                seen.add(key)
            return value

        return _test(
            "uniqueItems",
            lambda v: not arg or not isinstance(v, list) or repeated(v) is v,
            lambda v: f"{_show(repeated(v))} is given more than once",
        )
    if keyword == "enum":
        options = list(arg)
        return _test(
            "enum",
            lambda v: any(_equal(v, option) for option in options),
            lambda v: (
                f"{_show(v)} is not one of {', '.join(_show(o) for o in options)}"
                f"{_enum_hint(v, options)}"
            ),
        )
    if keyword == "const":
        return _test(
            "const",
            lambda v: _equal(v, arg),
            lambda v: f"{_show(arg)} was expected, not {_show(v)}",
        )
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        # a number: "NaN", a string or a bool would make every comparison fail at run time
        if isinstance(arg, bool) or not isinstance(arg, int | float | Decimal):
            raise Refused(f"{keyword} must be a number, not {arg!r}")
        bound = Decimal(str(arg))
        if not bound.is_finite():
            raise Refused(f"{keyword} must be a finite number, not {arg!r}")
        within: Valid = {
            "minimum": lambda v: v >= bound,
            "maximum": lambda v: v <= bound,
            "exclusiveMinimum": lambda v: v > bound,
            "exclusiveMaximum": lambda v: v < bound,
        }[keyword]
        return _test(
            keyword,
            lambda v: not _number(v) or within(v),
            lambda v: f"{_show(v)} is outside the {keyword} {_show(bound)}",
        )
    if keyword == "pattern":
        regex = _linear_pattern(arg)
        return _test(
            "pattern",
            lambda v: not isinstance(v, str) or regex.search(v) is not None,
            lambda v: f"{_show(v)} does not match {arg!r}",
        )
    if keyword == "if":
        condition = sub(arg)
        then = sub(schema.get("then", True))
        otherwise = sub(schema.get("else", True))
        return Node(
            lambda value: (then if condition.valid(value) else otherwise).valid(value),
            lambda value, at: (then if condition.valid(value) else otherwise).errors(value, at),
        )
    if keyword == "anyOf":
        choices = [sub(node) for node in arg]
        said = schema.get("description")  # what the forms are, in words, when the schema says
        why = f": {said}" if isinstance(said, str) else ""
        return _test(
            "anyOf",
            lambda v: any(choice.valid(v) for choice in choices),
            lambda v: f"{_show(v)} is not any of the allowed forms{why}",
        )
    raise Unsupported(keyword)  # pragma: no cover - SUPPORTED and this function agree


def _linear_pattern(text: Any) -> Any:
    """A schema's `pattern`, matched by RE2 (the google-re2 package), whose matching time is
    linear in the text whatever the pattern: a plug-in schema comes from a repository a user
    clones, and Python's own matcher takes minutes on `(x+x+)+y` against thirty x's. Without
    RE2, or for a pattern RE2 cannot match in linear time (a back-reference, a lookaround),
    the schema is refused when it is compiled, never at run time."""
    if not isinstance(text, str):
        raise Refused(f"pattern must be a string, not {text!r}")
    try:
        import re2  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise Refused(
            "a pattern needs the google-re2 package, a matcher that runs in linear time "
            "(pip install 'report-validator[patterns]'); without it a crafted pattern could "
            "keep the run busy for minutes"
        ) from None
    options = re2.Options()
    options.log_errors = False  # said in the refusal, not on standard error
    try:
        return re2.compile(text, options)
    except re2.error as error:
        reason = error.args[0].decode() if isinstance(error.args[0], bytes) else error.args[0]
        raise Refused(
            f"pattern {text!r} cannot be matched in linear time (RE2: {reason})"
        ) from None


def _contains(node: Node, schema: dict[str, Any]) -> Node:
    """`contains`, with `minContains` (1 unless given) and `maxContains`: how many elements
    of a list fit the node."""
    bounds = {}
    for name in ("minContains", "maxContains"):
        bound = schema.get(name)
        if bound is None:
            continue
        whole = _whole(bound)
        if isinstance(bound, bool) or not whole or bound < 0:
            raise Refused(f"{name} must be a whole number of 0 or more, not {bound!r}")
        bounds[name] = int(bound)
    low, high = bounds.get("minContains", 1), bounds.get("maxContains")

    def fits(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        count = sum(1 for element in value if node.valid(element))
        return count >= low and (high is None or count <= high)

    wanted = f"at least {low}" + (f" and at most {high}" if high is not None else "")
    return _test(
        "contains", fits, lambda v: f"{_show(v)} holds not {wanted} of the elements asked for"
    )


def _whole(number: Any) -> bool:
    """A whole number as JSON writes it: 2, or 2.0 (a float or a decimal)."""
    if isinstance(number, bool):
        return False
    if isinstance(number, int):
        return True
    if isinstance(number, float | Decimal):
        return math.isfinite(number) and number == int(number)
    return False


def _multiple(value: Any, step: Fraction) -> bool:
    """An exact test: 0.3 is a multiple of 0.1 (no binary fraction in between)."""
    try:
        return (Fraction(Decimal(str(value))) / step).denominator == 1
    except (ValueError, ArithmeticError):  # an infinity: no multiple of anything
        return False


def _canonical(value: Any) -> Any:
    """A hashable key for a JSON value, equal exactly when `_equal` says so."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if _number(value):
        try:
            return ("number", Fraction(Decimal(str(value))))
        except (ValueError, ArithmeticError):
            return ("number", str(value))
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, list):
        return ("list", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _canonical(v)) for k, v in value.items()))
    return ("other", repr(value))


def find_anchor(root: Any, name: str) -> Any:
    """The subschema of `root` whose `$anchor` is `name` (a `$ref` "#name"), or None; not
    below a subschema with an `$id` of its own (another resource)."""
    stack = [(root, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, dict):
            if not top and isinstance(node.get("$id"), str) and not node["$id"].startswith("#"):
                continue
            if node.get("$anchor") == name:
                return node
            stack.extend((child, False) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, False) for child in node)
    return None


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: true and 1 differ, at any depth ([true] is not [1], {"a": false} not
    {"a": 0}, as the JSON Schema Test Suite holds); 1 and 1.0 are the same number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return False
    return bool(a == b) and (_number(a) == _number(b))


# values of documents of one shape, at one place -> whether each is valid
ColumnValid = Callable[[list[Any]], list[bool]]
# an object node decided by its shape and its properties' columns: only these keywords
_BY_COLUMNS = frozenset({"type", "properties", "required", "additionalProperties"})


def compile_columns(schema: dict[str, Any], base: str, resolve: Resolver) -> ColumnValid:
    """`compile_node(...).valid` over the values of documents of one shape at once (the rows
    of a table: the same keys, nested, in the same places). An object node of only `type`,
    `properties`, `required` and `additionalProperties`, over objects that all have the same
    keys, is decided by those keys and by each property's column; any other node by its
    compiled test, once per distinct scalar. The answers are `valid`'s (tested so)."""
    cache: Cache = {}

    def column(node: Any, here: str, values: list[Any]) -> list[bool]:
        count = len(values)
        if node is True or not values:
            return [True] * count
        if isinstance(node, dict):
            keywords = node.keys() - ANNOTATIONS
            inner = node.get("$id", here)
            if keywords == {"$ref"}:
                target, target_base = resolve(node["$ref"], inner)
                return column(target, target_base, values)
            if keywords <= _BY_COLUMNS and _alike(values):
                return _object(node, inner, values)
        return each_distinct(_node(node, here, resolve, cache).valid, values)

    def _object(node: dict[str, Any], here: str, values: list[Any]) -> list[bool]:
        keys = list(values[0])
        kind = node.get("type", "object")
        names = [kind] if isinstance(kind, str) else kind
        required = node.get("required", [])
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if not isinstance(names, list) or "object" not in names:
            return each_distinct(_node(node, here, resolve, cache).valid, values)
        if not isinstance(required, list) or not isinstance(properties, dict):
            return each_distinct(_node(node, here, resolve, cache).valid, values)
        if any(name not in values[0] for name in required):
            return [False] * len(values)
        held = [True] * len(values)
        for key in keys:
            sub = properties.get(key, extra)
            if sub is True:
                continue
            if sub is False:
                return [False] * len(values)
            part = column(sub, here, [value[key] for value in values])
            held = [a and b for a, b in zip(held, part, strict=True)]
        return held

    return lambda values: column(schema, base, values)


def _alike(values: list[Any]) -> bool:
    """Objects all, with the same keys in the same order."""
    first = values[0]
    if type(first) is not dict:
        return False
    keys = list(first)
    return all(type(value) is dict and list(value) == keys for value in values)
