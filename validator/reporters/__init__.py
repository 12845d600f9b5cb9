"""Reporters render a finished report; they never decide anything. One module per format."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from validator.findings import Report
from validator.reporters import json_report, text

Render = Callable[[Report], str]

FORMATS: MappingProxyType[str, Render] = MappingProxyType(
    {
        "text": text.render,
        "json": json_report.render,
    }
)
