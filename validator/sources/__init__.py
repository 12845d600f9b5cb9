"""Source adapters: a path in, canonical documents and source problems out.

The registry maps a file suffix to its reader; a folder is searched for every suffix the
registry knows. Nothing here raises for a bad file: it becomes a `SourceProblem`.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path
from types import MappingProxyType
from typing import Any

from validator.document import Document
from validator.signals import handling
from validator.source_map import SourceMap
from validator.sources.json_source import parse_json
from validator.sources.own_outputs import OWN_OUTPUT, json_output
from validator.sources.problems import PageOptions, SourceProblem
from validator.sources.text import MAX_TEXT_BYTES, UnreadableText, decode, read_text
from validator.sources.yaml_source import parse_yaml
from validator.suppressions import find_suppressions

Parser = Callable[[str], tuple[Any, SourceMap, list[SourceProblem]]]
Found = tuple[list[Document], list[SourceProblem]]
Reader = Callable[[Path, str, PageOptions], Found]
TextParser = Callable[[str, Path, str, PageOptions], Found]
Problem = tuple[str, SourceProblem]  # (source path as shown, problem)
WARNINGS = frozenset({"negative-zero"})  # source problems that leave the value checkable


def _text_reader(parse: TextParser) -> Reader:
    """A reader for the formats read as text (YAML, JSON, CSV, pages): the one place a file
    becomes text, or an `unreadable-file`, `not-utf8` or `file-too-large` problem."""

    def read(path: Path, shown: str, options: PageOptions) -> Found:
        try:
            text = read_text(path)
        except UnreadableText as error:
            return [], [error.problem]
        return parse(text, path, shown, options)

    return read


def document_of_text(
    parse: Parser, text: str, shown: str
) -> tuple[list[Document], list[SourceProblem]]:
    """The document a YAML or JSON text holds (none if it holds no mapping), and problems."""
    data, source_map, problems = parse(text)
    if data is None and problems:
        return [], problems
    own = json_output(data) if parse is parse_json and not problems else None
    if own is not None:
        return [], [SourceProblem(OWN_OUTPUT, 1, 1, f"report-validator's own {own}")]
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = f"the file holds {kind}, not a report document"
        return [], [*problems, SourceProblem("not-a-document", 1, 1, message)]
    suppressions = find_suppressions(text) if parse is parse_yaml else []
    flagged = tuple(p.pointer for p in problems if p.pointer and p.rule not in WARNINGS)
    return [Document(shown, data, source_map, suppressions, flagged)], problems


def _read_xlsx(path: Path, shown: str, options: PageOptions) -> Found:
    from validator.sources.spreadsheet import documents_of_workbook  # when needed: start-up

    return documents_of_workbook(path, shown)


def _yaml(text: str, path: Path, shown: str, options: PageOptions) -> Found:
    return document_of_text(parse_yaml, text, shown)


def _json(text: str, path: Path, shown: str, options: PageOptions) -> Found:
    return document_of_text(parse_json, text, shown)


def _csv(text: str, path: Path, shown: str, options: PageOptions) -> Found:
    from validator.sources.spreadsheet import parse_csv

    return parse_csv(text, path.name, shown)


def _page(text: str, path: Path, shown: str, options: PageOptions) -> Found:
    from validator.sources.pages import parse_page

    return parse_page(text, shown, options)


# The formats read as text, by suffix: what each makes of a file's text.
TEXT_PARSERS: MappingProxyType[str, TextParser] = MappingProxyType(
    {".yaml": _yaml, ".yml": _yaml, ".json": _json, ".csv": _csv, ".txt": _page}
)
READERS: MappingProxyType[str, Reader] = MappingProxyType(
    {**{suffix: _text_reader(parse) for suffix, parse in TEXT_PARSERS.items()}, ".xlsx": _read_xlsx}
)


def discover(paths: list[Path]) -> Iterator[Path]:
    """Files named, and files with a known suffix below folders named, in a stable order.
    Links to folders are not followed (no loops); a link to a file outside the folder
    named is yielded as an `OutsideLink`, which is reported and not read."""
    for found in discover_names(paths):
        yield Path(found) if isinstance(found, str) else found


# What a walk below a folder leaves out unless told otherwise (--exclude replaces it):
# hidden files and folders (.git, .venv, an editor's .#backup)
HIDDEN: tuple[str, ...] = (".*",)


def skipped(name: str, below: str, skip: tuple[str, ...]) -> bool:
    """Whether a file or folder found below a folder given is left out: a pattern of `skip`
    (a glob, `*` within a name) matches its name or its path below that folder (`/`
    between the parts); a folder left out is not walked."""
    return any(fnmatchcase(name, p) or fnmatchcase(below, p) for p in skip)


def discover_names(
    paths: list[Path], skip: tuple[str, ...] = HIDDEN
) -> Iterator[str | OutsideLink]:
    """What `discover` finds, as names (a Path object costs five times the memory of its
    name), one at a time: a folder's files in the order of Path comparison, walked folder by
    folder, so that only the listings of the folders being walked are held (an audit of a
    million files never holds a million names); an `OutsideLink` as it is. A file named is
    yielded whatever `skip` says (as ruff does: it was asked for)."""
    for path in paths:
        if path.is_dir():
            yield from _below(path, skip)
        else:
            yield str(path)


def _below(root: Path, skip: tuple[str, ...] = HIDDEN) -> Iterator[str | OutsideLink]:
    """The readable files below `root`, those `skip` matches left out (hidden files and
    folders by default), in the order of Path comparison (by parts): each folder's entries
    sorted by name, a folder's files where its name sorts (a name that is a prefix of
    another sorts first, as its parts do). One directory listing per folder: the file type
    comes with the listing, so a plain file costs no system call of its own (an archive of
    25,000 files is listed in a tenth of a second)."""
    inside: Path | None = None
    start = len(str(root).rstrip(os.sep)) + 1  # the path below root begins there
    hidden_only = skip == HIDDEN  # `.*` matches a name, or a path below root, by its start
    walking = [iter(_listing(str(root)))]
    while walking:
        entry = next(walking[-1], None)
        if entry is None:
            walking.pop()
            continue
        if hidden_only:  # the default: a test of the name's first character (an audit
            if entry.name.startswith("."):  # of a million files makes a million of them)
                continue
        elif skip and skipped(entry.name, entry.path[start:].replace(os.sep, "/"), skip):
            continue
        if entry.is_dir(follow_symlinks=False):
            walking.append(iter(_listing(entry.path)))
            continue
        if _suffix(entry.name) not in READERS:
            continue
        if entry.is_symlink():
            path = Path(entry.path)
            if not path.is_file():
                continue
            inside = inside or root.resolve()
            if not path.resolve().is_relative_to(inside):
                yield OutsideLink(path)
                continue
            yield entry.path
        else:  # a regular file; or a pipe or device, which load_file reports, not reads
            yield entry.path


def _suffix(name: str) -> str:
    """A file name's suffix, lower case, as `Path.suffix` gives it (the reader chosen for a
    file named on the command line): `....yaml` is YAML, which `os.path.splitext` denies."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _listing(folder: str) -> list[os.DirEntry[str]]:
    """A folder's entries by name (none when it cannot be listed: it holds nothing we can
    read)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return []


class OutsideLink(type(Path())):  # type: ignore[misc]
    """A symbolic link below a folder that leads outside it: a data folder from a pull
    request may not make the run read a file the run was not given."""


def load_file(
    path: Path,
    shown: str | None = None,
    options: PageOptions | None = None,
) -> tuple[list[Document], list[Problem]]:
    shown = shown if shown is not None else str(path)
    if isinstance(path, OutsideLink):
        message = "a symbolic link that leads outside the folder being checked: not read"
        return [], [(shown, SourceProblem("unreadable-file", 1, 1, message))]
    special = _special(path)
    if special is not None:
        return [], [(shown, SourceProblem("unreadable-file", 1, 1, special))]
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(READERS)
        message = f"{path.suffix or 'no suffix'}: not one of {known}"
        return [], [(shown, SourceProblem("unsupported-file", 1, 1, message))]
    options = options or PageOptions()
    return _guarded(shown, options, lambda: reader(path, shown, options))


def load_bytes(
    data: bytes, name: Path, shown: str, options: PageOptions | None = None
) -> tuple[list[Document], list[Problem]]:
    """The documents of a text read from elsewhere than a file (`check -`: standard input),
    in the format `name`'s suffix says, as `load_file` reads a file of that name."""
    parse = TEXT_PARSERS.get(name.suffix.lower())
    if parse is None:
        known = ", ".join(TEXT_PARSERS)
        message = f"{name.suffix or 'no suffix'}: standard input is read as one of {known}"
        return [], [(shown, SourceProblem("unsupported-file", 1, 1, message))]
    options = options or PageOptions()
    if len(data) > MAX_TEXT_BYTES:
        message = f"the text is larger than the limit of {MAX_TEXT_BYTES // (1024 * 1024)} MB"
        return [], [(shown, SourceProblem("file-too-large", 1, 1, message))]
    try:
        text = decode(data)
    except UnreadableText as error:
        return [], [(shown, error.problem)]
    return _guarded(shown, options, lambda: parse(text, name, shown, options))


def _guarded(
    shown: str, options: PageOptions, read: Callable[[], Found]
) -> tuple[list[Document], list[Problem]]:
    """A reader's documents, within the time budget; its bug or overrun a problem of the
    file, never the end of the run."""
    try:
        with time_budget(options.time_budget):
            docs, problems = read()
    except OverBudget:
        message = (
            f"reading it took more than {options.time_budget:g} s (--time-budget): "
            "not checked; the rest of the run goes on"
        )
        return [], [(shown, SourceProblem("over-time-budget", 1, 1, message))]
    except Exception as error:  # a reader's bug must not stop the batch: say it, go on
        message = f"the file could not be read: {type(error).__name__}: {error}"[:500]
        return [], [(shown, SourceProblem("internal-error", 1, 1, message))]
    return docs, [(shown, p) for p in problems]


class OverBudget(BaseException):
    """A file's reading ran past its time budget (a BaseException: no reader's `except
    Exception` may turn it into a parse error)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in the block once `seconds` have passed (a real-time timer; only in
    the main thread, where signals are delivered: elsewhere, and for None, no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget

    with handling((signal.SIGALRM,), expire):
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _special(path: Path) -> str | None:
    """Why a path named as a file is none that can be read to its end (a FIFO or a device
    would block the run forever), or None. A path that does not exist is the reader's to
    report."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device, not a regular file"
    return f"{kind}: not read (it could block the run forever)"


def files(
    paths: list[Path], exclude: frozenset[Path] = frozenset(), skip: tuple[str, ...] = HIDDEN
) -> Iterator[str | OutsideLink]:
    """The files a run reads, as `discover_names` finds them (one at a time, `skip`: the
    patterns of what a walk leaves out), those of `exclude` left out (the reports a run
    writes, a baseline kept beside the documents)."""
    left_out = {p.resolve() for p in exclude}
    for p in discover_names(paths, skip):
        if not (left_out and Path(p).resolve() in left_out):  # a syscall: only when needed
            yield p


def load_paths(
    paths: list[Path],
    options: PageOptions | None = None,
    exclude: frozenset[Path] = frozenset(),
    skip: tuple[str, ...] = HIDDEN,
) -> tuple[list[Document], list[Problem]]:
    """Documents and problems of every file named or found; `exclude`: files that are not
    reports (a baseline kept beside them); `skip`: what a walk leaves out."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for name in files(paths, exclude, skip):
        path = Path(name) if isinstance(name, str) else name
        docs, found = load_file(path, options=options)
        documents.extend(docs)
        problems.extend(found)
    return documents, problems
