"""Signal handlers installed for a block and put back after it (the audit's stop, the
writing of its reports, the time budget of one file)."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType

Handler = Callable[[int, FrameType | None], None]

# what ends a run from outside besides Ctrl-C: SIGTERM, and SIGHUP (a closed terminal;
# Windows has none)
TERMINATING = (signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


@contextmanager
def handling(signums: Iterable[int], handler: Handler) -> Iterator[None]:
    """`handler` for `signums` in the block; the handlers before are put back at the end."""
    previous = {s: signal.signal(s, handler) for s in signums}
    try:
        yield
    finally:
        for s, before in previous.items():
            signal.signal(s, before)
