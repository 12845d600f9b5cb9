"""Reporters render a finished report; they never decide anything. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from validator.findings import Report
from validator.reporters import github, json_report, junit, sarif, text

Render = Callable[[Report], str]

FORMATS: MappingProxyType[str, Render] = MappingProxyType(
    {
        "text": text.render,
        "json": json_report.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
    }
)
