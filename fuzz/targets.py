"""What the fuzzers feed: each target takes bytes and runs one loader, or the whole
pipeline, the way `check` would. A target returns normally for every input; anything it
raises is a crash, and so is a `core/internal-error` finding (the safety net that keeps a
batch going turns a bug into that finding, so the fuzzers look for it).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from validator.document import Document
from validator.pipeline.run import check_documents
from validator.sources.problems import SourceProblem
from validator.sources.text import UnreadableText, decode

Target = Callable[[bytes], None]


class Crash(Exception):
    """The input made a loader or the pipeline fail."""


def _text(data: bytes) -> str | None:
    try:
        return decode(data)
    except UnreadableText:
        return None


def _no_internal_errors(problems: list[SourceProblem]) -> None:
    for problem in problems:
        if problem.rule == "internal-error":
            raise Crash(problem.message)


def yaml_loader(data: bytes) -> None:
    from validator.sources.yaml_source import parse_yaml

    text = _text(data)
    if text is not None:
        _no_internal_errors(parse_yaml(text)[2])


def json_loader(data: bytes) -> None:
    from validator.sources.json_source import parse_json

    text = _text(data)
    if text is not None:
        _, source_map, problems = parse_json(text)
        _no_internal_errors(problems)
        source_map.locate("/a/0")  # the lazy position scan runs on what json.loads accepted


def page_loader(data: bytes) -> None:
    from validator.sources.pages import parse_page

    text = _text(data)
    if text is not None:
        _no_internal_errors(parse_page(text, "page.txt")[1])


def csv_loader(data: bytes) -> None:
    from validator.sources.spreadsheet import parse_csv

    text = _text(data)
    if text is not None:
        _no_internal_errors(parse_csv(text, "sheet.csv", "sheet.csv")[1])


def xlsx_loader(data: bytes) -> None:
    from validator.sources.spreadsheet import documents_of_workbook

    _no_internal_errors(documents_of_workbook(io.BytesIO(data), "book.xlsx")[1])


LOADERS: dict[str, Target] = {
    "yaml": yaml_loader,
    "json": json_loader,
    "page": page_loader,
    "csv": csv_loader,
    "xlsx": xlsx_loader,
}
SUFFIXES = {"yaml": ".yaml", "json": ".json", "page": ".txt", "csv": ".csv", "xlsx": ".xlsx"}


@cache
def _engine() -> Any:
    from validator.engine import Engine
    from validator.packs.loading import load_packs, pack_paths

    packs, problems = load_packs(pack_paths())
    assert not problems
    return Engine(packs)


def pipeline(kind: str) -> Target:
    """Bytes as a file of this kind through loading, the schema check and every rule (the
    previous edition in the same run, when the input holds one)."""
    loader = LOADERS[kind]

    def run(data: bytes) -> None:
        docs = _documents(kind, data)
        if docs is None:
            loader(data)  # unreadable as a whole: the loader alone must cope
            return
        report = check_documents(_engine(), docs)
        for finding in report.findings:
            if finding.rule == "core/internal-error":
                raise Crash(finding.message)

    return run


def _documents(kind: str, data: bytes) -> list[Document] | None:
    """The documents `check` would make of these bytes (None: not text at all)."""
    from validator.sources import TEXT_PARSERS
    from validator.sources.problems import PageOptions

    if kind == "xlsx":
        from validator.sources.spreadsheet import documents_of_workbook

        docs, problems = documents_of_workbook(io.BytesIO(data), "book.xlsx")
        _no_internal_errors(problems)
        return docs
    text = _text(data)
    if text is None:
        return None
    name = f"input{SUFFIXES[kind]}"
    docs, problems = TEXT_PARSERS[SUFFIXES[kind]](text, Path(name), name, PageOptions())
    _no_internal_errors(problems)
    return docs
