"""`report-validator import`: sources in, canonical YAML documents out."""

from __future__ import annotations

import argparse
import sys

from validator.commands.common import (
    loaded_packs,
    page_options,
)
from validator.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS


def run(args: argparse.Namespace) -> int:
    """Sources in, canonical YAML out. What a source cannot give (parse errors, unreadable
    cells) is printed as `check` prints it, and fails the run from --fail-on up, as in
    `check`; a record refused (two sources disagree) fails it too; the rest is written."""
    from validator.atomic import input_files
    from validator.document_writer import write
    from validator.engine import Engine
    from validator.findings import Severity
    from validator.reporters.text import counted
    from validator.sources import load_paths
    from validator.sources.own_outputs import OWN_OUTPUT, skipped_note

    missing = [p for p in args.sources if not p.exists()]
    if missing:
        print(f"report-validator: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return EXIT_ERROR
    packs, failed = loaded_packs(None)
    if failed is not None:
        return failed
    engine = Engine(packs)
    options = page_options(args, packs)
    documents, problems = load_paths(args.sources, options)
    found = [f for source, problem in problems for f in engine.source_findings(source, problem)]
    own = [source for source, problem in problems if problem.rule == OWN_OUTPUT]
    if own:
        print(f"report-validator: {skipped_note(own)}", file=sys.stderr)
    for f in found:
        print(f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
    try:
        written, refused, agreeing = write(
            documents, args.out, input_files(args.sources), args.overwrite
        )
    except OSError as error:
        print(f"report-validator: error: cannot write to {args.out}: {error}", file=sys.stderr)
        return EXIT_ERROR
    for line in refused:
        print(line)
    summary = f"{counted(len(written), 'document')} written to {args.out}"
    if agreeing:
        summary += (
            f"; {counted(agreeing, 'record')} repeated in another source, agreeing on "
            "every figure both give (its figures are in one document)"
        )
    if not args.quiet:
        print(summary)
    fail_on = Severity.parse(args.fail_on)
    failing = any(f.severity >= fail_on for f in found)
    return EXIT_FINDINGS if failing or refused else EXIT_CLEAN
