"""Running the audit's work in processes: a bounded window of tasks in flight, results in
the order they finish, more work from results (the parts of a large file), and a worker
that dies (killed, out of memory) turned into a finding instead of a lost audit.

When a worker dies, every task then in flight is suspect: they run again one at a time,
and the one that kills a worker while running alone is split into smaller tasks (a batch
into its files), or reported when it cannot be split; the others finish.

A stop (Ctrl-C, SIGTERM, SIGHUP) is a request: the signal handler only records it, and the
loop acts on it between results, where no lock of the executor is held. An exception
raised by the handler itself could land inside `concurrent.futures.wait` with some futures'
locks taken, and the pool's thread would then wait for them forever (an audit that hung
after Ctrl-C under load). A second signal stops at once.

Workers are stopped by asking: SIGTERM makes a worker leave its task between two files or
documents and send that back whole; a worker still busy within one file after `GRACE`
seconds is killed (it is computing, not sending). A worker killed while it sends a result
would leave half a message in the pool's pipe, and the pool's thread would wait for the rest
for ever (the interpreter, at exit, waits for that thread).
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from validator.pipeline.work import Result, Setup, initialize

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# concurrent.futures and multiprocessing (36 ms to import) are imported by the pool, when a
# run has more than one job: a check of one file never starts one


@dataclass(frozen=True)
class Task:
    work: Callable[..., Result]  # a module-level function of validator.pipeline.work
    args: tuple[Any, ...]
    label: str  # the file it is about, for the finding if it kills a worker


OnResult = Callable[[Task, Result], Iterable[Task]]
# a task that killed a worker or raised, and why: smaller tasks to run (or none: reported)
OnCrash = Callable[[Task, str], Iterable[Task]]
# fork where it is safe (Linux): workers inherit the loaded packs; elsewhere each worker
# starts afresh and loads them (work.initialize)
START_METHOD = "fork" if sys.platform == "linux" else "spawn"
STOPPED = "the process checking this file stopped (killed, or out of memory)"
GRACE = 3.0  # seconds a stopped worker has to leave its task before it is killed


class Stopped(KeyboardInterrupt):
    """The audit was asked to stop; str() says by what ("Ctrl-C", "SIGTERM")."""


class StopRequest:
    """Signals recorded by their handler, acted on by the loop (`check`)."""

    def __init__(self) -> None:
        self.reason: str | None = None

    def record(self, reason: str) -> None:
        if self.reason is not None:
            raise Stopped(self.reason)  # asked twice: at once
        self.reason = reason

    def check(self) -> None:
        if self.reason is not None:
            raise Stopped(self.reason)


class Scheduler:
    """Runs rounds of tasks on one pool of workers (started with the first task), each round
    to its end before the next: a phase that must wait for another's results (last year's
    edition checked before this year's) pays for one pool."""

    def __init__(self, jobs: int, setup: Setup, stop: StopRequest) -> None:
        self.jobs, self.setup, self.stop = jobs, setup, stop
        self.pool: _Pool | None = None

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.__exit__(*exc)

    def run(self, tasks: Iterator[Task], on_result: OnResult, on_crash: OnCrash) -> None:
        if self.jobs <= 1:
            _inline(tasks, on_result, on_crash, self.stop)
            return
        first = next(tasks, None)
        if first is None:
            return
        if self.pool is None:
            self.pool = _Pool(self.jobs, self.setup)
        self.pool.run(itertools.chain([first], tasks), on_result, on_crash, self.stop)


def _inline(
    tasks: Iterator[Task], on_result: OnResult, on_crash: OnCrash, stop: StopRequest
) -> None:
    """The tasks in this process, one after the other."""
    extra: deque[Task] = deque()
    while True:
        stop.check()  # between tasks: a file is read whole or not at all
        task = extra.popleft() if extra else next(tasks, None)
        if task is None:
            return
        try:
            result = task.work(*task.args)
        except Exception as error:  # a bug outside the readers' and checks' nets
            extra.extend(on_crash(task, _failure(error)))
            continue
        extra.extend(on_result(task, result))


class _Pool:
    def __init__(self, jobs: int, setup: Setup) -> None:
        import multiprocessing

        self.jobs, self.setup = jobs, setup
        self.context = multiprocessing.get_context(START_METHOD)
        self.executor = self._start()
        self.broken = False

    def _start(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            self.jobs, mp_context=self.context, initializer=initialize, initargs=(self.setup,)
        )

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop(kill=exc[0] is not None)

    def _stop(self, kill: bool) -> None:
        if not kill:
            self.executor.shutdown(wait=True)
            return
        terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14
        if terminate is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            terminate()
            return
        # the workers, taken before shutdown: shutdown forgets them (_processes = None), and
        # a worker left running would outlive the audit, busy or blocked on a full pipe
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()  # asks it to leave its task at the next file or document
        deadline = time.monotonic() + GRACE
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():  # busy within one file: ended (it is not sending)
                process.kill()
                process.join(5)  # a loaded machine may take seconds to reap it

    def run(
        self, tasks: Iterator[Task], on_result: OnResult, on_crash: OnCrash, stop: StopRequest
    ) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        window = 2 * self.jobs  # enough to keep every worker busy, few results waiting
        extra: deque[Task] = deque()
        suspects: deque[Task] = deque()
        in_flight: dict[Future[Result], Task] = {}
        exhausted = False
        while True:
            if suspects:
                if not in_flight:
                    task = suspects.popleft()
                    if not self._submit(task, in_flight):
                        suspects.appendleft(task)
            else:
                while len(in_flight) < window:
                    following = extra.popleft() if extra else None
                    if following is None and not exhausted:
                        following = next(tasks, None)
                        exhausted = following is None
                    if following is None:
                        break
                    if not self._submit(following, in_flight):
                        extra.appendleft(following)  # it never ran: not a suspect
                        break
            if not in_flight:
                if self.broken:
                    stop.check()  # workers killed by the stop itself: no new ones
                    self._restart()
                    continue
                return
            done: set[Future[Result]] = set()
            while not done:
                stop.check()
                done, _ = wait(in_flight, timeout=0.1, return_when=FIRST_COMPLETED)
            failed: list[Task] = []
            stop.check()  # results of workers that left their task because of the stop
            for future in done:
                task = in_flight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    failed.append(task)
                    continue
                except Exception as error:  # raised in the worker, or its result unpicklable
                    suspects.extend(on_crash(task, _failure(error)))
                    continue
                extra.extend(on_result(task, result))
            if failed:  # a worker died: every task in flight is lost with it
                stop.check()  # the signal that stops the audit killed it (a process group)
                lost = failed + list(in_flight.values())
                if len(lost) == 1:
                    # it was running alone: it is the one (or holds it, if it can be split)
                    suspects.extend(on_crash(lost[0], STOPPED))
                else:
                    suspects.extend(lost)  # run each alone to find which
                in_flight.clear()
                self._restart()

    def _submit(self, task: Task, in_flight: dict[Future[Result], Task]) -> bool:
        """Submit, or say that the pool is broken (a worker died since the last results)."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            in_flight[self.executor.submit(task.work, *task.args)] = task
        except BrokenProcessPool:
            self.broken = True
            return False
        return True

    def _restart(self) -> None:
        """A worker died: the pool is broken, and ended its other workers itself."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor, self.broken = self._start(), False


def _failure(error: Exception) -> str:
    return f"the file could not be checked: {type(error).__name__}: {error}"[:500]
