"""threshold_bands: a label (a status) matches the band its computed input falls in.

The bands are a table of the pack (ordered rows, bounds inclusive, value = label). The input
is computed from primary data, not from a printed derived value, so that one wrong printed
number gives one finding. Example (NIT regime classification from the 2-decimal mean)::

    status-outside-threshold-band:
      check: threshold_bands
      params: {value: /status, input: {mean: [/ratings/*], round: 2}, table: nit-regime}

An input outside every band is reported too (the label cannot be right then).

The same check as `lookup_table` (one implementation: a table's row for a computed input),
named for what its rules say: a label from bands rather than a number from a table.
"""

from __future__ import annotations

from typing import Final

from validator.checks.lookup_table import (
    COMPARES_EDITIONS,
    OVER_GROUPS,
    Params,
    check,
    compile_rule,
    describe,
    edges,
    over_run,
    reads,
)

# `fix` may write what it expects at the value: the band's value
WRITES: Final = "safe"

__all__ = [
    "COMPARES_EDITIONS",
    "OVER_GROUPS",
    "WRITES",
    "Params",
    "check",
    "compile_rule",
    "describe",
    "edges",
    "over_run",
    "reads",
]
