"""The packs a run loads, kept between runs: a start-up (a pre-commit hook on one file) does
not parse, validate, build and lint the same rule packs again.

What is kept: the loaded packs of a load that found no problem (a pack with errors is read
again every time, to say them), in `$XDG_CACHE_HOME/report-validator/` (`~/.cache/...`),
one file per set of inputs. The file's name is a SHA-256 of everything the load read or
depends on: the tool's version, the Python version, the size and time of every module of
the `validator` package (an edited checkout is another tool), the content of each pack file
given, of every file of the bundled rules and schemas, and of the schemas and page layouts
beside a pack that is not bundled. A change to any of them is another name: a stale file is
never read, only left (the oldest are removed when more than `KEEP` are there).

A cache file is data, never code: it is read back with an unpickler that builds only the
plain values, enumerations and dataclasses of this package and of the standard library's
numbers and paths (never a function, never a class with a constructor of its own that
could act), and only when the SHA-256 of its body matches its header. A file that fails
either, is truncated or unreadable, or cannot be written (a read-only home), is ignored: the
packs are loaded from their files, as with `--no-cache` or `REPORT_VALIDATOR_NO_CACHE=1`.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from validator.checks import KINDS
from validator.findings import Finding
from validator.locations import data_dir
from validator.packs.loading import load_packs
from validator.packs.pack import RulePack
from validator.sources.text import UnreadableText, read_bytes
from validator.version import __version__

NO_CACHE = "REPORT_VALIDATOR_NO_CACHE"  # set (to anything but "" or "0"): no cache
KEEP = 16  # cache files kept; older ones are removed when a new one is written
MAX_BYTES = 64 << 20  # an input larger than this is loaded, not cached
_MAGIC = b"report-validator packs 1\n"
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """Where the packs are kept: $XDG_CACHE_HOME/report-validator, or ~/.cache/..."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "report-validator"


def enabled() -> bool:
    return os.environ.get(NO_CACHE, "") in ("", "0")


def cached_load(paths: list[Path], use: bool = True) -> tuple[list[RulePack], list[Finding]]:
    """`load_packs(paths)`, from the cache when the same inputs were loaded before (`use`:
    False for `--no-cache`)."""
    if not use or not enabled():
        return load_packs(paths)
    try:
        path = cache_dir() / f"packs-{_key(paths)}.pickle"
    except (OSError, RuntimeError):  # a file that cannot be read, or is no regular file (a
        return load_packs(paths)  # FIFO would block): the load says so; no home folder
    packs = _read(path)
    if packs is not None and len(packs) == len(paths):  # a load without problems: one each
        # each pack at the path given now (the key is of the files' resolved paths: another
        # working folder, a relative path, finds the same cache file)
        here = [dataclasses.replace(p, path=given) for p, given in zip(packs, paths, strict=True)]
        return here, []
    packs, problems = load_packs(paths)
    if not problems:
        _write(path, packs)
    return packs, problems


def _key(paths: list[Path]) -> str:
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)

    add(__version__, sys.version, sys.implementation.cache_tag)
    for module in sorted(_PACKAGE.rglob("*.py")):
        status = module.stat()
        add(module.relative_to(_PACKAGE), status.st_size, status.st_mtime_ns)
    files: list[Path] = []
    for home in (data_dir("rules"), data_dir("schemas")):
        files.extend(sorted(p for p in home.rglob("*") if p.is_file()))
    files.extend(paths)
    for folder in _beside(paths):
        files.extend(sorted(folder.glob("*.schema.json")))
        files.extend(sorted((folder / "layouts" / "pages").glob("*.yaml")))
    for file in files:
        add(file.resolve(), _content(file))
    return digest.hexdigest()


def _content(file: Path) -> bytes:
    """A regular file's bytes (`read_bytes`: never waiting on a FIFO, reading a device or
    more than `MAX_BYTES`), or OSError."""
    try:
        return read_bytes(file, MAX_BYTES)
    except UnreadableText as error:
        raise OSError(f"{file}: {error.problem.message}") from None


def _beside(paths: list[Path]) -> list[Path]:
    """The folders of the packs that are not bundled (where their schemas and layouts are)."""
    home = data_dir("rules").resolve()
    return [f for f in dict.fromkeys(p.resolve().parent for p in paths) if f != home]


def _read(path: Path) -> list[RulePack] | None:
    try:
        data = _content(path)  # a regular file, never a FIFO left in its place
    except OSError:
        return None
    header = len(_MAGIC) + 32
    if not data.startswith(_MAGIC) or len(data) < header:
        return None
    body = data[header:]
    if hashlib.sha256(body).digest() != data[len(_MAGIC) : header]:
        return None
    try:
        stored = _Unpickler(io.BytesIO(body)).load()
        return _packs_of(stored)
    except Exception:  # a file from another build, cut short or made by hand: not used
        return None


def _write(path: Path, packs: list[RulePack]) -> None:
    """Written whole or not at all (a temporary file renamed); a failure is not an error."""
    written: str | None = None
    try:
        body = pickle.dumps(_stored(packs), protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".packs-", delete=False) as out:
            written = out.name
            out.write(_MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(written, path)
        written = None
        _prune(path.parent)
    except Exception:  # a read-only or full disk, an unpicklable pack: no cache, same run
        if written is not None:
            Path(written).unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("packs-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP]:
        old.unlink(missing_ok=True)


def _stored(packs: list[RulePack]) -> list[tuple[RulePack, list[str | None]]]:
    """The packs with each rule's check kind (a module) as its name."""
    return [
        (
            dataclasses.replace(
                pack, rules=[dataclasses.replace(rule, kind=None) for rule in pack.rules]
            ),
            [rule.rule.check if rule.kind is not None else None for rule in pack.rules],
        )
        for pack in packs
    ]


def _packs_of(stored: Any) -> list[RulePack]:
    packs = []
    for pack, kinds in stored:
        if not isinstance(pack, RulePack) or len(kinds) != len(pack.rules):
            raise ValueError("not a list of packs")
        rules = [
            dataclasses.replace(rule, kind=None if name is None else KINDS[name])
            for rule, name in zip(pack.rules, kinds, strict=True)
        ]
        packs.append(dataclasses.replace(pack, rules=rules))
    return packs


_STANDARD = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("builtins", "complex"),
    ("decimal", "Decimal"),
    ("fractions", "Fraction"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
}


class _Unpickler(pickle.Unpickler):
    """Builds only values: the standard library's numbers and paths, and the dataclasses,
    enumerations and named tuples of this package whose construction runs no code of its own
    (a dataclass with a `__post_init__`, or any function, is refused)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _STANDARD:
            return super().find_class(module, name)
        if module == "validator" or module.startswith("validator."):
            found = super().find_class(module, name)
            if isinstance(found, type) and _plain(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a value a cache may hold")


def _plain(cls: type) -> bool:
    if issubclass(cls, enum.Enum):
        return True
    if dataclasses.is_dataclass(cls):
        return not hasattr(cls, "__post_init__") and "__setstate__" not in vars(cls)
    return issubclass(cls, tuple) and hasattr(cls, "_fields")  # a NamedTuple
