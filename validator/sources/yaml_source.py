"""YAML report documents: exact numbers, positions, duplicate keys, never object construction.

The text is composed into nodes with libyaml when present (PyYAML's safe composer
otherwise) and the nodes are turned into plain data here, so that every value keeps its
line and column, integers stay `int`, other numbers become `Decimal`, and a key given
twice is reported instead of silently keeping the last one. Nothing builds objects: a
tag outside YAML's standard ones (`!!python/object`, `!foo`) is reported and the plain
value it decorates is read. An alias of a list or mapping is reported and not expanded,
so "billion laughs" costs nothing; nesting is limited to `MAX_DEPTH` levels.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from validator import pointer as jp
from validator.source_map import Position, SourceMap
from validator.sources.numbers import (
    RawNumber,
    bounded_decimal,
    bounded_int,
    is_negative_zero,
    negative_zero,
    out_of_bounds,
)
from validator.sources.problems import SourceProblem
from validator.sources.text import MAX_DEPTH, MAX_VALUES, too_many_values

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()


_STANDARD = "tag:yaml.org,2002:"
_INT = _STANDARD + "int"
_FLOAT = _STANDARD + "float"
_BOOL = _STANDARD + "bool"
_NULL = _STANDARD + "null"
_PLAIN_TAGS = frozenset(
    [_STANDARD + t for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")]
    + [_STANDARD + "merge", _STANDARD + "value", "!"]
)


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def parse_yaml(text: str) -> tuple[Any, SourceMap, list[SourceProblem]]:
    """Data, positions and problems of one YAML document."""
    if _more_values_than(text, MAX_VALUES):
        return None, SourceMap(), [too_many_values()]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (error.context, error.problem) if p) or "not valid YAML"
        return None, SourceMap(), [SourceProblem("parse-error", line, column, problem)]
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, str(error))]
    except RecursionError:  # the pure-Python composer on deep nesting
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, "nested too deeply")]
    if root is None:
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, "the file holds no document")]
    walker = _Walker()
    data = walker.walk(root, "", 0)
    return data, SourceMap(walker.positions), walker.problems


def _more_values_than(text: str, limit: int) -> bool:
    """Whether the text holds more than `limit` values, counted on the parser's event stream
    (constant memory) before any node is built: composing keeps every node, with its marks,
    until the end. A value takes at least half a character (`{a,b}`: five values), so short
    texts are not counted at all. A syntax error stops the count; composing reports it."""
    if len(text) <= limit // 2:
        return False
    count = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > limit:
                    return True
    except (yaml.YAMLError, RecursionError):
        pass
    return False


class _Walker:
    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        self.problems: list[SourceProblem] = []
        self._seen: set[int] = set()
        self._aliased: set[int] = set()

    def walk(self, node: yaml.Node, at: str, depth: int) -> Any:
        self.positions[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace(_STANDARD, "!!")
            message = f"tag {shown} is not allowed: only plain values are read (read without it)"
            self._problem("yaml-tag", node, message, at)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, at)
        if id(node) in self._seen:  # an alias of a collection: refuse rather than expand
            if id(node) not in self._aliased:
                self._aliased.add(id(node))
                message = (
                    "this list or mapping is used again through an alias; "
                    "aliases of lists and mappings are not allowed"
                )
                self._problem("parse-error", node, message, at)
            return None
        self._seen.add(id(node))
        if depth >= MAX_DEPTH:
            self._problem("parse-error", node, f"nested deeper than {MAX_DEPTH} levels", at)
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, jp.join(at, i), depth + 1) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem("parse-error", key_node, "a key must be a plain name", at)
                continue
            key = str(key_node.value)
            child = jp.join(at, key)
            if key in result:
                self._problem("duplicate-key", key_node, f"key {key!r} is given twice", child)
                continue
            result[key] = self.walk(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, at: str) -> Any:
        tag, text = node.tag, node.value
        if tag == _INT:
            if text.isdigit() and len(text) < 15 and (text[0] != "0" or text == "0"):
                return int(text)  # the common case; `012` is octal in YAML 1.1: read below
            try:
                value: Any = bounded_int(text, lambda _: _constructor.construct_yaml_int(node))
            except ValueError:  # `0x_`: YAML 1.1's pattern allows it, int() does not
                return text
        elif tag == _FLOAT:
            value = bounded_decimal(text.replace("_", ""))
            if value is None:  # .nan, .inf, sexagesimal: not a figure a report holds
                return text
        elif tag == _BOOL:
            return _constructor.construct_yaml_bool(node)
        elif tag == _NULL:
            return None
        else:
            return text
        if isinstance(value, RawNumber):
            self._problem("number-out-of-bounds", node, out_of_bounds(text), at)
        elif is_negative_zero(text, value):
            self._problem("negative-zero", node, negative_zero(text), at)
            value = abs(value) if isinstance(value, Decimal) else 0
        return value

    def _problem(self, rule: str, node: yaml.Node, message: str, at: str) -> None:
        mark = node.start_mark
        self.problems.append(SourceProblem(rule, mark.line + 1, mark.column + 1, message, at))
