"""What a run's worker does: read a file and check its documents, or check documents that
waited until every file was read. The same functions run in the main process with one job.

A worker's engine is the main process's (inherited when processes fork) or built again
from the same rule packs (when they are spawned).
"""

from __future__ import annotations

import signal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.checks.fast import Verdict
from validator.coverage import Coverage
from validator.document import Document
from validator.engine import FAILED, PASSED, Engine
from validator.findings import Finding
from validator.peers import Peers
from validator.pipeline.model import Given, Input
from validator.pipeline.spool import Row
from validator.pipeline_findings import Selection
from validator.sources import load_file
from validator.sources.own_outputs import OWN_OUTPUT
from validator.sources.problems import PageOptions

SCHEMA = "schema"  # the tally's name for the schema check of a document

_state: dict[str, Any] = {}


@dataclass(frozen=True)
class Setup:
    """What a spawned worker needs to build the engine the main process has."""

    rules: tuple[Path, ...]  # the rule-pack files, as the main process loaded them
    selection: Selection
    options: PageOptions


def prepare(engine: Engine, options: PageOptions, in_process: bool = False) -> None:
    """Make this process (and the workers it forks) check with `engine`; `in_process`: the
    work is done where the spool is (one job), which then keeps documents unpickled."""
    _state["engine"], _state["options"] = engine, options
    _state["in_process"] = in_process


class WorkerStopped(Exception):
    """The audit is stopping: this worker leaves its task between two files or documents."""


def _request_stop(signum: int, frame: object) -> None:
    _state["stopping"] = True


def _check_stop() -> None:
    """Between two files or documents: leave the task if the audit is stopping. A worker
    that ends here sends its result (an exception) whole; one killed while it sends leaves
    half a message in the pool's pipe, which the pool's thread then waits on for ever."""
    if _state.get("stopping"):
        raise WorkerStopped("the audit was stopped")


def initialize(setup: Setup) -> None:
    """A worker's start: Ctrl-C is the main process's to handle (it stops the workers);
    SIGTERM (from the main process, or sent to the process group) asks the worker to leave
    its task at the next file or document; a spawned worker loads the rule packs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _request_stop)
    if "engine" not in _state:
        from validator.packs.loading import load_packs

        packs, _ = load_packs(list(setup.rules))  # the files the main process loaded
        prepare(Engine(packs, setup.selection), setup.options)


@dataclass
class Result:
    """What one piece of work gives the main process."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)  # documents read (Row.values)
    findings: list[Finding] = field(default_factory=list)
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (rule, outcome)
    suppressed: int = 0
    checked: list[tuple[int, int]] = field(default_factory=list)  # (file, position)
    waiting: int = 0  # documents left until every file is read (they compare editions)
    files: int = 0  # files read to the end
    rest: list[tuple[int, list[tuple[int, Document]]]] = field(default_factory=list)
    own_outputs: list[str] = field(default_factory=list)  # files the tool wrote: skipped
    coverage: Coverage = field(default_factory=Coverage)  # of the documents checked
    refused: Counter[str] = field(default_factory=Counter)  # pages recognised, not checked


def read_files(batch: list[tuple[int, Input]], chunk: int | None = None) -> Result:
    """Read files and check their documents (a batch: one round trip for many small
    files); with `chunk`, check only the first `chunk` documents of a file and hand the
    rest back, in chunks, for other workers."""
    result = Result()
    read: list[_File] = []
    pending = 0
    for file, path in batch:
        _check_stop()
        read.append(_read_file(result, file, path, chunk))
        pending += len(read[-1].mine)
        if pending >= PENDING:
            _check_files(result, read)
            read, pending = [], 0
    _check_files(result, read)
    return result


# documents read before those read are checked: files written alike are judged together,
# and a batch of workbooks is not held whole
PENDING = 4096


def _check_files(result: Result, read: list[_File]) -> None:
    """Check the documents of files read, judged column-wise together: a table's rows, and
    small files written alike (one record per file)."""
    engine: Engine = _state["engine"]
    said = engine.verdicts([doc for one in read for _, doc in one.mine])
    for one in read:
        for position, doc in one.mine:
            _check_stop()
            grouping = one.peers if id(doc) in one.grouped else None
            _read(engine, result, one.number, position, doc, grouping, said.get(id(doc)))
        result.files += 1


@dataclass
class _File:
    number: int
    mine: list[tuple[int, Document]]  # the documents this task checks, by position
    peers: Peers
    grouped: set[int]  # ids of the documents checked with their file's peers


def _read_file(result: Result, file: int, name: Input, chunk: int | None) -> _File:
    """Read a file (or take the documents given): its problems go to `result`, its
    documents past the first `chunk` to `result.rest` for other workers; the rest is this
    task's to check."""
    engine: Engine = _state["engine"]
    if isinstance(name, Given):
        docs, problems = list(name.documents), list(name.problems)
    else:
        path = Path(name) if isinstance(name, str) else name  # an OutsideLink stays one
        docs, problems = load_file(path, str(path), _state["options"])
    for source, problem in problems:
        if problem.rule == OWN_OUTPUT:
            result.own_outputs.append(source)
            continue

        result.findings.extend(engine.source_findings(source, problem))
    if not docs:  # a report page recognised and refused: counted once, by its layout
        result.refused.update({p.layout for _, p in problems if p.layout})
    peers = Peers(docs, whole_run=False)  # a summary sheet's rows are about its own file
    grouped = {id(d) for d in docs if _needs_peers(engine, d)}
    mine = [(i, d) for i, d in enumerate(docs) if chunk is None or i < chunk or id(d) in grouped]
    if chunk is not None:
        for start in range(chunk, len(docs), chunk):
            part = [
                (i, d)
                for i, d in enumerate(docs[start : start + chunk], start)
                if id(d) not in grouped
            ]
            if part:
                result.rest.append((file, part))
    return _File(file, mine, peers, grouped)


def check_part(file: int, part: list[tuple[int, Document]]) -> Result:
    """Check documents another worker read (part of a large file)."""
    engine: Engine = _state["engine"]
    result = Result()
    said = engine.verdicts([doc for _, doc in part])
    for position, doc in part:
        _check_stop()
        _read(engine, result, file, position, doc, None, said.get(id(doc)))
    return result


# a document that waited: (file, position, the document, its previous edition or None, the
# pointers of the figures found wrong in that edition)
Waiting = tuple[int, int, Document, Document | None, frozenset[str]]


def check_waiting(items: list[Waiting], peers: Peers | None = None) -> Result:
    """Check documents that waited until every file was read, each with its previous
    edition (None when the run did not read it) and what was found wrong there; `peers`:
    the whole run, for documents whose group can hold documents of other files."""
    engine: Engine = _state["engine"]
    result = Result()
    for file, position, doc, previous, wrong in items:
        _check_stop()
        _check(engine, result, doc, previous, peers, previous_wrong=wrong)
        result.checked.append((file, position))
    return result


def _read(
    engine: Engine,
    result: Result,
    file: int,
    position: int,
    doc: Document,
    peers: Peers | None = None,
    verdicts: dict[str, Verdict] | None = None,
) -> None:
    in_process = _state.get("in_process", False)
    if (None not in doc.identity and _needs_previous(engine, doc)) or _needs_run(engine, doc):
        result.rows.append(Row(file, position, doc, checked=False).values(in_process))
        result.waiting += 1
        return
    _check(engine, result, doc, None, peers, verdicts)
    # a group over the whole run reads every document back: each one is kept
    keep = engine.over_run
    result.rows.append(Row(file, position, doc, checked=True, keep=keep).values(in_process))


def _needs_previous(engine: Engine, doc: Document) -> bool:
    try:
        return engine.needs_previous(doc)
    except Exception:  # checking it now will report what is wrong with the document
        return False


def _needs_run(engine: Engine, doc: Document) -> bool:
    try:
        return engine.needs_run(doc)
    except Exception:  # checking it will report what is wrong with the document
        return False


def _needs_peers(engine: Engine, doc: Document) -> bool:
    try:
        return engine.needs_peers(doc)
    except Exception:  # checking it will report what is wrong with the document
        return False


def _check(
    engine: Engine,
    result: Result,
    doc: Document,
    previous: Document | None,
    peers: Peers | None = None,
    verdicts: dict[str, Verdict] | None = None,
    previous_wrong: frozenset[str] = frozenset(),
) -> None:
    """`verdicts`: what the compiled rules said of it column-wise (Engine.verdicts)."""
    found, outcomes, judged, suppressed = engine.check_document(
        doc, previous, peers, verdicts, previous_wrong
    )
    result.outcomes.update(outcomes.items())
    if doc.survey in engine.known_surveys:
        result.coverage.add(doc, judged, engine.schemas.roles(doc.survey))
        schema_failed = any(f.rule.startswith("schema/") for f in found)
        result.outcomes[(SCHEMA, FAILED if schema_failed else PASSED)] += 1
    result.findings.extend(found)
    result.suppressed += suppressed
