"""JSON pointers (RFC 6901) and the pointer patterns rule packs use to select values.

A pattern is a pointer whose segments may hold `*` (any run of characters) or `?`,
matched against object keys and array indexes, e.g. `/indicators/A*` or `/changes/*`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fnmatch import translate
from functools import cache, lru_cache
from typing import Any

MISSING: Any = object()


def escape(segment: str | int) -> str:
    text = str(segment)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~") if "~" in segment else segment


def join(base: str, *segments: str | int) -> str:
    return base + "".join("/" + escape(s) for s in segments)


@cache
def _split(pointer: str) -> tuple[str, ...]:
    if pointer in ("", "/"):
        return ()
    return (
        tuple(unescape(s) for s in pointer[1:].split("/"))
        if pointer[0] == "/"
        else tuple(unescape(s) for s in pointer.split("/"))
    )


def split(pointer: str) -> list[str]:
    return list(_split(pointer))


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


def resolve(data: Any, pointer: str) -> Any:
    """The value at `pointer`, or MISSING."""
    node = data
    for segment in _split(pointer):
        if isinstance(node, dict):
            node = node.get(segment, MISSING)
            if node is MISSING:
                return MISSING
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return MISSING
    return node


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


Matcher = Callable[[str], object]


@cache
def _compile(pattern: str) -> tuple[tuple[str, Matcher | None], ...]:
    """Each segment: the literal key, or a matcher compiled once for a wildcard segment."""
    return tuple(
        (segment, re.compile(translate(segment)).match if has_wildcard(segment) else None)
        for segment in _split(pattern)
    )


def matches(pattern: str, pointer: str) -> bool:
    """The pointer is one that `pattern` selects (as `expand` would find it)."""
    segments = _split(pointer)
    compiled = _compile(pattern)
    if len(segments) != len(compiled):
        return False
    return all(
        bool(match(segment)) if match is not None else segment == literal
        for segment, (literal, match) in zip(segments, compiled, strict=True)
    )


@lru_cache(maxsize=4096)
def _matching(match: Matcher, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys a wildcard segment matches; documents of one survey share their key layouts."""
    return tuple(k for k in keys if match(k))


def expand(data: Any, pattern: str) -> list[tuple[str, Any]]:
    """Every (pointer, value) whose pointer matches `pattern`, in document order."""
    found: list[tuple[str, Any]] = [("", data)]
    for literal, match in _compile(pattern):
        step: list[tuple[str, Any]] = []
        for at, node in found:
            if isinstance(node, dict):
                if match is None:
                    if literal in node:
                        step.append((at + "/" + escape(literal), node[literal]))
                else:
                    step.extend(
                        (at + "/" + escape(k), node[k]) for k in _matching(match, tuple(node))
                    )
            elif isinstance(node, list):
                step.extend(
                    (f"{at}/{i}", v)
                    for i, v in enumerate(node)
                    if (match(str(i)) if match else str(i) == literal)
                )
        found = step
    return found


def assign(data: Any, pointer: str, value: Any) -> None:
    """Set the existing value at `pointer` (used on copies, never on a loaded document)."""
    *path, last = split(pointer)
    node = data
    for segment in path:
        node = node[int(segment)] if isinstance(node, list) else node[segment]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def expand_values(data: Any, pattern: str) -> list[Any]:
    """The values `expand` finds, without building their pointers (for arithmetic operands)."""
    found: list[Any] = [data]
    for literal, match in _compile(pattern):
        step: list[Any] = []
        for node in found:
            if isinstance(node, dict):
                if match is None:
                    if literal in node:
                        step.append(node[literal])
                else:
                    step.extend(node[k] for k in _matching(match, tuple(node)))
            elif isinstance(node, list):
                step.extend(
                    v for i, v in enumerate(node) if (match(str(i)) if match else str(i) == literal)
                )
        found = step
    return found
