"""Read a source file as text: UTF-8, a byte-order mark (as Excel writes one) dropped.

`bytes.decode` does it in one call; `open(encoding="utf-8-sig")` goes through the codec's
incremental decoder in Python and reads a small file several times slower.
"""

from __future__ import annotations

from pathlib import Path


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")
