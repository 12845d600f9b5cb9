"""Writing without losing data: whole files or nothing, never over an input, and never
anywhere but where the user said.

What a write does with what it finds at the path (docs/hostile-input.md, "What
report-validator writes"):
- nothing there: a new file, written to a temporary file in the same folder and renamed;
- a regular file: replaced whole (a reader, a crash or Ctrl-C sees the old file or the new
  one), keeping its mode and owner; a file with other hard links, or one whose owner the
  run cannot give back, is rewritten in place once the new text is whole, so every name of
  it sees the new text and it keeps its owner;
- a read-only file: refused (`chmod u+w` it to have it written);
- a symbolic link: written through: the file it names is written as above and the link
  stays a link (`fix` of a linked document fixes the document);
- a device, a FIFO or a socket (`--output /dev/null`, `--json /dev/stdout`): written into,
  never replaced; a FIFO no process reads is refused at once, not waited on; a path under
  /dev or /proc (`/dev/stdout` redirected to a file or a pipe) is appended to as it is;
- a folder: refused.
A target that is one of the run's inputs is refused before anything is written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


class WouldOverwriteInput(Exception):
    """The target of a write is a file the run reads."""


def write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` by the module's policy."""
    with open_atomic(path) as out:
        out.write(text)


@contextmanager
def open_atomic(path: Path) -> Iterator[TextIO]:
    """A text stream (UTF-8) whose text reaches `path` when the block ends without an
    exception (by the module's policy); with one, `path` is left as it was."""
    if str(path.absolute()).startswith(("/dev/", "/proc/")):
        # /dev/stdout, /dev/null, /proc/self/fd/1: what the kernel names, never replaced;
        # appended to, as a shell's `>` or `>>` left it (a pipe has no path of its own)
        with _stream_into(path, path, append=True) as out:
            yield out
        return
    target = Path(os.path.realpath(path))  # through links: the file they name
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file", str(path))
    if found is not None and not stat.S_ISREG(found.st_mode):
        with _stream_into(target, path) as out:
            yield out
        return
    if found is not None and not found.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "read-only: not replaced", str(path))
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if found is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        elif found.st_nlink > 1 or not _owner_kept(temporary, found):
            _rewrite_in_place(Path(temporary), target)
            Path(temporary).unlink()
        else:
            os.chmod(temporary, found.st_mode & 0o7777)
            os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _owner_kept(temporary: str, found: os.stat_result) -> bool:
    """Give the new file the old one's owner and group; False where the run may not."""
    if (found.st_uid, found.st_gid) == (os.geteuid(), os.getegid()):
        return True
    try:
        os.chown(temporary, found.st_uid, found.st_gid)
    except PermissionError:
        return False
    return True


def _rewrite_in_place(source: Path, target: Path) -> None:
    """The whole new text, already on disk, copied over the target's own bytes: its inode,
    links, owner and mode stay."""
    data = source.read_bytes()
    with target.open("r+b") as out:
        out.write(data)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())


@contextmanager
def _stream_into(target: Path, shown: Path, append: bool = False) -> Iterator[TextIO]:
    """Write into a device, FIFO or socket (never replace it). A FIFO is opened without
    blocking first: with no process reading it, the open fails at once (ENXIO)."""
    try:
        flags = os.O_WRONLY | os.O_NONBLOCK | (os.O_APPEND if append else 0)
        handle = os.open(target, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a FIFO that no process reads", str(shown)) from None
        raise
    flags = fcntl.fcntl(handle, fcntl.F_GETFL)
    fcntl.fcntl(handle, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        yield out


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
    from validator.sources import discover, load_file
    from validator.sources.own_outputs import OWN_OUTPUT

    named = {p.resolve() for p in given if not p.is_dir()} | {p.resolve() for p in protected}
    existing: dict[Path, Path] = {}  # targets already there, which a folder given may hold
    for target in targets:
        resolved = target.resolve()
        if resolved in named:
            raise WouldOverwriteInput(f"{target} is one of the inputs: not overwritten")
        if resolved.exists():
            existing.setdefault(resolved, target)
    if not existing:
        return
    for path in discover(list(given)):  # one walk, no name kept (an audit of a million files)
        clash = existing.get(path.resolve())
        if clash is not None and not any(p.rule == OWN_OUTPUT for _, p in load_file(clash)[1]):
            raise WouldOverwriteInput(f"{clash} is a file this run reads: not overwritten")
