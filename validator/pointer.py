"""JSON pointers (RFC 6901) and the pointer patterns rule packs use to select values.

A pattern is a pointer whose segments may hold `*` (any run of characters) or `?`,
matched against object keys and array indexes, e.g. `/indicators/A*` or `/changes/*`.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

MISSING: Any = object()


def escape(segment: str | int) -> str:
    return str(segment).replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def join(base: str, *segments: str | int) -> str:
    return base + "".join("/" + escape(s) for s in segments)


def split(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    return [unescape(s) for s in pointer.lstrip("/").split("/")]


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


def resolve(data: Any, pointer: str) -> Any:
    """The value at `pointer`, or MISSING."""
    node = data
    for segment in split(pointer):
        if isinstance(node, dict):
            node = node.get(segment, MISSING)
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return MISSING
        if node is MISSING:
            return MISSING
    return node


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern


def expand(data: Any, pattern: str) -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) whose pointer matches `pattern`, in document order."""
    yield from _expand(data, split(pattern), "")


def _expand(node: Any, segments: list[str], at: str) -> Iterator[tuple[str, Any]]:
    if not segments:
        yield (at or "", node)
        return
    head, rest = segments[0], segments[1:]
    if isinstance(node, dict):
        items: list[tuple[str, Any]] = list(node.items())
    elif isinstance(node, list):
        items = [(str(i), v) for i, v in enumerate(node)]
    else:
        return
    if not has_wildcard(head):
        for key, value in items:
            if key == head:
                yield from _expand(value, rest, join(at, key))
        return
    for key, value in items:
        if fnmatchcase(key, head):
            yield from _expand(value, rest, join(at, key))


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
