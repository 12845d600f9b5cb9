"""Line and column of every value in a JSON text that `json.loads` has already accepted."""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from validator import pointer as jp
from validator.source_map import Position

_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<punct>[{}\[\],:])|(?P<atom>[^\s{}\[\],:"]+))', re.S
)

Duplicate = tuple[str, str, Position]


def scan(text: str) -> tuple[dict[str, Position], list[Duplicate]]:
    """Positions by pointer, and (pointer, key, position) of each repeated key."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    tokens = [
        (m.lastgroup or "", m.group(m.lastgroup or 0), m.start(m.lastgroup or 0))
        for m in _TOKEN.finditer(text)
        if m.lastgroup
    ]

    def position(offset: int) -> Position:
        line = bisect_right(line_starts, offset)
        return (line, offset - line_starts[line - 1] + 1)

    positions: dict[str, Position] = {}
    added: list[str] = []  # pointers in the order they were placed (to undo a repeat's)
    duplicates: list[Duplicate] = []
    index = 0

    def value(at: str) -> None:
        nonlocal index
        _, token, offset = tokens[index]
        if at not in positions:
            positions[at] = position(offset)
            added.append(at)
        index += 1
        if token == "{":
            seen: set[str] = set()
            while tokens[index][1] != "}":
                key_token = tokens[index]
                key = json.loads(key_token[1])
                child = jp.join(at, key)
                index += 2  # the key and the colon
                if key in seen:
                    duplicates.append((child, key, position(key_token[2])))
                    mark = len(added)  # the repeat's own pointers are undone after it:
                    value(child)  # the positions are the first's (no copy per repeat)
                    for pointer in added[mark:]:
                        del positions[pointer]
                    del added[mark:]
                else:
                    seen.add(key)
                    value(child)
                if tokens[index][1] == ",":
                    index += 1
            index += 1
        elif token == "[":
            item = 0
            while tokens[index][1] != "]":
                value(jp.join(at, item))
                item += 1
                if tokens[index][1] == ",":
                    index += 1
            index += 1

    if tokens:
        value("")
    return positions, duplicates
