"""Reporters render a finished report; they never decide anything. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import MappingProxyType

from validator.findings import Report

Render = Callable[[Report], str]

# Each format's module, imported when that format is asked for: a hook run that prints text
# does not pay for XML, hashing or URL quoting.
MODULES: MappingProxyType[str, str] = MappingProxyType(
    {
        "text": "validator.reporters.text",
        "json": "validator.reporters.json_report",
        "sarif": "validator.reporters.sarif",
        "junit": "validator.reporters.junit",
        "github": "validator.reporters.github",
    }
)


def renderer(fmt: str) -> Render:
    render: Render = import_module(MODULES[fmt]).render
    return render
