"""The progress bar of an audit, on standard error when it is a terminal (never in a file or
a pipe, never with --quiet): one line, redrawn at most ten times a second."""

from __future__ import annotations

import shutil
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.started = self.drawn = time.monotonic()
        self.phase, self.total, self.done, self.documents, self.findings = "", 0, 0, 0, 0
        self.shown = False

    def start(self, phase: str, total: int) -> None:
        self.phase, self.total, self.done = phase, total, 0
        self.draw(force=True)

    def advance(self, done: int = 0, documents: int = 0, findings: int = 0) -> None:
        self.done += done
        self.documents += documents
        self.findings += findings
        self.draw()

    def draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.drawn < 0.1 and self.done < self.total:
            return
        self.drawn = now
        self.stream.write("\r" + self.line(shutil.get_terminal_size().columns) + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def line(self, width: int) -> str:
        """The bar and its figures, cut to `width` characters."""
        share = self.done / self.total if self.total else 1.0
        elapsed = int(time.monotonic() - self.started)
        figures = (
            f" {self.done:,}/{self.total:,} {self.phase}  {self.documents:,} documents  "
            f"{self.findings:,} findings  {elapsed // 60}:{elapsed % 60:02d}"
        )
        room = max(10, min(30, width - len(figures) - 3))
        filled = int(room * share)
        return f"[{'#' * filled}{'.' * (room - filled)}]{figures}"[: max(width - 1, 1)]

    def close(self) -> None:
        if self.stream is not None and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
