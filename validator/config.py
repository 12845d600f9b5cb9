"""The project's configuration: what a repository's pre-commit hook and CI run without flags.

Found by looking from the working folder up to the file system's root (or a `.git` folder's
parent, the repository's top) for `.report-validator.yaml`, or a `pyproject.toml` with a
`[tool.report-validator]` table; the first found is used. Keys (paths are from the file's
folder):

    rules: [checks/our-index]     # packs and folders, added to the bundled packs
    bundled-rules: false          # use only `rules` (default true)
    previous-root: published/     # as --previous-root
    fail-on: warning              # as --fail-on
    select: [fiw/]                # as --select
    ignore: [fotn/status-outside-band-before-2019]
    exclude: [drafts, "*.csv"]    # as --exclude: replaces the default, hidden names (.*)
    extend-exclude: [archive/old] # as --extend-exclude
    paths-outside: true           # let `rules` and `previous-root` leave the repository

Paths stay inside the repository the file is in (its top: the nearest `.git` up, or the
file's folder): a `rules` or `previous-root` that leads outside it, by `../`, an absolute
path or a link, is refused unless `paths-outside: true` says so (a configuration from a
repository a user clones must not read the user's other files).

Flags given on the command line win over the file (`--rules` adds to its `rules`); `--config
FILE` names the file, `--no-config` reads none. An unknown key or a value of the wrong type
is a usage error (exit 2): a misspelt key must not leave the run checking less in silence.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from validator.sources.text import UnreadableText, read_text
from validator.sources.yaml_source import parse_yaml

FILE_NAME = ".report-validator.yaml"
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024
_LISTS = ("rules", "select", "ignore", "exclude", "extend-exclude")
_KEYS = {*_LISTS, "bundled-rules", "previous-root", "fail-on", "paths-outside"}
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """The configuration file cannot be used as written."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file read; None: no file
    rules: tuple[Path, ...] = ()
    bundled_rules: bool = True
    previous_root: Path | None = None
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # None: the default (sources.HIDDEN)
    extend_exclude: tuple[str, ...] = ()

    @property
    def skip(self) -> tuple[str, ...]:
        """The patterns of what a walk below a folder leaves out: `exclude` (else the
        default, hidden names) and `extend-exclude` (ruff's names and meaning)."""
        from validator.sources import HIDDEN

        base = HIDDEN if self.exclude is None else self.exclude
        return tuple(dict.fromkeys([*base, *self.extend_exclude]))

    def under(
        self,
        *,
        rules: Iterable[Path] = (),
        bundled_rules: bool = True,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        previous_root: Path | None = None,
        fail_on: str | None = None,
        exclude: Iterable[str] | None = None,
        extend_exclude: Iterable[str] = (),
    ) -> Config:
        """These settings under the flags given, as every entry point merges them: rules
        given add to the file's, the bundled packs stay only if neither leaves them out,
        --extend-exclude adds to the file's, and any other flag given wins over the file."""
        return replace(
            self,
            rules=(*self.rules, *rules),
            bundled_rules=self.bundled_rules and bundled_rules,
            select=tuple(select) or self.select,
            ignore=tuple(ignore) or self.ignore,
            previous_root=previous_root if previous_root is not None else self.previous_root,
            fail_on=fail_on or self.fail_on,
            exclude=tuple(exclude) if exclude is not None else self.exclude,
            extend_exclude=(*self.extend_exclude, *extend_exclude),
        )


def find(start: Path) -> Path | None:
    """The nearest configuration file from `start` up (a pyproject.toml counts only when it
    has the table), not above the repository's top."""
    for folder in [start, *start.parents]:
        own = folder / FILE_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        text = read_text(path, MAX_CONFIG_BYTES)
    except UnreadableText as error:
        raise ConfigError(f"{path}: {error.problem.message}") from None
    if path.name == PYPROJECT:
        try:
            table: Any = tomllib.loads(text).get("tool", {}).get("report-validator", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
    else:
        table, _, problems = parse_yaml(text)
        if problems:
            p = problems[0]
            raise ConfigError(f"{path}:{p.line}:{p.column}: {p.message}")
        table = {} if table is None else table
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys")
    return _config(path, table)


def _config(path: Path, table: dict[str, Any]) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {known})")
    for key in _LISTS:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{path}: {key} must be a list of names")
    if not isinstance(table.get("bundled-rules", True), bool):
        raise ConfigError(f"{path}: bundled-rules must be true or false")
    if table.get("fail-on", "error") not in SEVERITIES:
        raise ConfigError(f"{path}: fail-on must be one of {', '.join(SEVERITIES)}")
    root = table.get("previous-root")
    if root is not None and not (isinstance(root, str) and root):
        raise ConfigError(f"{path}: previous-root must be a folder name")
    if not isinstance(table.get("paths-outside", False), bool):
        raise ConfigError(f"{path}: paths-outside must be true or false")
    home = path.parent
    if not table.get("paths-outside", False):
        top = repository_top(home)
        for name in [*table.get("rules", []), *([root] if root else [])]:
            resolved = (home / name).resolve()
            if resolved != top and top not in resolved.parents:
                raise ConfigError(
                    f"{path}: {name} is outside the repository {top} (through a link or "
                    "../): not read; a configuration reads only its own repository, unless "
                    "it says `paths-outside: true`"
                )
    return Config(
        path=path,
        rules=tuple(home / r for r in table.get("rules", [])),
        bundled_rules=table.get("bundled-rules", True),
        previous_root=home / root if root else None,
        fail_on=table.get("fail-on"),
        select=tuple(table.get("select", [])),
        ignore=tuple(table.get("ignore", [])),
        exclude=tuple(table["exclude"]) if "exclude" in table else None,
        extend_exclude=tuple(table.get("extend-exclude", [])),
    )


def repository_top(folder: Path) -> Path:
    """The top of the repository a folder is in (the nearest folder up that holds `.git`),
    or the folder itself outside any repository; resolved."""
    resolved = folder.resolve()
    for candidate in [resolved, *resolved.parents]:
        if (candidate / ".git").exists():
            return candidate
    return resolved


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(read_text(pyproject, MAX_CONFIG_BYTES))
    except (UnreadableText, tomllib.TOMLDecodeError):
        return False  # another tool's broken file is not ours to report
    tool = data.get("tool")
    return isinstance(tool, dict) and "report-validator" in tool
