"""Values rewritten in the text of a YAML or JSON file, every other byte kept.

`fix` edits the text, it does not dump the data again: comments, key order, quoting,
indentation and the spelling of every number it does not change stay as they are (a dump
would write `1.5` for `1.50` and lose every comment). The readers record where each value
starts (line and column); the value's token ends where its syntax says: a quoted string at
its closing quote, a number or a plain scalar before a comment, a flow separator or the end
of the line. The new value is written in the old one's style: quoted the same way, or plain.
A value whose token is not on one line (a folded string) is not edited: `edit` says so.
"""

from __future__ import annotations

import json
from typing import Any

from validator.arithmetic import to_text


class NotEditable(Exception):
    """The value's token cannot be found or rewritten in place."""


def edit(text: str, is_json: bool, edits: list[tuple[int, int, Any]]) -> str:
    """The text with the value starting at each (line, column) replaced by a new value."""
    lines = text.splitlines(keepends=True)
    # right to left on a line: an edit does not move the columns of those before it
    for line, column, value in sorted(edits, key=lambda e: (e[0], -e[1])):
        if not 1 <= line <= len(lines):
            raise NotEditable(f"line {line} is not in the file")
        row = lines[line - 1]
        start = column - 1
        end = token_end(row, start, is_json)
        lines[line - 1] = row[:start] + spell(value, row[start:end], is_json) + row[end:]
    return "".join(lines)


def token_end(row: str, start: int, is_json: bool) -> int:
    """Where the value that starts at `start` in this line ends."""
    if start >= len(row) or row[start] in "\r\n":
        raise NotEditable("no value where the reader placed it")
    first = row[start]
    if first == '"':
        index = start + 1
        while index < len(row) and row[index] not in "\r\n":
            if row[index] == "\\":
                index += 2
            elif row[index] == '"':
                return index + 1
            else:
                index += 1
        raise NotEditable("a string that goes on past its line")
    if first == "'" and not is_json:
        index = start + 1
        while index < len(row) and row[index] not in "\r\n":
            if row[index] == "'":
                if row[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        raise NotEditable("a string that goes on past its line")
    if first in "|>[{":
        raise NotEditable("a block or a collection, not one value")
    flow = is_json or "{" in row[:start] or "[" in row[:start]
    stops = ",]}" if flow else ""
    index = start
    while index < len(row) and row[index] not in "\r\n" and row[index] not in stops:
        if not is_json and row[index] == "#" and row[index - 1] in " \t":
            break
        index += 1
    return len(row[start:index].rstrip()) + start


def spell(value: Any, old: str, is_json: bool) -> str:
    """The new value written as the old one was: in the same quotes, or plain."""
    text = value if isinstance(value, str) else to_text(value)
    if old.startswith('"') or (is_json and isinstance(value, str)):
        return json.dumps(text, ensure_ascii=False)
    if old.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    return text
