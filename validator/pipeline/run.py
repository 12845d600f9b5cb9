"""An audit from start to end: files in, an `Audit` (counters and the spool) out.

Ctrl-C (SIGINT), SIGTERM or SIGHUP stops the work: what was finished stays in the spool,
and the audit says where it stopped. A file is finished when all of it is checked and
spooled (one transaction), so a partial audit never holds half a file.
"""

from __future__ import annotations

import datetime
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import NamedTuple

from validator.conflicts import conflicts
from validator.coverage import Coverage
from validator.engine import FAILED, PASSED, SKIPPED, Engine
from validator.findings import Finding, RuleDoc, Severity
from validator.peers import assemble
from validator.pipeline.progress import Progress
from validator.pipeline.schedule import Stopped, StopRequest, Task, run_tasks
from validator.pipeline.spool import Spool
from validator.pipeline.work import (
    SCHEMA,
    Result,
    Setup,
    check_part,
    check_waiting,
    prepare,
    read_files,
)
from validator.signals import TERMINATING, handling
from validator.sources import discover_names
from validator.sources.problems import SourceProblem

CHUNK = 250  # documents of a large file checked per task when several processes share it
WAITING_CHUNK = 100  # documents checked with their previous edition per task
BATCH = 64  # files read per task, at most


@dataclass
class RuleTally:
    """What became of one rule over the audit (R `validate`'s summary: items, passes,
    fails, nNA): documents of its survey checked = passed + failed + skipped + n/a."""

    rule: str
    severity: Severity
    summary: str
    documents: int
    passed: int
    failed: int
    skipped: int  # it reads a value already found wrong
    not_applicable: int  # another edition's rule, a condition, nothing to judge, no previous
    findings: int

    @property
    def checked(self) -> int:
        return self.passed + self.failed

    @property
    def figures(self) -> tuple[int, int, int, int, int, int]:
        """In the order of the summary's columns: checked, passed, failed, skipped, n/a,
        findings."""
        return (
            self.checked,
            self.passed,
            self.failed,
            self.skipped,
            self.not_applicable,
            self.findings,
        )


class LayoutTally(NamedTuple):
    layout: str
    read: int  # documents read in it
    checked: int
    findings: int  # about those documents
    refused: int  # pages recognised in it but not checked (cut, a figure unreadable)


@dataclass
class Audit:
    """What an audit read and found; reporters render it (findings come from the spool)."""

    spool: Spool
    paths: list[str]
    jobs: int
    started: str  # ISO 8601, local time with offset
    files: int = 0
    files_read: int = 0  # files read and checked to the end
    files_in_part: int = 0  # files shared among processes, part checked when the audit stopped
    checked: int = 0  # documents checked
    waiting: int = 0  # documents read but not checked (the audit stopped first)
    suppressed: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # where an interrupted audit stopped
    rules: dict[str, RuleDoc] = field(default_factory=dict)
    tallies: list[RuleTally] = field(default_factory=list)
    statuses: dict[str, list[str]] = field(default_factory=dict)  # survey -> order of statuses
    own_outputs: list[str] = field(default_factory=list)  # the tool's own outputs: skipped
    # figures stated and checked, by survey (the unchecked ones are in the spool)
    coverage: Coverage = field(default_factory=Coverage)
    # report pages recognised by their layout and refused (cut, a figure unreadable), by layout
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def files_told(self) -> str:
        """How many files were read, in words (and, when stopped, those read in part)."""
        told = f"{self.files_read:,} of {self.files:,} files read"
        if self.files_in_part:
            told += f" ({self.files_in_part:,} more in part: some of their records checked)"
        return told

    def layouts(self) -> list[LayoutTally]:
        """Per layout a document was read in (report pages, tables): documents read and
        checked, the findings about them, and the pages recognised but refused."""
        rows = {row[0]: row[1:] for row in self.spool.documents_by_layout()}
        names = sorted(set(rows) | set(self.refused))
        return [LayoutTally(name, *rows.get(name, (0, 0, 0)), self.refused[name]) for name in names]

    def other_findings(self) -> list[tuple[str, int]]:
        """Findings by rule for the rules without a tally (core findings, schema keywords:
        the tally counts the schema as one), by rule id."""
        tallied = {t.rule for t in self.tallies}
        return sorted((r, n) for r, n in self.spool.findings_by_rule().items() if r not in tallied)

    @property
    def complete(self) -> bool:
        return self.stopped is None

    def is_failing(self, fail_on: Severity) -> bool:
        by = self.spool.findings_by_severity()
        return any(n for severity, n in by.items() if severity >= fail_on)


@contextmanager
def _stopping_on_signals() -> Iterator[StopRequest]:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal; Windows has none) ask the
    audit to stop; the handlers before are put back at the end."""
    request = StopRequest()

    def stop(signum: int, frame: FrameType | None) -> None:
        request.record("Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name)

    with handling((signal.SIGINT, *TERMINATING), stop):
        yield request


def run_audit(
    paths: list[Path],
    engine: Engine,
    setup: Setup,
    jobs: int,
    spool: Spool,
    progress: Progress,
    exclude: frozenset[Path] = frozenset(),
) -> Audit:
    with _stopping_on_signals() as stop:  # from the start: a stop while finding files too
        return _audit(paths, engine, setup, jobs, spool, progress, exclude, stop)


def _audit(
    paths: list[Path],
    engine: Engine,
    setup: Setup,
    jobs: int,
    spool: Spool,
    progress: Progress,
    exclude: frozenset[Path],
    stop: StopRequest,
) -> Audit:
    started = time.monotonic()
    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    audit = Audit(spool, [str(p) for p in paths], jobs, now, rules=engine.rule_docs())
    prepare(engine, setup.options)
    outcomes: Counter[tuple[str, str]] = Counter()
    skipped = {p.resolve() for p in exclude}
    files: list[str | Path] = [
        p for p in discover_names(paths) if not (skipped and Path(p).resolve() in skipped)
    ]
    audit.files = len(files)

    waiting = 0  # documents put aside until every file is read

    def take(result: Result) -> None:
        nonlocal waiting
        spool.add(result.rows, result.findings, result.checked, result.coverage.unchecked)
        outcomes.update(result.outcomes)
        audit.own_outputs.extend(result.own_outputs)
        audit.coverage.add_counts(result.coverage)
        audit.refused.update(result.refused)
        audit.suppressed += result.suppressed
        waiting += result.waiting

    parts: Counter[int] = Counter()  # parts of a shared file still being checked, by file

    def finish_part(file: int) -> int:
        """One part of a shared file done: 1 when it was the file's last."""
        parts[file] -= 1
        if parts[file]:
            return 0
        del parts[file]
        return 1

    def on_read(task: Task, result: Result) -> list[Task]:
        take(result)
        shared = {file for file, _ in result.rest}
        for file, _ in result.rest:
            parts[file] += 1
        finished = result.files - len(shared)
        if task.work is check_part:
            finished += finish_part(task.args[0])
        audit.files_read += finished
        audit.files_in_part = len(parts)
        progress.advance(finished, len(result.rows), len(result.findings))
        return [Task(check_part, (file, part), task.label) for file, part in result.rest]

    def on_crash(task: Task, message: str) -> list[Task]:
        """A task killed its worker (or raised): run its files (or documents) one by one to
        find the one; a file or document that does it alone is a finding."""
        pieces = _pieces(task)
        if pieces:
            return pieces
        finding = engine.source_findings(task.label, SourceProblem("internal-error", 1, 1, message))
        spool.add([], finding)
        files = 1 if task.work is read_files else 0
        if task.work is check_part:
            files = finish_part(task.args[0])
        audit.files_read += files
        audit.files_in_part = len(parts)
        progress.advance(files, 0, len(finding))
        return []

    chunk = CHUNK if jobs > 1 else None
    reading = (
        Task(read_files, (batch, chunk), str(batch[0][1])) for batch in _batches(files, jobs)
    )
    try:
        progress.start("files", len(files))
        run_tasks(reading, jobs, setup, on_read, on_crash, stop)
        progress.start("compared with last year", waiting)

        def on_compared(task: Task, result: Result) -> list[Task]:
            take(result)
            progress.advance(len(result.checked), 0, len(result.findings))
            return []

        run_tasks(_waiting(spool), jobs, setup, on_compared, on_crash, stop)
        # after every document was checked: the figures records assembled from several
        # sources compare are then in the spool's unchecked list, to be taken off it (a
        # page that waited for last year's edition was not, and was counted unchecked)
        audit.coverage.checked.update(_conflicts(engine, spool))
        stop.check()  # a stop that came with the last task's result: not a complete audit
    except KeyboardInterrupt as stopped:
        reason = str(stopped) if isinstance(stopped, Stopped) else "Ctrl-C"
        where = (
            "while reading files"
            if audit.files_read < audit.files
            else "while comparing documents with last year's"
        )
        audit.stopped = f"stopped by {reason} {where}"
    finally:
        progress.close()
    audit.seconds = time.monotonic() - started
    audit.checked, audit.waiting = spool.checked()  # what the spool holds, stopped or not
    audit.tallies = _tallies(engine, spool, outcomes)
    audit.statuses = {
        s: [str(v) for v in engine.schemas.allowed_values(s, "status")]
        for s in engine.known_surveys
    }
    return audit


def _batches(files: list[str | Path], jobs: int) -> Iterator[list[tuple[int, str | Path]]]:
    """Files in batches: one round trip to a worker for many small files, while leaving
    each worker some 16 batches (for balance, and for a progress bar that moves)."""
    size = max(1, min(BATCH, len(files) // (16 * jobs)))
    for start in range(0, len(files), size):
        yield list(enumerate(files[start : start + size], start))


def _pieces(task: Task) -> list[Task]:
    """A task split into one task per file (a batch) or per document (waiting documents)."""
    if task.work is read_files:
        batch, chunk = task.args
        if len(batch) > 1:
            return [Task(read_files, ([item], chunk), str(item[1])) for item in batch]
    elif task.work is check_waiting:
        (items,) = task.args
        if len(items) > 1:
            return [Task(check_waiting, ([item],), item[2].source) for item in items]
    return []


def _conflicts(engine: Engine, spool: Spool) -> Counter[str]:
    """Records read twice: a finding where the figures differ, and the rules on records
    assembled from several sources (scores in one workbook, ratings in another), as `check`
    does. Returns the figures those records compared that their own documents did not, by
    survey: checked, as `check` counts them."""
    found: list[Finding] = []
    checked: Counter[str] = Counter()
    for group in spool.duplicates():
        found.extend(conflicts(group, engine.builtins, engine.schemas.roles))
        for whole in assemble(group, engine.schemas.roles):
            findings, judged = engine.check_assembled(whole)
            found.extend(findings)
            for part in whole.parts:
                checked[part.survey or "?"] += spool.judged_elsewhere(part, judged[id(part)])
    spool.add([], found)
    return checked


def _waiting(spool: Spool) -> Iterator[Task]:
    """The documents that compare with last year, with their previous edition."""
    after = 0
    while True:
        rows = spool.waiting(after, WAITING_CHUNK)
        if not rows:
            return
        items = []
        for rowid, file, position, doc in rows:
            survey, country, edition = doc.record
            assert survey is not None and country is not None and edition is not None
            items.append((file, position, doc, spool.first(survey, country, edition - 1)))
            after = rowid
        yield Task(check_waiting, (items,), rows[0][3].source)


def _tallies(engine: Engine, spool: Spool, outcomes: Counter[tuple[str, str]]) -> list[RuleTally]:
    checked = spool.checked_by_survey()
    findings = spool.findings_by_rule()
    docs = engine.rule_docs()
    surveys: dict[str, set[str]] = {SCHEMA: set(engine.known_surveys)}
    for survey, planned in engine.by_survey.items():
        for p in planned:
            surveys.setdefault(p.rule_id, set()).add(survey)
    tallies = []
    for rule, among in sorted(surveys.items()):
        documents = sum(checked.get(s) or 0 for s in among)
        passed, failed = outcomes[(rule, PASSED)], outcomes[(rule, FAILED)]
        skipped = outcomes[(rule, SKIPPED)]
        doc = docs.get(rule)
        tallies.append(
            RuleTally(
                rule,
                doc.severity if doc else Severity.ERROR,
                doc.summary
                if doc
                else "The document has the fields and types of its survey's schema.",
                documents,
                passed,
                failed,
                skipped,
                documents - passed - failed - skipped,
                sum(
                    n
                    for r, n in findings.items()
                    if r == rule or (rule == SCHEMA and r.startswith("schema/"))
                ),
            )
        )
    return tallies
