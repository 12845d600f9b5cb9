"""`report-validator fix` and `check --fix`: the figures `pipeline.fixing` rewrites, written
into the YAML and JSON files they came from (`validator.value_edits`: only the changed values'
bytes change), shown as a unified diff with `--diff`. Report pages and workbooks are never
written: what would change in them is listed, figure by figure, where it is."""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from validator.arithmetic import to_text
from validator.atomic import write_text
from validator.document import Document
from validator.engine import Engine, FindPrevious
from validator.packs.loading import RulePack
from validator.pipeline.fixing import Change, Fixed, Suspect, fix, fixable_rules
from validator.printable import terminal_text
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


def describe(change: Change, written: bool) -> str:
    verb = "fixed" if written else "would fix"
    return (
        f"{change.source}:{change.line}:{change.column}: {verb} {change.pointer}: "
        f"{to_text(change.old)} -> {to_text(change.new)} ({change.rule})"
    )


def not_fixed(suspect: Suspect) -> str:
    first, witness = suspect.roots[0], suspect.witness
    roots = ", ".join(f"{c.pointer} {to_text(c.old)}" for c in suspect.roots)
    return (
        f"{first.source}:{first.line}:{first.column}: not fixed: {roots} "
        f"{'agree' if len(suspect.roots) > 1 else 'agrees'} with {witness.pointer} "
        f"{to_text(witness.old)} as printed ({witness.rule}); the figures "
        f"{'they are' if len(suspect.roots) > 1 else 'it is'} computed from may be the wrong "
        "ones: a person decides"
    )


def print_outcome(outcome: Outcome, dry_run: bool, stream: TextIO | None = None) -> None:
    """Each change once, where it is; then a closing line."""
    out = stream or sys.stdout
    if dry_run:
        out.write("".join(outcome.diff))
    # file names and values come from the data: escaped as `check` escapes them, so that a
    # name holding a terminal's control sequence cannot act on the terminal or a CI log
    for changes in (*outcome.written.values(), *outcome.listed.values()):
        for change in changes:
            written = not dry_run and change.source in outcome.written
            out.write(terminal_text(describe(change, written)) + "\n")
    for suspect in outcome.fixed.suspects if outcome.fixed else []:
        out.write(terminal_text(not_fixed(suspect)) + "\n")
    for line in outcome.refused:
        out.write(terminal_text(line) + "\n")
    files = len(outcome.written)
    in_files = sum(map(len, outcome.written.values()))
    said = (
        f"{in_files} figures to fix in {files} files"
        if dry_run
        else f"{in_files} figures fixed in {files} files"
    )
    if outcome.listed:
        listed = sum(map(len, outcome.listed.values()))
        said += f"; {listed} in report pages or workbooks, which are not written"
    left = (len(outcome.fixed.report.findings) if outcome.fixed else 0) + outcome.unwritten
    said += f"; {left} other findings" + (" (report-validator check lists them)" if left else "")
    out.write(said + "\n")
