"""Read a source file as text: UTF-8, a byte-order mark (as Excel writes one) dropped.

Whatever the bytes are, the answer is text or a `SourceProblem` that says why not, with
the line and column of the first byte that is not UTF-8: binary files, UTF-16 exports
and files over the size limit are named as such. `bytes.decode` does it in one call;
`open(encoding="utf-8-sig")` goes through the codec's incremental decoder in Python and
reads a small file several times slower.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from validator.sources.problems import SourceProblem

MAX_TEXT_BYTES = 16 * 1024 * 1024  # a report document or page is a few kilobytes
MAX_DEPTH = 32  # levels of nesting a YAML or JSON source may have (a report has four)
# values (numbers, strings, lists, mappings, keys) one YAML or JSON source may hold: a report
# holds a few hundred, a bundled rule pack about a thousand. Memory and time downstream
# (positions, schema, rules, coverage) follow the values, not the bytes: 16 MB of `- 0`
# lines are four million values and took 9 GB before this bound.
MAX_VALUES = 100_000
# records (country-editions) one table (a CSV file, or all sheets of a workbook) may hold,
# and its cells (non-empty), all sheets together: several times what the largest published
# table holds (docs/hostile-input.md, "Limits"). A record costs 7-20 KB while the file is
# read (`check` keeps them all to compare them), a cell about 130 bytes: 15 MB of CSV rows
# took 2,500 MB and two minutes before these bounds.
MAX_RECORDS = 25_000
MAX_CELLS = 1_000_000


class UnreadableText(Exception):
    """The file cannot be read as text; `problem` says why and where."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text (see `read_bytes`)."""
    return decode(read_bytes(path, limit))


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, at most `limit`. A FIFO, a socket or a device is refused, not read:
    opened without blocking and looked at before any read, so that a configuration, a
    baseline or a pack named as one cannot hang the run (a FIFO's open would wait for a
    writer forever)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                what = "a folder" if path.is_dir() else "a pipe, socket or device"
                problem = SourceProblem(
                    "unreadable-file", 1, 1, f"cannot read: {what}, not a regular file"
                )
                raise UnreadableText(problem)
            with os.fdopen(handle, "rb", closefd=True) as stream:
                handle = -1  # the stream closes it
                data = stream.read(limit + 1)
        finally:
            if handle >= 0:
                os.close(handle)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        problem = SourceProblem("unreadable-file", 1, 1, f"cannot read: {reason}")
        raise UnreadableText(problem) from None
    if len(data) > limit:
        message = f"the file is larger than the limit of {limit // (1024 * 1024)} MB for text"
        raise UnreadableText(SourceProblem("file-too-large", 1, 1, message))
    return data


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableText(_not_utf8(data, error.start)) from None


def _not_utf8(data: bytes, offset: int) -> SourceProblem:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return SourceProblem("not-utf8", 1, 1, "the file is UTF-16 text: save it as UTF-8")
    if b"\x00" in data[:8192]:
        return SourceProblem("not-utf8", 1, 1, "the file is binary, not text")
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", "replace")) + 1
    message = (
        f"byte 0x{data[offset]:02x} is not UTF-8 (the file may be Latin-1 or Windows-1252): "
        "save it as UTF-8"
    )
    return SourceProblem("not-utf8", line, column, message)


def too_many_values(limit: int = MAX_VALUES) -> SourceProblem:
    message = (
        f"the file holds more than {limit:,} values (numbers, strings, lists, mappings); "
        "a report document holds a few hundred"
    )
    return SourceProblem("file-too-large", 1, 1, message)


def too_many_records(limit: int = MAX_RECORDS) -> SourceProblem:
    message = (
        f"the file holds more than {limit:,} records (country-editions): split it into "
        "files of fewer"
    )
    return SourceProblem("file-too-large", 1, 1, message)


def too_many_cells(limit: int = MAX_CELLS) -> str:
    return f"the file holds more than {limit:,} cells: split it into files of fewer"
