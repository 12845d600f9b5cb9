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
