"""`report-validator fix` and `check --fix`: the figures `pipeline.fixing` rewrites, written
into the YAML and JSON files they came from (`validator.value_edits`: only the changed values'
bytes change), shown as a unified diff with `--diff`. Report pages and workbooks are never
written: what would change in them is listed, figure by figure, where it is."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from validator.atomic import write_text
from validator.document import Document
from validator.engine import Engine, FindPrevious
from validator.findings import Finding
from validator.packs.loading import RulePack
from validator.pipeline.fixing import Change, Fixed, fix, fixable_rules
from validator.sources import TEXT_PARSERS
from validator.sources.problems import PageOptions
from validator.value_edits import NotEditable, edit

WRITABLE = {".yaml": False, ".yml": False, ".json": True}  # suffix -> JSON


@dataclass
class Outcome:
    """What a fix run did, file by file."""

    written: dict[str, list[Change]] = field(default_factory=dict)  # files fixed (or diffed)
    listed: dict[str, list[Change]] = field(default_factory=dict)  # pages, workbooks: not written
    refused: list[str] = field(default_factory=list)  # files that could not be edited, and why
    unwritten: int = 0  # figures of those files: their findings stay
    diff: list[str] = field(default_factory=list)
    fixed: Fixed | None = None
    # what could not be read (not fixed: said), as findings (an error stays in the file)
    unread: list[Finding] = field(default_factory=list)
    files: int = 0  # files found in the paths (the tool's own outputs among them)
    own_outputs: int = 0

    @property
    def changes(self) -> int:
        return sum(map(len, self.written.values())) + sum(map(len, self.listed.values()))


def run_fix(
    packs: list[RulePack],
    engine: Engine,
    documents: list[Document],
    unsafe: bool,
    find_previous: FindPrevious | None,
    dry_run: bool,
    options: PageOptions,
) -> Outcome:
    """Fix the documents; write (or, `dry_run`, diff) the YAML and JSON files they came from."""
    outcome = Outcome()
    fixed = fix(engine, documents, fixable_rules(packs, unsafe), find_previous)
    outcome.fixed = fixed
    by_source: dict[str, list[Change]] = defaultdict(list)
    for change in fixed.changes:
        by_source[change.source].append(change)
    for source, changes in by_source.items():
        path = Path(source)
        if path.suffix.lower() not in WRITABLE:
            outcome.listed[source] = changes
            continue
        try:
            with path.open(encoding="utf-8", newline="") as handle:  # CRLF stays CRLF
                old_text = handle.read()
            new_text = _edited(path, old_text, changes, fixed, options)
        except (OSError, UnicodeDecodeError, NotEditable) as error:
            outcome.refused.append(f"{source}: not fixed: {error}")
            outcome.unwritten += len(changes)  # their findings stay in the file
            continue
        if not dry_run:
            try:
                write_text(path, new_text)
            except OSError as error:  # this file: said, its findings stay; the others go on
                reason = error.strerror or str(error)
                outcome.refused.append(f"{source}: not fixed: cannot write: {reason}")
                outcome.unwritten += len(changes)
                continue
        outcome.written[source] = changes
        if dry_run:
            outcome.diff.extend(
                difflib.unified_diff(
                    old_text.splitlines(keepends=True),
                    new_text.splitlines(keepends=True),
                    _side("a", source),
                    _side("b", source),
                )
            )
    return outcome


def _side(side: str, source: str) -> str:
    """A diff header's name: a/ and b/ before a relative path, as git writes them."""
    return source if Path(source).is_absolute() else f"{side}/{source}"


def _edited(
    path: Path, text: str, changes: list[Change], fixed: Fixed, options: PageOptions
) -> str:
    """The file's text with its changed values rewritten; read back, it must give the fixed
    document (or nothing is written)."""
    doc = fixed.documents[changes[0].document]
    edits = []
    for change in changes:
        at = doc.source_map.exact(change.pointer)
        if at is None:
            raise NotEditable(f"{change.pointer} has no place of its own in the file")
        edits.append((*at, change.new))
    # a byte-order mark: the readers drop it before they count lines and columns; kept
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    new_text = edit(text[len(bom) :], WRITABLE[path.suffix.lower()], edits)
    docs, _ = TEXT_PARSERS[path.suffix.lower()](new_text, path, str(path), options)
    if len(docs) != 1 or docs[0].data != doc.data:
        raise NotEditable("the edited file would not read back as the fixed document")
    return bom + new_text
