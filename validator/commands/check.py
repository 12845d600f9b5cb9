"""`report-validator check`: the run over the paths, its report in each format asked for, and
the exit code (--fix first writes what it can, --baseline leaves out accepted findings)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from validator.commands.common import checker_of, nothing_found, start, verdict
from validator.exits import EXIT_CLEAN, EXIT_ERROR

if TYPE_CHECKING:
    from validator.api import Checker
    from validator.pipeline.model import Given


def run(args: argparse.Namespace) -> int:
    from validator.findings import Severity
    from validator.reporters import renderer

    stdin = STDIN in args.paths
    if stdin or args.stdin_filename is not None:
        said = _stdin_misused(args)
        if said is not None:
            print(f"report-validator: error: {said}", file=sys.stderr)
            return EXIT_ERROR
        args.paths = [p for p in args.paths if p != STDIN]
    targets = [Path(t) for _, t in args.outputs if t is not None]
    if args.write_baseline is not None:
        targets.append(args.write_baseline)
    baseline = [args.baseline] if args.baseline and args.baseline != args.write_baseline else []
    packs, failed = start(args, targets, baseline)  # --write-baseline may refresh --baseline
    if failed is not None:
        return failed
    checker = checker_of(args, packs)
    # files this run writes, or a baseline beside the reports, are not reports
    not_reports = frozenset(targets + ([args.baseline] if args.baseline else []))
    fixed = 0
    if args.fix:  # write the fixes, say them on stderr (stdout is the report), check the files
        from validator.commands.fix import print_outcome

        outcome = checker.fix(args.paths, unsafe=args.unsafe_fixes, exclude=not_reports)
        print_outcome(outcome, False, sys.stderr, args.show_fixes, args.quiet)
        fixed = outcome.changes
    inputs: list[Path | Given] = list(args.paths)
    if stdin:  # the text in place of the file it names, which the walk leaves out
        inputs.insert(0, _stdin_document(args, checker))
        if args.stdin_filename is not None and args.stdin_filename.exists():
            not_reports |= {args.stdin_filename}
    ran = checker.run(inputs, exclude=not_reports)
    if ran.files == len(ran.own_outputs):  # no file but the tool's own outputs
        empty = nothing_found(args)
        if empty is not None:
            return empty
    report = ran.report()
    report.list_unchecked = args.coverage
    report.fail_on = Severity.parse(args.fail_on)
    report.quiet = args.quiet
    if args.write_baseline is not None:
        from validator.baseline import write_baseline

        try:
            write_baseline(report, args.write_baseline)
        except OSError as error:
            message = f"cannot write {args.write_baseline}: {error.strerror or error}"
            print(f"report-validator: error: {message}", file=sys.stderr)
            return EXIT_ERROR
        report.notes.append(f"{len(report.findings)} findings recorded in {args.write_baseline}")
    if args.baseline is not None:
        from validator.baseline import BaselineError, apply_baseline, read_baseline

        try:
            apply_baseline(report, read_baseline(args.baseline), str(args.baseline))
        except BaselineError as error:
            print(f"report-validator: error: {error}", file=sys.stderr)
            return EXIT_ERROR
    for fmt, target in args.outputs or [["text", None]]:
        if fmt == "text" and args.statistics:
            from validator.reporters.statistics import render as rendered_statistics

            rendered = rendered_statistics(report)
        else:
            rendered = renderer(fmt)(report)
        if target is None:
            sys.stdout.write(rendered)
        else:
            from validator.atomic import write_text

            try:
                write_text(Path(target), rendered)
            except OSError as error:
                print(f"report-validator: error: cannot write {target}: {error}", file=sys.stderr)
                return EXIT_ERROR
    for note in report.notes:
        print(f"report-validator: {note}", file=sys.stderr)
    # files changed (the run fails, so that the change is seen: a hook, CI), or findings
    code = verdict(report.coverage, bool(fixed) or report.is_failing(report.fail_on))
    if args.write_baseline is not None and code != EXIT_ERROR:
        return EXIT_CLEAN
    return code


STDIN = Path("-")


def _stdin_misused(args: argparse.Namespace) -> str | None:
    if STDIN not in args.paths:
        return "--stdin-filename names the document read from standard input: give the path -"
    if args.paths.count(STDIN) > 1:
        return "standard input (-) is given more than once"
    if args.fix:
        return "--fix writes files: it cannot write standard input (check it without --fix)"
    return None


def _stdin_document(args: argparse.Namespace, checker: Checker) -> Given:
    """Standard input as the file --stdin-filename names (its format by the suffix, that
    name in findings; YAML when no name is given), read as a file of that name would be."""
    from validator.pipeline.model import Given
    from validator.sources import load_bytes
    from validator.sources.text import MAX_TEXT_BYTES

    name = args.stdin_filename or Path("-.yaml")
    shown = str(args.stdin_filename) if args.stdin_filename is not None else "-"
    text = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)  # past the limit: a finding, not all
    documents, problems = load_bytes(text, name, shown, checker.options)
    return Given(shown, tuple(documents), tuple(problems))
