"""`report-validator fix`: the figures a rule derives from others, written into the YAML and
JSON files they came from (or shown with --diff), each change said where it is."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from validator.arithmetic import to_text
from validator.commands.common import checker_of, nothing_found, start, verdict
from validator.exits import EXIT_CLEAN, EXIT_FINDINGS
from validator.pipeline.fix import Outcome
from validator.pipeline.fixing import Change, Suspect
from validator.printable import terminal_text


def run(args: argparse.Namespace) -> int:
    """`fix`: exit 0 when nothing is to fix, 1 when figures were fixed (or, with --diff,
    would be) or an error stays in a file given, 2 for a usage error."""
    from validator.findings import Severity

    packs, failed = start(args, [])
    if failed is not None:
        return failed
    outcome = checker_of(args, packs).fix(args.paths, unsafe=args.unsafe_fixes, diff=args.diff)
    if outcome.files == outcome.own_outputs:  # no file but the tool's own outputs
        empty = nothing_found(args)
        if empty is not None:
            return empty
    for finding in outcome.unread:  # a file that cannot be read is not fixed: said
        said = f"{finding.source}:{finding.line}:{finding.column}: not read: {finding.message}"
        print(terminal_text(said))
    print_outcome(outcome, args.diff, None, args.show_fixes, args.quiet)
    # files changed, or an error stays in a file given (unread, not writable, not fixed): a
    # fix-only hook or CI step must not go green over it
    left = [*outcome.unread, *(outcome.fixed.report.findings if outcome.fixed else [])]
    stays = outcome.unwritten or any(f.severity >= Severity.ERROR for f in left)
    failing = bool(outcome.changes or stays)
    if outcome.fixed is None:
        return EXIT_FINDINGS if failing else EXIT_CLEAN
    return verdict(outcome.fixed.report.coverage, failing)


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


def print_outcome(
    outcome: Outcome,
    dry_run: bool,
    stream: TextIO | None = None,
    show_fixes: bool = True,
    quiet: bool = False,
) -> None:
    """Each change once, where it is (not with --no-show-fixes); the suspects and refusals
    (always: a person decides them); then a closing line (not with --quiet)."""
    out = stream or sys.stdout
    if dry_run:
        out.write("".join(outcome.diff))
    # file names and values come from the data: escaped as `check` escapes them, so that a
    # name holding a terminal's control sequence cannot act on the terminal or a CI log
    for changes in (*outcome.written.values(), *outcome.listed.values()) if show_fixes else ():
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
    if not quiet:
        out.write(said + "\n")
