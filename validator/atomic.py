"""Writing without losing data: whole files or nothing, and never over an input.

Every file report-validator writes (reports, baselines, imported documents) is written to
a temporary file in the same folder and renamed over the target, so a reader, a crash or
Ctrl-C sees the old file or the new one, never half of one. A target that is one of the
run's inputs is refused before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


class WouldOverwriteInput(Exception):
    """The target of a write is a file the run reads."""


def write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically."""
    with open_atomic(path) as out:
        out.write(text)


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text stream (UTF-8) that replaces `path` when the block ends without an exception;
    with one, `path` is left as it was. For reports too large to hold as one string."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def input_files(paths: Iterable[Path]) -> set[Path]:
    """The files a run reads from `paths` (as `check` finds them), resolved."""
    from validator.sources import discover

    return {p.resolve() for p in discover(list(paths))}


def refuse_inputs(
    targets: Iterable[Path], given: list[Path], protected: Iterable[Path] = ()
) -> None:
    """Raise WouldOverwriteInput if a target is a file named in `given` or in `protected`
    (a baseline, a rule pack), or any file found in a folder in `given`, readable or not (a
    broken report is still the user's). Only what this tool wrote there earlier (a JSON
    report, a SARIF log, a baseline, an audit's files) is replaced: it is output, not input."""
    from validator.sources import load_file
    from validator.sources.own_outputs import OWN_OUTPUT

    named = {p.resolve() for p in given if not p.is_dir()} | {p.resolve() for p in protected}
    found: set[Path] | None = None
    for target in targets:
        resolved = target.resolve()
        if resolved in named:
            raise WouldOverwriteInput(f"{target} is one of the inputs: not overwritten")
        if not resolved.exists():
            continue
        found = input_files(given) if found is None else found
        if resolved in found and not any(p.rule == OWN_OUTPUT for _, p in load_file(target)[1]):
            raise WouldOverwriteInput(f"{target} is a file this run reads: not overwritten")
