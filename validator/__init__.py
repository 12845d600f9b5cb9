"""report-validator: consistency checks for Freedom House report data.

The Python API (`validator.api`, documented in docs/api.md):

    >>> import validator
    >>> report = validator.check(["fixtures/valid"])
    >>> [f.rule for f in report.findings]
    []

Importing this package does no work: the API is imported when a name of it is first used;
the command line lives in `validator.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from validator.version import __version__

if TYPE_CHECKING:
    from validator.api import (
        Checker,
        Finding,
        Outcome,
        Report,
        Run,
        Severity,
        UsageError,
        audit,
        check,
        fix,
    )

__all__ = [
    "Checker",
    "Finding",
    "Outcome",
    "Report",
    "Run",
    "Severity",
    "UsageError",
    "__version__",
    "audit",
    "check",
    "fix",
]


def __getattr__(name: str) -> Any:
    """The API's names, imported when first used (`validator.check`)."""
    if name in __all__ and name != "__version__":
        from validator import api

        return getattr(api, name)
    raise AttributeError(f"module 'validator' has no attribute {name!r}")
