"""Build the typed rule-pack dataclasses from plain data that the rule-pack schema accepted.

A small, closed interpreter of type hints: dataclasses, tuples, dicts, unions, Literal,
Decimal, int, str, bool and None. It never calls anything named by the data.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")


class BuildError(ValueError):
    """The data does not fit the type (only for data the schema did not already reject)."""


def build(kind: type[T], data: Any) -> T:
    return typing.cast(T, _build(kind, data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in typing.get_type_hints(cls).items() if k in names}


def _build(tp: Any, data: Any) -> Any:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(data, dict):
            raise BuildError(f"expected an object for {tp.__name__}")
        hints = _hints(tp)
        unknown = set(data) - set(hints)
        if unknown:
            raise BuildError(f"unknown field(s) {sorted(unknown)} for {tp.__name__}")
        return tp(**{name: _build(hints[name], value) for name, value in data.items()})
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        errors = []
        for option in sorted(args, key=_specificity):
            try:
                return _build(option, data)
            except BuildError as error:
                errors.append(str(error))
        raise BuildError("; ".join(errors))
    if origin is Literal:
        if data in args and type(data) in {type(a) for a in args}:
            return data
        raise BuildError(f"expected one of {args}")
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise BuildError("expected a list")
        return tuple(_build(args[0], item) for item in data)
    if origin is dict:
        if not isinstance(data, dict):
            raise BuildError("expected an object")
        return {str(k): _build(args[1], v) for k, v in data.items()}
    if tp is Any:
        return data
    if tp is type(None):
        if data is None:
            return None
        raise BuildError("expected null")
    if tp is Decimal:
        if isinstance(data, int | Decimal) and not isinstance(data, bool):
            return Decimal(data)
        raise BuildError("expected a number")
    if tp is bool:
        if isinstance(data, bool):
            return data
        raise BuildError("expected true or false")
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise BuildError("expected a whole number")
    if tp is str:
        if isinstance(data, str):
            return data
        raise BuildError("expected a string")
    raise BuildError(f"unsupported type {tp!r}")  # pragma: no cover - models use only the above


def _specificity(tp: Any) -> int:
    # Try None and Literal before open types, so `int | Literal["as-printed"]` picks right.
    if tp is type(None):
        return 0
    if typing.get_origin(tp) is Literal:
        return 1
    return 2


def to_plain(value: Any) -> Any:
    """The inverse of `build`, for tests and the staleness check of generated docs."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value
