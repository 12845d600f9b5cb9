"""JSON report documents: exact numbers, duplicate keys, positions computed only when needed.

`json.loads` (C speed) reads the data with `Decimal` for every non-integer number; the
position scan in `json_positions` runs only when a finding needs a line and column, or
when the fast read saw something to report (a duplicate key, a number out of bounds, a
negative zero), so clean documents never pay for it. `NaN` and `Infinity` are read as
the text they are (no score), nesting beyond `MAX_DEPTH` levels is refused.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

from validator import pointer as jp
from validator.arithmetic import is_number
from validator.document import leaves
from validator.printable import unicode_text
from validator.source_map import Position, SourceMap
from validator.sources import json_positions
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

_SUSPECT_INTEGER = re.compile(r"\d{16}|-0(?![.\deE])")
_TOKENS = re.compile(r'[\[\]{}]|"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.S)
_HALF = re.compile(r"\\[uU][dD][89a-fA-F]")  # the escape of a surrogate, paired or not
_LONE = re.compile("[\ud800-\udfff]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.S)  # possessive: linear, as in _TOKENS
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")


def parse_json(text: str) -> tuple[Any, SourceMap, list[SourceProblem]]:
    """Data, positions and problems of one JSON document."""
    saw_duplicate = False
    odd: list[str] = []  # texts of numbers out of bounds, or negative zeros

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal saw_duplicate
        result = dict(pairs)
        if len(result) != len(pairs):
            saw_duplicate = True
            result = {}
            for key, value in pairs:  # keep the first, as the position scan reports the second
                result.setdefault(key, value)
        return result

    def parse_float(literal: str) -> Any:
        number = bounded_decimal(literal)
        if isinstance(number, RawNumber):
            odd.append(literal)
        elif number is not None and is_negative_zero(literal, number):
            odd.append(literal)
            return abs(number)  # 0 as printed (-0.00 is 0.00)
        return number

    def parse_int(literal: str) -> Any:
        number = bounded_int(literal)
        if isinstance(number, RawNumber) or is_negative_zero(literal, number):
            odd.append(literal)
        return number

    if _more_values_than(text, MAX_VALUES):
        return None, SourceMap(), [too_many_values()]
    depth = _depth(text)
    if depth > MAX_DEPTH:
        message = f"nested deeper than {MAX_DEPTH} levels"
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, message)]
    try:
        data = json.loads(
            text,
            parse_float=parse_float,
            # the C parser's own integers unless the text may hold a long one or a -0
            parse_int=parse_int if _SUSPECT_INTEGER.search(text) else None,
            parse_constant=str,
            object_pairs_hook=pairs_to_dict,
        )
    except json.JSONDecodeError as error:
        return (
            None,
            SourceMap(),
            [SourceProblem("parse-error", error.lineno, error.colno, error.msg)],
        )
    except RecursionError:
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, "nested too deeply")]
    halves = _HALF.search(text) is not None  # `\ud800`: perhaps a lone surrogate
    if not (saw_duplicate or odd or halves):
        # positions on demand (most documents have no finding); a partial, not a lambda,
        # so that the document pickles (an audit sends documents between processes)
        return data, SourceMap(build=partial(_positions, text)), []
    positions, duplicates = json_positions.scan(text)
    problems = [
        SourceProblem("duplicate-key", line, column, f"key {key!r} is given twice", at)
        for at, key, (line, column) in duplicates
    ]
    problems.extend(_odd_numbers(data, positions, text))
    if halves:
        problems.extend(_lone_surrogates(data, positions))
    return data, SourceMap(positions), sorted(problems, key=lambda p: (p.line, p.column))


def _lone_surrogates(data: Any, positions: dict[str, Position]) -> list[SourceProblem]:
    """Where a string (a value, or a key) holds half of a UTF-16 pair."""
    found = []
    for at, value in leaves(data).items():
        texts = [value, *jp.split(at)] if isinstance(value, str) else jp.split(at)
        if any(_LONE.search(t) for t in texts if isinstance(t, str)):
            line, column = positions.get(at, (1, 1))
            shown = unicode_text(str(value) if isinstance(value, str) else at)
            message = f"{shown} holds half of a UTF-16 pair (the escape is kept): no character"
            found.append(SourceProblem("unpaired-surrogate", line, column, message, at))
    return found


def _positions(text: str) -> dict[str, Position]:
    return json_positions.scan(text)[0]


def _odd_numbers(
    data: Any, positions: dict[str, tuple[int, int]], text: str
) -> list[SourceProblem]:
    """Where the numbers out of bounds and the negative zeros (read as 0) are."""
    lines = text.split("\n")
    found: list[SourceProblem] = []
    for at, value in leaves(data).items():
        if isinstance(value, RawNumber):
            line, column = positions.get(at, (1, 1))
            found.append(
                SourceProblem("number-out-of-bounds", line, column, out_of_bounds(value), at)
            )
        elif is_number(value) and value == 0:
            line, column = positions.get(at, (1, 1))
            written = _NUMBER.match(lines[line - 1], column - 1) if line <= len(lines) else None
            if written and written.group().startswith("-"):
                found.append(
                    SourceProblem("negative-zero", line, column, negative_zero(written.group()), at)
                )
    return found


def _more_values_than(text: str, limit: int) -> bool:
    """Whether the text holds more than `limit` values, counted before parsing: with strings
    and spaces taken out, every value but the first follows a comma or opens its container,
    so a valid text holds 1 + commas + non-empty containers values."""
    if len(text) <= limit:  # a value takes at least one character
        return False
    bare = _SPACE.sub("", _STRING.sub('""', text))
    count = 1 + bare.count(",") + bare.count("[") + bare.count("{")
    count -= bare.count("[]") + bare.count("{}")
    return count > limit


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (cheap when there are few brackets)."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return 0
    deepest = level = 0
    # a string runs to its closing quote, or to the end of an unterminated text; the
    # possessive loop never backtracks (each quote of `"\\"\\"...` retried to the end: n²)
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            deepest = max(deepest, level)
        elif token in "]}":
            level -= 1
    return deepest
