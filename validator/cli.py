"""The command line: maps arguments to calls and the report to an exit code.

    report-validator check PATH... [--format text|json] [--fail-on error|warning|info]
                                   [--select ID] [--ignore ID] [--rules PATH]
    report-validator rules list | explain RULE-ID | kinds

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage, configuration or
rule-pack error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from validator import __version__
from validator.sources.problems import DEFAULT_TIME_BUDGET

if TYPE_CHECKING:  # the packs are loaded when a command needs them: start-up time
    from validator.coverage import Coverage
    from validator.packs.loading import RulePack
    from validator.sources.problems import PageOptions, SourceProblem

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


class _FormatAction(argparse.Action):
    """--format F starts an output of its own, to stdout until an --output follows it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option: str | None = None,
    ) -> None:
        outputs = list(getattr(namespace, self.dest) or [])
        outputs.append([values, None])
        setattr(namespace, self.dest, outputs)


class _OutputAction(argparse.Action):
    """--output FILE sends the report of the --format before it (text if none) to FILE."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option: str | None = None,
    ) -> None:
        outputs = list(getattr(namespace, self.dest) or [])
        if not outputs or outputs[-1][1] is not None:
            outputs.append(["text", None])
        outputs[-1][1] = values
        setattr(namespace, self.dest, outputs)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="report-validator",
        description="Check Freedom House report data against the published arithmetic.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="check report documents (files or folders)")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument(
        "--format",
        action=_FormatAction,
        dest="outputs",
        default=[],
        choices=["text", "json", "sarif", "junit", "github"],  # validator.reporters.MODULES
        help="text (default), json, sarif, junit or github; repeatable",
    )
    check.add_argument(
        "--output",
        action=_OutputAction,
        dest="outputs",
        metavar="FILE",
        help="write the report of the --format before it to FILE (default: stdout)",
    )
    _add_checking_options(check)
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="leave out the findings this baseline file accepts",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record the current findings as accepted, in FILE, and exit 0",
    )
    check.add_argument(
        "--coverage",
        action="store_true",
        help="list every figure no rule compared, where it is (the summary always counts them)",
    )
    check.add_argument(
        "--previous-root",
        type=Path,
        metavar="DIR",
        help="find a previous edition missing from the run at "
        "DIR/<survey>/<edition>/<country>.yaml (and say when it is not there)",
    )

    check.add_argument(
        "--fix",
        action="store_true",
        help="first write the derived figures the rules recompute into the YAML and JSON "
        "files (as `fix` does), then check",
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix, also write figures taken from another document (the previous edition)",
    )

    fixing = commands.add_parser(
        "fix",
        help="rewrite derived figures (totals, means, ratings, statuses) from the figures they "
        "derive from, in place; comments and formatting kept",
    )
    fixing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    fixing.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what would change (and, for report pages and "
        "workbooks, each figure), and write nothing",
    )
    fixing.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also write figures taken from another document: last year's figures from the "
        "previous edition in the run or under --previous-root",
    )
    fixing.add_argument(
        "--previous-root",
        type=Path,
        metavar="DIR",
        help="find a previous edition missing from the run at "
        "DIR/<survey>/<edition>/<country>.yaml",
    )
    _add_checking_options(fixing)

    audit = commands.add_parser(
        "audit",
        help="audit archives: every file in parallel, a summary, HTML, JSON and CSV reports",
    )
    audit.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    audit.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help="processes to check with (default: every core this process may use)",
    )
    audit.add_argument("--html", type=Path, metavar="FILE", help="a self-contained HTML report")
    audit.add_argument("--json", type=Path, metavar="FILE", help="findings and tallies as JSON")
    audit.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="findings as CSV, and the rule tallies beside it in <name>-tallies.csv",
    )
    audit.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    _add_checking_options(audit)

    importing = commands.add_parser(
        "import", help="write report pages and spreadsheet rows as canonical YAML documents"
    )
    importing.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    importing.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write DIR/<survey>/<edition>/<country>.yaml into",
    )
    importing.add_argument(
        "--overwrite",
        action="store_true",
        help="replace a document already in DIR whose text differs (it may have been edited by "
        "hand; without this flag it is kept, and said)",
    )
    importing.add_argument("--country", help="the country of report pages that do not name it")
    importing.add_argument(
        "--edition",
        type=_edition,
        metavar="YEAR|SURVEY=YEAR,...",
        help="the edition of report pages that do not say it; per survey for a page that "
        "shows several (fiw=2025,fotn=2024)",
    )
    _add_time_budget(importing)
    _add_fail_on(importing, "of a source problem ")

    rules = commands.add_parser("rules", help="list and explain rules")
    rule_commands = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    listing = rule_commands.add_parser("list", help="every rule: id, severity, summary")
    _add_rule_sources(listing)
    explain = rule_commands.add_parser("explain", help="one rule's documentation")
    explain.add_argument("rule_id", metavar="RULE-ID")
    _add_rule_sources(explain)
    rule_commands.add_parser("kinds", help="the check kinds rule packs can use")
    lint = rule_commands.add_parser(
        "lint",
        help="static analysis of rule packs: errors exit 2, warnings exit 1",
    )
    lint.add_argument("packs", nargs="*", type=Path, metavar="PATH", help="packs or folders")
    _add_rule_sources(lint)
    _add_cases(lint)
    testing = rule_commands.add_parser(
        "test", help="run the packs' pass/fail cases (<cases>/<pack>/<rule-id>.yaml)"
    )
    testing.add_argument("packs", nargs="*", type=Path, metavar="PATH", help="packs or folders")
    _add_rule_sources(testing)
    _add_cases(testing)
    return parser


def _add_cases(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cases",
        type=Path,
        metavar="DIR",
        help="the folder of case files, <DIR>/<pack>/<rule-id>.yaml, bases named from DIR's "
        "parent (default: a `cases` folder beside the first pack given)",
    )


def _add_rule_sources(parser: argparse.ArgumentParser) -> None:
    """Where rules come from: the bundled packs, --rules, the project's configuration."""
    parser.add_argument(
        "--rules",
        action="append",
        type=Path,
        metavar="PATH",
        help="rule pack files or folders (and the schemas beside them), added to the bundled "
        "packs; repeatable",
    )
    parser.add_argument(
        "--no-bundled-rules",
        action="store_true",
        help="use only the packs given, not the bundled survey packs",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=".report-validator.yaml or pyproject.toml to read (default: the nearest one up "
        "from the working folder)",
    )
    parser.add_argument("--no-config", action="store_true", help="read no configuration file")


def _edition(text: str) -> int | dict[str, int]:
    """`--edition 2025`, or `--edition fiw=2025,fotn=2024` (a survey's pages only)."""
    if "=" not in text:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    editions: dict[str, int] = {}
    for part in text.split(","):
        survey, _, year = part.partition("=")
        if not survey.strip() or not year.strip().isdigit():
            raise argparse.ArgumentTypeError(f"{part!r} is not SURVEY=YEAR")
        editions[survey.strip()] = int(year)
    return editions


def _add_time_budget(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_TIME_BUDGET,
        metavar="SECONDS",
        help=(
            "longest one file may take to read; one over it is a finding and the rest goes on "
            f"(default {DEFAULT_TIME_BUDGET:g}; 0: no limit)"
        ),
    )


def _add_fail_on(command: argparse.ArgumentParser, of: str = "") -> None:
    """--fail-on, as every command that can find something has it."""
    command.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help=f"lowest severity {of}that makes the exit code 1 (default: error)",
    )


def _add_checking_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that checks documents (check, audit)."""
    _add_fail_on(command)
    command.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="ID",
        help="only these rule ids or prefixes (repeatable, or comma-separated)",
    )
    command.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="ID",
        help="leave out these rule ids or prefixes (repeatable, or comma-separated)",
    )
    _add_rule_sources(command)
    command.add_argument("--country", help="the country of report pages that do not name it")
    command.add_argument(
        "--edition",
        type=_edition,
        metavar="YEAR|SURVEY=YEAR,...",
        help="the edition of report pages that do not say it; per survey for a page that "
        "shows several (fiw=2025,fotn=2024)",
    )
    _add_time_budget(command)
    command.add_argument(
        "--allow-empty",
        action="store_true",
        help="exit 0 when the paths hold no file to check (default: a usage error, exit 2)",
    )


EXIT_STOPPED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def run() -> NoReturn:
    """The installed command and `python -m validator`: `main`, then exit with its code.

    An audit that was stopped (Ctrl-C, SIGTERM) has written its reports when `main` returns,
    and then ends at once, without the interpreter's usual wait for the process pool's
    thread: a worker stopped while it was sending a result leaves half a message in the
    result pipe, and that thread would wait for the rest forever (the audit hung at exit,
    about once in 25 stops under load). Ctrl-C during any other command ends it with the
    code of a stop and one line, not a traceback."""
    try:
        code = main()
    except KeyboardInterrupt:  # no pool to leave behind: the usual exit
        print("report-validator: stopped (Ctrl-C); nothing more was written", file=sys.stderr)
        sys.exit(EXIT_STOPPED)
    except BrokenPipeError:  # `fix --diff | head -1`: the reader has what it wanted
        # what is still buffered would fail again at exit: standard output goes nowhere now
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(128 + 13)  # as a process ended by SIGPIPE, as git and the shell's tools do
    if code == EXIT_STOPPED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    tokens = list(sys.argv[1:] if argv is None else argv)
    hook = tokens[:1] == ["hook"]
    if hook:
        from validator.commands.hook import hook_argv

        try:
            given = hook_argv(build_parser(), tokens[1:])
        except ValueError as error:
            print(f"report-validator: error: {error}", file=sys.stderr)
            return EXIT_ERROR
        if given is None:  # only files of report-validator's own: nothing to check
            return EXIT_CLEAN
        tokens = given
    try:
        args = build_parser().parse_args(tokens)
    except _UsageError as error:
        print(f"report-validator: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    failed = _configure(args)
    if hook and getattr(args, "previous_root", "") is None:
        args.previous_root = Path(".")  # the repository's top, where pre-commit runs hooks
    if failed is not None:
        return failed
    if args.command == "check":
        return _check(args)
    if args.command == "fix":
        return _fix(args)
    if args.command == "import":
        return _import(args)
    if args.command == "audit":
        from validator.commands.audit import run

        return run(args)
    return _rules(args)


def _configure(args: argparse.Namespace) -> int | None:
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
    args.rules = [*found.rules, *(args.rules or [])] or None
    args.bundled = found.bundled_rules and not args.no_bundled_rules
    if getattr(args, "fail_on", "") is None:
        args.fail_on = found.fail_on or "error"
    for name in ("select", "ignore"):
        if hasattr(args, name) and not getattr(args, name):
            setattr(args, name, list(getattr(found, name)))
    if getattr(args, "previous_root", "") is None:
        args.previous_root = found.previous_root
    return None


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number, at least 1")
    return value


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _load_packs(
    paths: list[Path] | None, bundled: bool = True
) -> tuple[list[RulePack], int | None]:
    from validator.findings import Report
    from validator.packs.loading import load_packs, pack_paths
    from validator.reporters import text

    missing = [p for p in paths or [] if not p.exists()]
    if missing:
        print(f"report-validator: error: no such rule pack: {missing[0]}", file=sys.stderr)
        return [], EXIT_ERROR
    packs, problems = load_packs(pack_paths(paths, bundled))
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
    packs, failed = _load_packs(args.rules, args.bundled)
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
    from validator.packs.loading import schema_folders
    from validator.schema_check import SUFFIX, Schemas
    from validator.sources.pages.layout import folder_layouts
    from validator.sources.problems import PageOptions

    folders = schema_folders(packs)
    layouts = [layout for folder in folders for _, layout in folder_layouts(folder)[0]]
    schemas = None
    if layouts:
        registry = Schemas(folders)
        named = {layout.survey + SUFFIX for layout in layouts} & set(registry.paths)
        schemas = {name[: -len(SUFFIX)]: registry.schema(name) for name in sorted(named)}
    ordered = tuple(sorted(layouts, key=lambda layout: layout.priority))
    return PageOptions(args.country, args.edition, args.time_budget or None, ordered, schemas)


def _unknown_selectors(packs: list[RulePack], args: argparse.Namespace) -> str | None:
    """What is wrong with a --select or --ignore that names no rule (a typo would check
    nothing, or leave out nothing, in silence), with the ids it may have meant."""
    from validator.findings import rule_matches

    ids = sorted(rule.qualified_id for pack in packs for rule in pack.rules)
    for option, values in (("--select", args.select), ("--ignore", args.ignore)):
        for selector in _split(values):
            if not any(rule_matches(i, selector) for i in ids):
                return f"{option} {selector}: no rule has this id or prefix" + _did_you_mean(
                    selector, ids
                )
    return None


def _did_you_mean(name: str, ids: list[str]) -> str:
    """`; did you mean nit/x?` from the closest ids (by the whole id, or by the part after
    the pack name), or a pointer to the list."""
    import difflib

    short: dict[str, list[str]] = {}
    for i in ids:
        short.setdefault(i.split("/", 1)[-1], []).append(i)
    exact = short.get(name.strip("/"), [])  # the id without its pack name
    close = exact or difflib.get_close_matches(name, ids, n=3, cutoff=0.75) + [
        i for m in difflib.get_close_matches(name, list(short), n=3, cutoff=0.75) for i in short[m]
    ]
    if not close:
        packs = sorted({i.split("/", 1)[0] for i in ids})
        close = difflib.get_close_matches(name.rstrip("/"), packs, n=2, cutoff=0.6)
    unique = list(dict.fromkeys(close))[:3]
    if unique:
        return "; did you mean " + " or ".join(unique) + "?"
    return " (see `report-validator rules list`)"


def _nothing_found(args: argparse.Namespace) -> int | None:
    """A run that found no file to check: a usage error (a CI gate that checks nothing
    must not pass), unless --allow-empty says that is expected."""
    if args.allow_empty:
        print("report-validator: no file to check in the paths given", file=sys.stderr)
        return None
    where = ", ".join(map(str, args.paths))
    print(
        f"report-validator: error: no file to check in {where} "
        "(.yaml .yml .json .txt .xlsx .csv); nothing was checked (--allow-empty to accept this)",
        file=sys.stderr,
    )
    return EXIT_ERROR


def _holds_nothing_to_check(
    paths: list[Path], problems: list[tuple[str, SourceProblem]], skipped: frozenset[Path]
) -> bool:
    """No file in the paths but the tool's own outputs and the files this run writes (a
    file that holds no record, such as a table with its header only, was checked)."""
    from validator.sources import discover
    from validator.sources.own_outputs import OWN_OUTPUT

    own = {source for source, p in problems if p.rule == OWN_OUTPUT}
    others = {source for source, p in problems if p.rule != OWN_OUTPUT}
    if others:
        return False
    written = {p.resolve() for p in skipped}
    return all(str(f) in own or f.resolve() in written for f in discover(paths))


def _check(args: argparse.Namespace) -> int:
    from validator.engine import Engine
    from validator.findings import Severity
    from validator.pipeline_findings import Selection
    from validator.reporters import renderer
    from validator.sources import load_paths

    targets = [Path(t) for _, t in args.outputs if t is not None]
    if args.write_baseline is not None:
        targets.append(args.write_baseline)
    baseline = [args.baseline] if args.baseline and args.baseline != args.write_baseline else []
    packs, failed = start(args, targets, baseline)  # --write-baseline may refresh --baseline
    if failed is not None:
        return failed
    # files this run writes, or a baseline beside the reports, are not reports
    not_reports = frozenset(targets + ([args.baseline] if args.baseline else []))
    options = page_options(args, packs)
    documents, problems = load_paths(args.paths, options, not_reports)

    engine = Engine(packs, Selection(_split(args.select), _split(args.ignore)))
    find_previous = None
    if args.previous_root is not None:
        from validator.document_writer import previous_finder

        find_previous = previous_finder(args.previous_root)
    fixed = 0
    if args.fix:  # write the fixes, say them on stderr (stdout is the report), check the files
        from validator.pipeline.fix import print_outcome, run_fix

        outcome = run_fix(
            packs, engine, documents, args.unsafe_fixes, find_previous, False, options
        )
        print_outcome(outcome, False, sys.stderr)
        fixed = outcome.changes
        if fixed:
            documents, problems = load_paths(args.paths, options, not_reports)
    if not documents and _holds_nothing_to_check(args.paths, problems, not_reports):
        empty = _nothing_found(args)
        if empty is not None:
            return empty
    report = engine.run(documents, problems, find_previous)
    report.list_unchecked = args.coverage
    if args.write_baseline is not None:
        from validator.baseline import write_baseline

        try:
            write_baseline(report, args.write_baseline)
        except OSError as error:
            message = f"cannot write {args.write_baseline}: {error.strerror or error}"
            print(f"report-validator: error: {message}", file=sys.stderr)
            return EXIT_ERROR
        report.notes.append(f"{len(report.findings)} findings recorded in {args.write_baseline}")
    if args.baseline is not None:
        from validator.baseline import BaselineError, apply_baseline, read_baseline

        try:
            apply_baseline(report, read_baseline(args.baseline), str(args.baseline))
        except BaselineError as error:
            print(f"report-validator: error: {error}", file=sys.stderr)
            return EXIT_ERROR
    for fmt, target in args.outputs or [["text", None]]:
        rendered = renderer(fmt)(report)
        if target is None:
            sys.stdout.write(rendered)
        else:
            from validator.atomic import write_text

            try:
                write_text(Path(target), rendered)
            except OSError as error:
                print(f"report-validator: error: cannot write {target}: {error}", file=sys.stderr)
                return EXIT_ERROR
    for note in report.notes:
        print(f"report-validator: {note}", file=sys.stderr)
    # files changed (the run fails, so that the change is seen: a hook, CI), or findings
    code = verdict(report.coverage, bool(fixed) or report.is_failing(Severity.parse(args.fail_on)))
    if args.write_baseline is not None and code != EXIT_ERROR:
        return EXIT_CLEAN
    return code


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


def _fix(args: argparse.Namespace) -> int:
    """`fix`: exit 0 when nothing is to fix, 1 when figures were fixed (or, with --diff,
    would be), 2 for a usage error."""
    from validator.engine import Engine
    from validator.pipeline.fix import print_outcome, run_fix
    from validator.pipeline_findings import Selection
    from validator.sources import load_paths

    packs, failed = start(args, [])
    if failed is not None:
        return failed
    options = page_options(args, packs)
    documents, problems = load_paths(args.paths, options)
    if not documents and _holds_nothing_to_check(args.paths, problems, frozenset()):
        empty = _nothing_found(args)
        if empty is not None:
            return empty
    from validator.printable import terminal_text

    for source, problem in problems:  # a file that cannot be read is not fixed: said
        said = f"{source}:{problem.line}:{problem.column}: not read: {problem.message}"
        print(terminal_text(said))
    engine = Engine(packs, Selection(_split(args.select), _split(args.ignore)))
    find_previous = None
    if args.previous_root is not None:
        from validator.document_writer import previous_finder

        find_previous = previous_finder(args.previous_root)
    outcome = run_fix(
        packs, engine, documents, args.unsafe_fixes, find_previous, args.diff, options
    )
    print_outcome(outcome, args.diff)

    # files changed, or an error stays in a file given (unread, not writable, not fixed): a
    # fix-only hook or CI step must not go green over it
    from validator.findings import Severity

    unread = [f for s, p in problems for f in engine.source_findings(s, p)]
    left = [*unread, *(outcome.fixed.report.findings if outcome.fixed else [])]
    stays = outcome.unwritten or any(f.severity >= Severity.ERROR for f in left)
    failing = bool(outcome.changes or stays)
    if outcome.fixed is None:
        return EXIT_FINDINGS if failing else EXIT_CLEAN
    return verdict(outcome.fixed.report.coverage, failing)


def _import(args: argparse.Namespace) -> int:
    """Sources in, canonical YAML out. What a source cannot give (parse errors, unreadable
    cells) is printed as `check` prints it, and fails the run from --fail-on up, as in
    `check`; a record refused (two sources disagree) fails it too; the rest is written."""
    from validator.atomic import input_files
    from validator.document_writer import write
    from validator.engine import Engine
    from validator.findings import Severity
    from validator.reporters.text import counted
    from validator.sources import load_paths
    from validator.sources.own_outputs import OWN_OUTPUT, skipped_note

    missing = [p for p in args.sources if not p.exists()]
    if missing:
        print(f"report-validator: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return EXIT_ERROR
    packs, failed = _load_packs(None)
    if failed is not None:
        return failed
    engine = Engine(packs)
    options = page_options(args, packs)
    documents, problems = load_paths(args.sources, options)
    found = [f for source, problem in problems for f in engine.source_findings(source, problem)]
    own = [source for source, problem in problems if problem.rule == OWN_OUTPUT]
    if own:
        print(f"report-validator: {skipped_note(own)}", file=sys.stderr)
    for f in found:
        print(f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
    try:
        written, refused, agreeing = write(
            documents, args.out, input_files(args.sources), args.overwrite
        )
    except OSError as error:
        print(f"report-validator: error: cannot write to {args.out}: {error}", file=sys.stderr)
        return EXIT_ERROR
    for line in refused:
        print(line)
    summary = f"{counted(len(written), 'document')} written to {args.out}"
    if agreeing:
        summary += (
            f"; {counted(agreeing, 'record')} repeated in another source, agreeing on "
            "every figure both give (its figures are in one document)"
        )
    print(summary)
    fail_on = Severity.parse(args.fail_on)
    failing = any(f.severity >= fail_on for f in found)
    return EXIT_FINDINGS if failing or refused else EXIT_CLEAN


def kind_summary(doc: str) -> str:
    """The first paragraph of a kind's documentation, on one line (a sentence may wrap)."""
    first = doc.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in first.splitlines())


def _rules(args: argparse.Namespace) -> int:
    if args.rules_command == "kinds":
        from validator.checks import KINDS

        for name, kind in KINDS.items():
            print(f"{name}\n    {kind_summary(kind.__doc__ or '')}")
        return EXIT_CLEAN
    if args.rules_command in ("lint", "test"):
        from validator.commands.rules import run_lint, run_test

        args.rules = [*(args.rules or []), *args.packs] or None
        return (run_lint if args.rules_command == "lint" else run_test)(args)
    packs, failed = _load_packs(args.rules, args.bundled)
    if failed is not None:
        return failed
    rules = {rule.qualified_id: (pack, rule) for pack in packs for rule in pack.rules}
    if args.rules_command == "list":
        width = max(len(i) for i in rules)
        for rule_id, (_, rule) in sorted(rules.items()):
            print(f"{rule_id:<{width}}  {rule.rule.severity:<7}  {rule.rule.summary}")
        return EXIT_CLEAN
    found = rules.get(args.rule_id)
    if found is None:
        print(
            f"report-validator: error: no rule {args.rule_id!r}"
            + _did_you_mean(args.rule_id, sorted(rules)),
            file=sys.stderr,
        )
        return EXIT_ERROR
    from validator.packs.explain import explain

    sys.stdout.write(explain(*found))
    return EXIT_CLEAN
