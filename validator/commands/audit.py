"""`report-validator audit`: arguments to an audit, the audit to reports and an exit code.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or rule-pack error or a
report that cannot be written, 130 stopped (Ctrl-C, SIGTERM, SIGHUP) with the reports of
what was finished written.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from validator.commands.common import checker_of, nothing_found, start, verdict
from validator.exits import EXIT_ERROR, EXIT_STOPPED
from validator.signals import TERMINATING, handling

if TYPE_CHECKING:
    from validator.pipeline.model import Run

Write = Callable[["Run", TextIO], None]  # a reporter's writer: the audit to a stream


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run(args: argparse.Namespace) -> int:
    from validator.atomic import open_atomic
    from validator.findings import Severity
    from validator.pipeline.progress import Progress
    from validator.pipeline.spool import Spool
    from validator.reporters import audit_text

    outputs = _outputs(args)
    clash = _same_target(args)
    if clash is not None:
        print(f"report-validator: error: {clash}", file=sys.stderr)
        return EXIT_ERROR
    packs, failed = start(args, [target for target, _ in outputs])
    if failed is not None:
        return failed
    checker = checker_of(args, packs)
    jobs = args.jobs or default_jobs()
    progress = Progress(sys.stderr if sys.stderr.isatty() and not args.quiet else None)
    with tempfile.TemporaryDirectory(prefix="report-validator-audit-") as folder:
        spool = Spool(Path(folder) / "spool.sqlite")
        try:
            audit = checker.run(
                args.paths,
                jobs=jobs,
                spool=spool,
                progress=progress,
                exclude=[target for target, _ in outputs],
                signals=True,
            )
            if audit.own_outputs:
                from validator.sources.own_outputs import skipped_note

                print(
                    f"report-validator: {skipped_note(sorted(audit.own_outputs))}", file=sys.stderr
                )
            if audit.changed_note:
                print(f"report-validator: {audit.changed_note}", file=sys.stderr)
            if audit.files == len(audit.own_outputs) and not audit.stopped:
                empty = nothing_found(args)
                if empty is not None:
                    return empty
            reports = tuple(str(t) for t, _ in outputs if t.suffix != ".csv" or t == args.csv)
            with _ending_on_signals():
                sys.stdout.write(audit_text.render(audit, args.quiet, reports))
                sys.stdout.flush()
                for target, render in outputs:
                    try:
                        with open_atomic(target) as out:
                            render(audit, out)
                    except OSError as error:
                        message = f"cannot write {target}: {error.strerror or error}"
                        print(f"report-validator: error: {message}", file=sys.stderr)
                        return EXIT_ERROR
            if audit.stopped:
                return EXIT_STOPPED
            return verdict(audit.coverage, audit.is_failing(Severity.parse(args.fail_on)))
        except Terminated as ended:  # while the reports were written: none is left half done
            print(
                f"report-validator: stopped by {ended} while writing the reports; "
                "no report was left half written",
                file=sys.stderr,
            )
            return 128 + ended.signum
        except sqlite3.Error as error:  # the working file: a full disk, a vanished /tmp
            print(
                f"report-validator: error: the audit's working file in {folder} failed "
                f"({error}; is the disk full?); no report was written",
                file=sys.stderr,
            )
            return EXIT_ERROR
        finally:
            spool.close()


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while the reports were written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def _ending_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the writing of reports by an exception, not by the default
    action: the report being written is removed (open_atomic), the working folder too, and
    the exit code is the signal's (128 + N) as before."""

    def end(signum: int, frame: object) -> None:
        raise Terminated(signum)

    with handling(TERMINATING, end):
        yield


def _same_target(args: argparse.Namespace) -> str | None:
    """Two reports of one run at one file (--json X --csv Y where X is the file of Y's
    tallies): the second would overwrite the first without a word."""
    from validator.reporters import audit_csv

    named = [("--html", args.html), ("--json", args.json), ("--csv", args.csv)]
    if args.csv is not None:
        named.append((f"the tallies of --csv {args.csv}", audit_csv.tallies_path(args.csv)))
    seen: dict[Path, str] = {}
    for said, target in named:
        if target is None:
            continue
        key = Path(os.path.realpath(target))
        if key in seen:
            return f"{seen[key]} and {said} would both be written to {target}: give each its own"
        seen[key] = said
    return None


def _outputs(args: argparse.Namespace) -> list[tuple[Path, Write]]:
    from validator.reporters import audit_csv, audit_html, audit_json

    outputs: list[tuple[Path, Write]] = []
    if args.html is not None:
        outputs.append((args.html, audit_html.write))
    if args.json is not None:
        outputs.append((args.json, audit_json.write))
    if args.csv is not None:
        findings, tallies = audit_csv.writers(args.csv_for_spreadsheets)
        outputs.append((args.csv, findings))
        outputs.append((audit_csv.tallies_path(args.csv), tallies))
    return outputs
