"""Source adapters: a path in, canonical documents and source problems out.

The registry maps a file suffix to its reader; a folder is searched for every suffix the
registry knows. Nothing here raises for a bad file: it becomes a `SourceProblem`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from validator.document import Document
from validator.source_map import SourceMap
from validator.sources.json_source import parse_json
from validator.sources.problems import SourceProblem
from validator.sources.yaml_source import parse_yaml

Parser = Callable[[str], tuple[Any, SourceMap, list[SourceProblem]]]

PARSERS: MappingProxyType[str, Parser] = MappingProxyType(
    {
        ".yaml": parse_yaml,
        ".yml": parse_yaml,
        ".json": parse_json,
    }
)

Problem = tuple[str, SourceProblem]  # (source path as shown, problem)


def discover(paths: list[Path]) -> Iterator[Path]:
    """Files named, and files with a known suffix below folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in PARSERS
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def load_file(path: Path, shown: str | None = None) -> tuple[list[Document], list[Problem]]:
    shown = shown if shown is not None else str(path)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        known = ", ".join(PARSERS)
        return [], [
            (
                shown,
                SourceProblem(
                    "unsupported-file", 1, 1, f"{path.suffix or 'no suffix'}: not one of {known}"
                ),
            )
        ]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [(shown, SourceProblem("unreadable-file", 1, 1, str(error)))]
    data, source_map, problems = parser(text)
    found = [(shown, p) for p in problems]
    if data is None and problems:
        return [], found
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return [], [
            *found,
            (
                shown,
                SourceProblem(
                    "not-a-document", 1, 1, f"the file holds {kind}, not a report document"
                ),
            ),
        ]
    return [Document(shown, data, source_map)], found


def load_paths(paths: list[Path]) -> tuple[list[Document], list[Problem]]:
    documents: list[Document] = []
    problems: list[Problem] = []
    for path in discover(paths):
        docs, found = load_file(path)
        documents.extend(docs)
        problems.extend(found)
    return documents, problems
