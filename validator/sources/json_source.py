"""JSON report documents: exact numbers, duplicate keys, positions computed only when needed.

`json.loads` (C speed) reads the data with `Decimal` for every non-integer number; the
position scan in `json_positions` runs only when a finding needs a line and column, or
when the fast read saw a duplicate key, so clean documents never pay for it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from validator.source_map import SourceMap
from validator.sources import json_positions
from validator.sources.problems import SourceProblem


def parse_json(text: str) -> tuple[Any, SourceMap, list[SourceProblem]]:
    """Data, positions and problems of one JSON document."""
    saw_duplicate = False

    def pairs_to_dict(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal saw_duplicate
        result = dict(pairs)
        if len(result) != len(pairs):
            saw_duplicate = True
            result = {}
            for key, value in pairs:  # keep the first, as the position scan reports the second
                result.setdefault(key, value)
        return result

    try:
        data = json.loads(
            text, parse_float=Decimal, parse_constant=str, object_pairs_hook=pairs_to_dict
        )
    except json.JSONDecodeError as error:
        return (
            None,
            SourceMap(),
            [SourceProblem("parse-error", error.lineno, error.colno, error.msg)],
        )
    except RecursionError:
        return None, SourceMap(), [SourceProblem("parse-error", 1, 1, "nested too deeply")]
    problems: list[SourceProblem] = []
    if saw_duplicate:
        positions, duplicates = json_positions.scan(text)
        problems = [
            SourceProblem("duplicate-key", line, column, f"key {key!r} is given twice", at)
            for at, key, (line, column) in duplicates
        ]
        return data, SourceMap(positions), problems
    return data, SourceMap(build=lambda: json_positions.scan(text)[0]), problems
