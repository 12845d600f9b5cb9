"""Where each value of a document sits in its source file.

Loaders return data *and* a source map; the engine turns a finding's JSON pointer into a
position a person can jump to. A pointer with no entry of its own (a missing property)
is placed at its nearest ancestor that has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from validator import pointer as jp

Position = tuple[int, int]  # 1-based line and column


@dataclass
class SourceMap:
    """Positions by JSON pointer; built eagerly or, for formats where it costs, on demand."""

    positions: dict[str, Position] = field(default_factory=dict)
    build: Callable[[], dict[str, Position]] | None = None
    # Where a value is, in words, for sources whose line and column are not enough
    # (a spreadsheet cell: "FIW13-24!W1234 (PR)"); looked up like positions.
    notes: dict[str, str] = field(default_factory=dict)

    # builds `notes` on first use, for sources where writing them costs (a cell's note
    # for each of 100,000 cells, when a finding names a handful)
    build_notes: Callable[[], dict[str, str]] | None = None

    def describe(self, pointer: str) -> str | None:
        if self.build_notes is not None:
            self.notes, self.build_notes = self.build_notes(), None
        at = pointer
        while True:
            if at in self.notes:
                return self.notes[at]
            if not at:
                return None
            at = jp.parent(at)

    def exact(self, pointer: str) -> Position | None:
        """Where the value at `pointer` itself is, if the source recorded it (no ancestor)."""
        if self.build is not None:
            self.positions, self.build = self.build(), None
        return self.positions.get(pointer)

    def locate(self, pointer: str) -> Position:
        if self.build is not None:
            self.positions, self.build = self.build(), None
        at = pointer
        while True:
            if at in self.positions:
                return self.positions[at]
            if not at:
                return (1, 1)
            at = jp.parent(at)
