"""`report-validator hook check|fix`: the pre-commit hooks' entry.

pre-commit runs `entry`, then the hook's `args`, then the changed files. An entry that ended
with `--` (so that a file named like an option stays a file) made every `args` a file name:
`args: [--previous-root, reports]` failed every commit. Here a token is an option when it
starts with "-" and names no file; an option that takes a value takes the next token; every
other token is a file. The files that are report-validator's own (its configuration, rule
packs, schemas, page layouts, case files: recognised by their content, as its outputs are)
are left out and said, so that a commit that changes the configuration is not failed for
it. `previous-root` is the configuration file's when it says one, else the repository's top.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from validator.sources.text import UnreadableText, read_text
from validator.sources.yaml_source import parse_yaml

COMMANDS = ("check", "fix")
# what a file of report-validator's own holds at its top (a pack, a case file, a page layout)
_OWN_KEYS = ({"pack", "rules"}, {"base", "cases"}, {"layout", "read"})
_OWN_NAMES = (".report-validator.yaml", "pyproject.toml", ".pre-commit-config.yaml")


def hook_argv(parser: argparse.ArgumentParser, tokens: list[str]) -> list[str] | None:
    """The command line for `check` or `fix` from what pre-commit gives the hook; None when
    every file is one of report-validator's own (said)."""
    if not tokens or tokens[0] not in COMMANDS:
        raise ValueError(f"hook needs one of {', '.join(COMMANDS)}, then pre-commit's arguments")
    command, rest = tokens[0], tokens[1:]
    actions = _options(parser, command)
    options: list[str] = []
    files: list[str] = []
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if token == "--":
            files.extend(rest[index:])
            break
        if not token.startswith("-") or token == "-" or Path(token).exists():
            files.append(token)
            continue
        name = token.split("=", 1)[0]
        takes = actions.get(name)
        if takes is None:
            raise ValueError(f"{token}: no such option of {command} (and no such file)")
        options.append(token)
        if takes and "=" not in token:
            if index >= len(rest):
                raise ValueError(f"{token} needs a value")
            options.append(rest[index])
            index += 1
    mine = [f for f in files if own_file(Path(f))]
    if mine:
        shown = ", ".join(mine[:3]) + (f" and {len(mine) - 3} more" if len(mine) > 3 else "")
        print(
            f"report-validator: not checked, report-validator's own configuration: {shown}",
            file=sys.stderr,
        )
    reports = [f for f in files if f not in mine]
    if files and not reports:
        return None
    return [command, *options, "--", *reports]


def _options(parser: argparse.ArgumentParser, command: str) -> dict[str, bool]:
    """Each option of the command, and whether it takes a value."""
    for action in parser._actions:  # the sub-commands' parsers
        if isinstance(action, argparse._SubParsersAction):
            sub = action.choices[command]
            return {option: act.nargs != 0 for act in sub._actions for option in act.option_strings}
    return {}  # pragma: no cover - the parser always has its sub-commands


def own_file(path: Path) -> bool:
    """A file of report-validator's own, by its name or its content: the configuration, a
    schema, a rule pack, a case file, a page layout."""
    if path.name in _OWN_NAMES or path.name.endswith(".schema.json"):
        return True
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    try:
        data, _, problems = parse_yaml(read_text(path, 1024 * 1024))
    except UnreadableText:
        return False
    if problems or not isinstance(data, dict):
        return False
    keys = set(data)
    return any(wanted <= keys for wanted in _OWN_KEYS)
