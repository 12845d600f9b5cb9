"""Values rewritten in the text of a YAML or JSON file, every other byte kept.

`fix` edits the text, it does not dump the data again: comments, key order, quoting,
indentation and the spelling of every number it does not change stay as they are (a dump
would write `1.5` for `1.50` and lose every comment). The readers record where each value
starts (line and column); the value's token ends where its syntax says: a quoted string at
its closing quote, a number or a plain scalar before a comment, a flow separator or the end
of the line. The new value is written in the old one's style: quoted the same way, or plain.
A value whose token is not on one line (a folded string) is not edited: `edit` says so.
Lines are numbered as the file's reader numbers them (`lines_of`), a value in a flow
collection opened on an earlier line ends at its separator as on the collection's own line,
and a YAML anchor or tag before a value stays where it is.
"""

from __future__ import annotations

import json
import re
from typing import Any

from validator.arithmetic import to_text


class NotEditable(Exception):
    """The value's token cannot be found or rewritten in place."""


# The line breaks each reader counts lines by: JSON's reader splits at "\n" alone (a "\r"
# is white space inside a line, U+2028 a character of a string); YAML's (PyYAML) at "\r\n",
# "\r", "\n", NEL, U+2028 and U+2029. `str.splitlines` knows others still (form feed,
# U+001C...), so a line it numbers is not always the reader's.
_JSON_BREAK = re.compile(r"\n")
_YAML_BREAK = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def lines_of(text: str, is_json: bool) -> list[str]:
    """The text's lines as its reader numbers them, each with its line break."""
    pattern = _JSON_BREAK if is_json else _YAML_BREAK
    lines, start = [], 0
    for match in pattern.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text) or not lines:
        lines.append(text[start:])
    return lines


def edit(text: str, is_json: bool, edits: list[tuple[int, int, Any]]) -> str:
    """The text with the value starting at each (line, column) replaced by a new value."""
    lines = lines_of(text, is_json)
    # right to left on a line: an edit does not move the columns of those before it
    for line, column, value in sorted(edits, key=lambda e: (e[0], -e[1])):
        if not 1 <= line <= len(lines):
            raise NotEditable(f"line {line} is not in the file")
        row = lines[line - 1]
        start = column - 1 if is_json else after_properties(row, column - 1)
        flow = is_json or in_flow("".join(lines[: line - 1]) + row[:start])
        end = token_end(row, start, is_json, flow)
        lines[line - 1] = row[:start] + spell(value, row[start:end], is_json) + row[end:]
    return "".join(lines)


def after_properties(row: str, start: int) -> int:
    """Where a YAML value starts after its anchor and tag (`&t 33`, `!!int 33`), which the
    reader places the value at: they are kept, only the value after them is rewritten."""
    index = start
    while index < len(row) and row[index] in "&!":
        while index < len(row) and row[index] not in " \t\r\n":
            index += 1
        while index < len(row) and row[index] in " \t":
            index += 1
    return index


def in_flow(before: str) -> bool:
    """Whether a YAML value after `before` is inside a flow mapping or sequence opened on
    this line or an earlier one ("{A: 1,\n  E: 9,\n  G: 8}"): brackets counted outside quoted
    strings and comments."""
    depth = 0
    quote = ""
    index = 0
    while index < len(before):
        char = before[index]
        if quote:
            if char == quote:
                if quote == "'" and before[index + 1 : index + 2] == "'":
                    index += 1
                else:
                    quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "\"'" and (index == 0 or before[index - 1] in " \t,[{:\n"):
            quote = char
        elif char == "#" and (index == 0 or before[index - 1] in " \t\n"):
            newline = before.find("\n", index)
            index = len(before) if newline < 0 else newline
            continue
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth = max(depth - 1, 0)
        index += 1
    return depth > 0


def token_end(row: str, start: int, is_json: bool, flow: bool | None = None) -> int:
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
    if flow is None:
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
