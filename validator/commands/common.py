"""What every command does first and last: the configuration under the flags, the rule
packs loaded (or said why not), the run's paths and selectors checked, and the exit code of
a checking run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from validator.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS

if TYPE_CHECKING:  # the packs are loaded when a command needs them: start-up time
    from validator.api import Checker
    from validator.coverage import Coverage
    from validator.packs.loading import RulePack
    from validator.sources.problems import PageOptions


def configure(args: argparse.Namespace) -> int | None:
    """Defaults from the project's configuration file under the flags given (validator/config.py);
    EXIT_ERROR, having said why, when the file cannot be used."""
    if not hasattr(args, "no_config"):
        if getattr(args, "fail_on", "") is None:
            args.fail_on = "error"
        return None
    from validator import config

    path = args.config
    if path is None and not args.no_config:
        path = config.find(Path.cwd())
    try:
        found = config.load(path)
    except config.ConfigError as error:
        print(f"report-validator: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    merged = found.under(
        rules=args.rules or (),
        bundled_rules=not args.no_bundled_rules,
        select=getattr(args, "select", None) or (),
        ignore=getattr(args, "ignore", None) or (),
        previous_root=getattr(args, "previous_root", None),
        fail_on=getattr(args, "fail_on", None),
        exclude=split(args.exclude) if getattr(args, "exclude", None) is not None else None,
        extend_exclude=split(getattr(args, "extend_exclude", None) or []),
    )
    args.rules = list(merged.rules) or None
    if hasattr(args, "extend_exclude"):  # the commands that walk folders
        args.skip = merged.skip  # what a walk leaves out, the file's under the flags
    args.bundled = merged.bundled_rules
    if getattr(args, "fail_on", "") is None:
        args.fail_on = merged.fail_on or "error"
    for name in ("select", "ignore"):
        if hasattr(args, name):
            setattr(args, name, list(getattr(merged, name)))
    if getattr(args, "previous_root", "") is None:
        args.previous_root = merged.previous_root
    return None


def split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def loaded_packs(
    paths: list[Path] | None, bundled: bool = True, cache: bool = True
) -> tuple[list[RulePack], int | None]:
    from validator.findings import Report
    from validator.packs.cache import cached_load
    from validator.packs.loading import pack_paths
    from validator.reporters import text

    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        print(f"report-validator: error: no such rule pack: {missing[0]}", file=sys.stderr)
        return [], EXIT_ERROR
    packs, problems = cached_load(pack_paths(paths, bundled), cache)
    if problems:
        sys.stderr.write(text.render(Report(findings=sorted(problems), documents=0)))
        print(
            "report-validator: error: the rule packs have errors; nothing was checked",
            file=sys.stderr,
        )
        return [], EXIT_ERROR
    return packs, None


def start(
    args: argparse.Namespace, targets: list[Path], protected: list[Path] | None = None
) -> tuple[list[RulePack], int | None]:
    """What a checking command does first: the paths exist, the rule packs load, every
    --select and --ignore names a rule, and no report would be written over an input.
    Returns the packs, or the exit code of the first of these that fails (having said why)."""
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"report-validator: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return [], EXIT_ERROR
    packs, failed = loaded_packs(args.rules, args.bundled, not args.no_cache)
    if failed is not None:
        return [], failed
    unknown = _unknown_selectors(packs, args)
    if unknown:
        print(f"report-validator: error: {unknown}", file=sys.stderr)
        return [], EXIT_ERROR
    if targets:
        from validator.atomic import WouldOverwriteInput, refuse_inputs

        try:
            from validator.packs.loading import schema_folders
            from validator.schema_check import Schemas

            read = [pack.path for pack in packs]  # and the schemas the run reads, as the engine
            read += Schemas(schema_folders(packs)).paths.values()  # finds them
            refuse_inputs(targets, args.paths, [*read, *(protected or [])])
        except WouldOverwriteInput as error:
            print(f"report-validator: error: {error}", file=sys.stderr)
            return [], EXIT_ERROR
    return packs, None


def page_options(args: argparse.Namespace, packs: list[RulePack]) -> PageOptions:
    """How pages are read: what the user said of them (--country, --edition, --time-budget)
    and the page layouts beside the plug-in packs (layouts/pages/), with their surveys'
    schemas (the packs loaded, so the layouts were checked: layout_problems)."""
    from validator.api import page_options as options_of
    from validator.sources.problems import PageOptions

    said = PageOptions(args.country, args.edition, args.time_budget or None)
    return options_of(packs, said)


def checker_of(args: argparse.Namespace, packs: list[RulePack]) -> Checker:
    """The API's checker for a command's arguments (the packs loaded by `start`)."""
    from validator.api import Checker

    return Checker(
        packs,
        select=split(args.select),
        ignore=split(args.ignore),
        options=page_options(args, packs),
        previous_root=getattr(args, "previous_root", None),
        skip=args.skip,
    )


def _unknown_selectors(packs: list[RulePack], args: argparse.Namespace) -> str | None:
    """What is wrong with a --select or --ignore that names no rule, with the ids it may
    have meant (the API's check, as every entry point makes it)."""
    from validator.api import unknown_selector

    return unknown_selector(packs, split(args.select), split(args.ignore))


def did_you_mean(name: str, ids: list[str]) -> str:
    """`; did you mean nit/x?` (validator.api.did_you_mean)."""
    from validator.api import did_you_mean as closest

    return closest(name, ids)


def nothing_found(args: argparse.Namespace) -> int | None:
    """A run that found no file to check: a usage error (a CI gate that checks nothing
    must not pass), unless --allow-empty says that is expected."""
    if args.allow_empty:
        print("report-validator: no file to check in the paths given", file=sys.stderr)
        return None
    where = ", ".join(map(str, args.paths))
    patterns = ", ".join(args.skip)
    print(
        f"report-validator: error: no file to check in {where} "
        f"(.yaml .yml .json .txt .xlsx .csv; left out: {patterns or 'nothing'}); nothing was "
        "checked (--allow-empty to accept this)",
        file=sys.stderr,
    )
    return EXIT_ERROR


def verdict(coverage: Coverage, failing: bool) -> int:
    """The exit code of a checking run: 1 failing, 0 passing, but 2 for a run that would
    pass while no rule compared any of its figures (said in either case)."""
    from validator.coverage import nothing_compared

    unchecked = nothing_compared(coverage)
    if unchecked is not None:
        print(f"report-validator: error: {unchecked}", file=sys.stderr)
        if not failing:
            return EXIT_ERROR
    return EXIT_FINDINGS if failing else EXIT_CLEAN
