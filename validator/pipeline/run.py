"""The run, written once: files (or documents given) in, a `Run` (counters and the spool) out.

Every command goes through it: `check`, `fix` and the hooks with one process and the spool
in memory, `audit` with `--jobs` processes and the spool on disk, the Python API either way.
Its stages:

1. read each file and check its documents (in workers when there are several), the rows of
   a file judged column-wise; a document that compares with last year, or computes over a
   group of documents of other files (`scope: run`), waits;
2. once every file is read: the waiting documents, each with its previous edition (the
   run's first document of that record, else `find_previous`, else a finding when a rule
   needed it) and the whole run as its group;
3. across documents: records read twice (a finding where their figures differ), and the
   rules on records assembled from several sources;
4. tallies: what became of each rule, figure coverage, statuses.

Ctrl-C (SIGINT), SIGTERM or SIGHUP stops an audit's work (`signals=True`): what was finished
stays in the spool, and the run says where it stopped. A file is finished when all of it is
checked and spooled (one transaction), so a partial audit never holds half a file.
"""

from __future__ import annotations

import datetime
import itertools
import signal
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import FrameType

from validator.conflicts import conflicts
from validator.document import Document
from validator.engine import FAILED, PASSED, SKIPPED, Engine, FindPrevious
from validator.findings import Finding, Report, Severity
from validator.peers import assemble
from validator.pipeline.model import Given, Input, Problem, RuleTally, Run
from validator.pipeline.progress import Progress
from validator.pipeline.schedule import Scheduler, Stopped, StopRequest, Task
from validator.pipeline.spool import Spool, SpooledPeers
from validator.pipeline.work import (
    SCHEMA,
    Result,
    Setup,
    Waiting,
    check_part,
    check_waiting,
    prepare,
    read_files,
)
from validator.signals import TERMINATING, handling
from validator.sources import HIDDEN, files
from validator.sources.problems import PageOptions, SourceProblem

CHUNK = 250  # documents of a large file checked per task when several processes share it
WAITING_CHUNK = 100  # documents checked with their previous edition per task
BATCH = 64  # files read per task, at most


@contextmanager
def _stopping_on_signals() -> Iterator[StopRequest]:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal; Windows has none) ask the
    run to stop; the handlers before are put back at the end."""
    request = StopRequest()

    def stop(signum: int, frame: FrameType | None) -> None:
        request.record("Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name)

    with handling((signal.SIGINT, *TERMINATING), stop):
        yield request


def run(
    inputs: Sequence[Path | Given] | Iterable[Path | Given],
    engine: Engine,
    *,
    options: PageOptions | None = None,
    jobs: int = 1,
    setup: Setup | None = None,
    spool: Spool | None = None,
    progress: Progress | None = None,
    exclude: frozenset[Path] = frozenset(),
    find_previous: FindPrevious | None = None,
    signals: bool = False,
    skip: tuple[str, ...] = HIDDEN,
) -> Run:
    """Check files and folders (found as `discover` finds them, `skip`: the patterns a walk
    leaves out, `exclude`: files left out) and
    documents given, as one run. `spool`: where the run keeps its documents and findings
    (in memory when None); `jobs` > 1 needs `setup` (what a spawned worker loads);
    `signals`: Ctrl-C, SIGTERM and SIGHUP stop the run between two files and the run says
    so (an audit), instead of raising KeyboardInterrupt (a check)."""
    options = options or PageOptions()
    setup = setup or Setup((), engine.selection, options)
    spool = spool if spool is not None else Spool(":memory:")
    progress = progress or Progress(None)
    with _stopping_on_signals() if signals else nullcontext(StopRequest()) as stop:
        return _run(
            list(inputs), engine, options, jobs, setup, spool, progress, exclude, find_previous,
            stop, signals, skip,
        )  # fmt: skip


def check_documents(
    engine: Engine,
    documents: Iterable[Document],
    problems: Iterable[Problem] = (),
    find_previous: FindPrevious | None = None,
) -> Report:
    """Documents already read (with what reading them could not give), checked as one run:
    those of one source as the documents of one file, in the order given."""
    return run(given(documents, problems), engine, find_previous=find_previous).report()


def given(documents: Iterable[Document], problems: Iterable[Problem] = ()) -> list[Given]:
    """Documents and problems as the files they came from, in the order they first appear."""
    by_source: dict[str, tuple[list[Document], list[Problem]]] = {}
    for doc in documents:
        by_source.setdefault(doc.source, ([], []))[0].append(doc)
    for source, problem in problems:
        by_source.setdefault(source, ([], []))[1].append((source, problem))
    return [Given(name, tuple(docs), tuple(said)) for name, (docs, said) in by_source.items()]


class _Walk:
    """The files below the paths (and the documents given), in the order of the run: walked
    once to count them (for the progress bar and the batch size), and again as they are
    read, so that a run of a million files never holds a million names. `count` is the
    number the reading walk found once it has ended (a folder may change in between)."""

    def __init__(
        self, inputs: list[Path | Given], exclude: frozenset[Path], skip: tuple[str, ...]
    ) -> None:
        self.inputs, self.exclude, self.skip = inputs, exclude, skip
        self.count = sum(1 for _ in self._each())

    def __iter__(self) -> Iterator[Input]:
        count = 0
        for item in self._each():
            count += 1
            yield item
        self.count = count

    def _each(self) -> Iterator[Input]:
        paths: list[Path] = []  # paths since the last documents given: found together
        for item in self.inputs:
            if isinstance(item, Given):
                yield from files(paths, self.exclude, self.skip)
                paths = []
                yield item
            else:
                paths.append(item)
        yield from files(paths, self.exclude, self.skip)


def _run(
    inputs: list[Path | Given],
    engine: Engine,
    options: PageOptions,
    jobs: int,
    setup: Setup,
    spool: Spool,
    progress: Progress,
    exclude: frozenset[Path],
    find_previous: FindPrevious | None,
    stop: StopRequest,
    signals: bool,
    skip: tuple[str, ...],
) -> Run:
    started = time.monotonic()
    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    paths = [str(i.name if isinstance(i, Given) else i) for i in inputs]
    result = Run(spool, paths, jobs, now, rules=engine.rule_docs())
    # documents kept as they are where the store is in memory anyway (a check); an audit's
    # store is on disk, and its documents are pickled there, so that memory stays flat
    prepare(engine, options, in_process=jobs <= 1 and spool.in_memory)
    outcomes: Counter[tuple[str, str]] = Counter()
    walk = _Walk(inputs, exclude, skip)
    result.files = walk.count

    waiting = 0  # documents put aside until every file is read

    def take(done: Result) -> None:
        nonlocal waiting
        spool.add(done.rows, done.findings, done.checked, done.coverage.unchecked)
        outcomes.update(done.outcomes)
        result.own_outputs.extend(done.own_outputs)
        result.coverage.add_counts(done.coverage)
        result.refused.update(done.refused)
        result.suppressed += done.suppressed
        waiting += done.waiting

    parts: Counter[int] = Counter()  # parts of a shared file still being checked, by file

    def finish_part(file: int) -> int:
        """One part of a shared file done: 1 when it was the file's last."""
        parts[file] -= 1
        if parts[file]:
            return 0
        del parts[file]
        return 1

    def on_read(task: Task, done: Result) -> list[Task]:
        take(done)
        shared = {file for file, _ in done.rest}
        for file, _ in done.rest:
            parts[file] += 1
        finished = done.files - len(shared)
        if task.work is check_part:
            finished += finish_part(task.args[0])
        result.files_read += finished
        result.files_in_part = len(parts)
        progress.advance(finished, len(done.rows), len(done.findings))
        return [Task(check_part, (file, part), task.label) for file, part in done.rest]

    def on_crash(task: Task, message: str) -> list[Task]:
        """A task killed its worker (or raised): run its files (or documents) one by one to
        find the one; a file or document that does it alone is a finding."""
        pieces = _pieces(task)
        if pieces:
            return pieces
        finding = engine.source_findings(task.label, SourceProblem("internal-error", 1, 1, message))
        spool.add([], finding)
        count = 1 if task.work is read_files else 0
        if task.work is check_part:
            count = finish_part(task.args[0])
        result.files_read += count
        result.files_in_part = len(parts)
        progress.advance(count, 0, len(finding))
        return []

    def on_compared(task: Task, done: Result) -> list[Task]:
        take(done)
        progress.advance(len(done.checked), 0, len(done.findings))
        return []

    chunk = CHUNK if jobs > 1 else None
    reading = (
        Task(read_files, (batch, chunk), _label(batch[0][1]))
        for batch in _batches(walk, walk.count, jobs)
    )
    try:
        with Scheduler(jobs, setup, stop) as scheduler:
            progress.start("files", walk.count)
            scheduler.run(reading, on_read, on_crash)
            if walk.count != result.files:  # a folder changed between the two walks: said
                result.changed = (result.files, walk.count)
            result.files = walk.count  # as the reading walk found them
            progress.start("compared with last year", waiting)
            # edition by edition, the earliest first: a document is compared with last
            # year's once that one was checked, and not with a figure found wrong there
            peers = SpooledPeers(spool)
            for edition in spool.waiting_editions():
                over_run: list[Waiting] = []
                tasks = _waiting(engine, spool, find_previous, over_run, edition)
                scheduler.run(tasks, on_compared, on_crash)
                for start in range(0, len(over_run), WAITING_CHUNK):
                    # with the whole run as their group: here, where the spool is
                    stop.check()
                    items = over_run[start : start + WAITING_CHUNK]
                    task = Task(check_waiting, (items,), items[0][2].source)
                    on_compared(task, check_waiting(items, peers))
        # after every document was checked: the figures records assembled from several
        # sources compare are then in the spool's unchecked list, to be taken off it (a
        # page that waited for last year's edition was not, and was counted unchecked)
        result.coverage.checked.update(_conflicts(engine, spool))
        stop.check()  # a stop that came with the last task's result: not a complete run
    except KeyboardInterrupt as stopped:
        if not signals:  # a check: Ctrl-C stops it, no partial report
            raise
        reason = str(stopped) if isinstance(stopped, Stopped) else "Ctrl-C"
        where = (
            "while reading files"
            if result.files_read < result.files
            else "while comparing documents with last year's"
        )
        result.stopped = f"stopped by {reason} {where}"
    finally:
        progress.close()
    result.seconds = time.monotonic() - started
    result.checked, result.waiting = spool.checked()  # what the spool holds, stopped or not
    result.tally = lambda: _tallies(engine, spool, outcomes)
    result.statuses = {
        s: [str(v) for v in engine.schemas.allowed_values(s, "status")]
        for s in engine.known_surveys
    }
    return result


def _label(item: Input) -> str:
    return item.name if isinstance(item, Given) else str(item)


def _batches(files: Iterable[Input], count: int, jobs: int) -> Iterator[list[tuple[int, Input]]]:
    """Files in batches: one round trip to a worker for many small files, while leaving
    each worker some 16 batches of the `count` files (for balance, and for a progress bar
    that moves)."""
    size = max(1, min(BATCH, count // (16 * jobs)))
    numbered = enumerate(files)
    while batch := list(itertools.islice(numbered, size)):
        yield batch


def _pieces(task: Task) -> list[Task]:
    """A task split into one task per file (a batch) or per document (waiting documents)."""
    if task.work is read_files:
        batch, chunk = task.args
        if len(batch) > 1:
            return [Task(read_files, ([item], chunk), _label(item[1])) for item in batch]
    elif task.work is check_waiting:
        (items,) = task.args
        if len(items) > 1:
            return [Task(check_waiting, ([item],), item[2].source) for item in items]
    return []


def _conflicts(engine: Engine, spool: Spool) -> Counter[str]:
    """Records read twice: a finding where the figures differ, and the rules on records
    assembled from several sources (scores in one workbook, ratings in another), with the
    record's previous edition when the run read it. Returns the figures those records
    compared that their own documents did not, by survey: checked."""
    found: list[Finding] = []
    checked: Counter[str] = Counter()
    for group in spool.duplicates():
        found.extend(conflicts(group, engine.builtins, engine.schemas.roles))
        for whole in assemble(group, engine.schemas.roles):
            survey, key, edition = whole.document.record
            previous = None
            if survey is not None and key is not None and edition is not None:
                previous = spool.first(survey, key, edition - 1)
            findings, judged = engine.check_assembled(whole, previous)
            found.extend(findings)
            for part in whole.parts:
                checked[part.survey or "?"] += spool.judged_elsewhere(part, judged[id(part)])
    spool.add([], found)
    return checked


def _waiting(
    engine: Engine,
    spool: Spool,
    find_previous: FindPrevious | None,
    over_run: list[Waiting],
    edition: int | None,
) -> Iterator[Task]:
    """The documents of one edition that waited, each with its previous edition (the
    run's first document of that record, else the one `find_previous` finds; a finding when
    neither is there and a rule needed it) and the figures found wrong in it. Those whose
    group is the whole run go to `over_run`, to be checked where the spool is."""
    after = 0
    while True:
        rows = spool.waiting(after, WAITING_CHUNK, edition)
        if not rows:
            return
        items: list[Waiting] = []
        missing: list[Finding] = []
        for rowid, file, position, doc in rows:
            after = rowid
            previous = None
            survey, key, edition = doc.record
            if survey is not None and key is not None and edition is not None:
                previous = spool.first(survey, key, edition - 1)
                if previous is None and find_previous is not None and doc.country:
                    previous, looked = find_previous(survey, doc.country, edition - 1)
                    if previous is None and _needs_previous(engine, doc):
                        message = (
                            f"the previous edition is not in this run nor at {looked}: "
                            "last year's figures were not compared with it"
                        )
                        missing.extend(
                            engine.builtins.located(
                                doc, "core/previous-edition-missing", "", message
                            )
                        )
            wrong = spool.wrong_pointers(previous) if previous is not None else frozenset()
            item = (file, position, doc, previous, wrong)
            (over_run if _needs_run(engine, doc) else items).append(item)
        if missing:
            spool.add([], missing)
        if items:
            yield Task(check_waiting, (items,), items[0][2].source)


def _needs_previous(engine: Engine, doc: Document) -> bool:
    try:
        return engine.needs_previous(doc)
    except Exception:  # checking it reports what is wrong with the document
        return False


def _needs_run(engine: Engine, doc: Document) -> bool:
    try:
        return engine.needs_run(doc)
    except Exception:  # checking it reports what is wrong with the document
        return False


def _tallies(engine: Engine, spool: Spool, outcomes: Counter[tuple[str, str]]) -> list[RuleTally]:
    checked = spool.checked_by_survey()
    findings = spool.findings_by_rule()
    findings[SCHEMA] = sum(n for r, n in findings.items() if r.startswith("schema/"))
    docs = engine.rule_docs()
    surveys: dict[str, set[str]] = {SCHEMA: set(engine.known_surveys)}
    for survey, planned in engine.by_survey.items():
        for p in planned:
            surveys.setdefault(p.rule_id, set()).add(survey)
    schema_summary = "The document has the fields and types of its survey's schema."
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
                doc.summary if doc else schema_summary,
                documents,
                passed,
                failed,
                skipped,
                documents - passed - failed - skipped,
                findings.get(rule, 0),
            )
        )
    return tallies
