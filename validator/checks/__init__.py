"""The closed registry of check kinds: one import and one line per kind.

A rule names its kind in `check:`; the module's docstring is the kind's documentation,
`Params` its typed parameters and `check` the generator that finds violations.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from validator.checks import (
    aggregate,
    change_direction,
    change_matches_rating,
    changes_complete,
    changes_undone,
    cross_edition,
    linear_formula,
    lookup_table,
    mean_equals,
    range_step,
    sum_equals,
    threshold_bands,
)
from validator.checks.api import Kind

KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        "range": range_step,
        "sum_equals": sum_equals,
        "mean_equals": mean_equals,
        "linear_formula": linear_formula,
        "threshold_bands": threshold_bands,
        "lookup_table": lookup_table,
        "change_direction": change_direction,
        "change_matches_rating": change_matches_rating,
        "changes_undone": changes_undone,
        "changes_complete": changes_complete,
        "cross_edition": cross_edition,
        "aggregate": aggregate,
    }
)

# Findings the pipeline itself makes (parse errors, schema errors...): documented in the core
# pack like any rule, never evaluated by the engine.
BUILTIN = "builtin"
