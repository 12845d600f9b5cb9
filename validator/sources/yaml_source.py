"""YAML report documents: exact numbers, positions, duplicate keys, never object construction.

The text is composed into nodes with libyaml when present (PyYAML's safe composer
otherwise) and the nodes are turned into plain data here, so that every value keeps its
line and column, integers stay `int`, other numbers become `Decimal`, and a key given
twice is reported instead of silently keeping the last one. Explicit tags never build
objects: an unknown tag is read as the plain scalar it decorates.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from validator import pointer as jp
from validator.source_map import Position, SourceMap
from validator.sources.problems import SourceProblem

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def parse_yaml(text: str) -> tuple[Any, SourceMap, list[SourceProblem]]:
    """Data, positions and problems of one YAML document."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (error.context, error.problem) if p) or "not valid YAML"
        return None, SourceMap(), [SourceProblem("parse-error", line, column, problem)]
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, str(error))]
    if root is None:
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, "the file holds no document")]
    walker = _Walker()
    data = walker.walk(root, "")
    return data, SourceMap(walker.positions), walker.problems


class _Walker:
    def __init__(self) -> None:
        self.positions: dict[str, Position] = {}
        self.problems: list[SourceProblem] = []
        self._seen: set[int] = set()

    def walk(self, node: yaml.Node, at: str) -> Any:
        self.positions[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if id(node) in self._seen:  # an alias of a collection: refuse rather than expand
            self._problem("parse-error", node, "anchors and aliases are not allowed here", at)
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, jp.join(at, i)) for i, item in enumerate(node.value)]
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
            result[key] = self.walk(value_node, child)
        return result

    def _problem(self, rule: str, node: yaml.Node, message: str, at: str) -> None:
        mark = node.start_mark
        self.problems.append(SourceProblem(rule, mark.line + 1, mark.column + 1, message, at))


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == _INT:
        return _constructor.construct_yaml_int(node)
    if tag == _FLOAT:
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            return text  # sexagesimal or other YAML 1.1 oddities: not a score
        return number if number.is_finite() else text
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    return text
