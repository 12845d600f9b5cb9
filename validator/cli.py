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
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from validator.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, EXIT_STOPPED
from validator.sources.problems import DEFAULT_TIME_BUDGET
from validator.version import __version__

if TYPE_CHECKING:  # the packs are loaded when a command needs them: start-up time
    pass


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # no abbreviations: a new option must not change what `--stat` meant in a script
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

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
    check.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="files and folders to check; - reads one document from standard input",
    )
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
        "--statistics",
        action="store_true",
        help="in place of the text report, the number of findings of each rule (most first)",
    )
    check.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="PATH",
        help="with the path -: the name of the document read from standard input (its format "
        "by the suffix, YAML without one; its name in findings); with other paths, the text "
        "takes the place of the file PATH in the run",
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
    _add_show_fixes(check)

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
    _add_show_fixes(fixing)
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
    audit.add_argument(
        "--csv-for-spreadsheets",
        action="store_true",
        help="--csv for a spreadsheet: a cell that would start a formula (=, +, -, @) gets a "
        "leading apostrophe (default: the values as they are, for pandas, R and other tools)",
    )
    _add_checking_options(audit, quiet="no progress bar; the coverage and closing lines only")

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
    _add_quiet(importing, "only the problems and refusals, not the closing line")

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
    _add_quiet(lint, "only the problems found, no closing line")
    testing = rule_commands.add_parser(
        "test", help="run the packs' pass/fail cases (<cases>/<pack>/<rule-id>.yaml)"
    )
    testing.add_argument("packs", nargs="*", type=Path, metavar="PATH", help="packs or folders")
    _add_rule_sources(testing)
    _add_cases(testing)
    _add_quiet(testing, "only the cases that failed and the rules without cases, no closing line")
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
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="load the rule packs from their files, not from the cache of loaded packs "
        "($XDG_CACHE_HOME/report-validator; REPORT_VALIDATOR_NO_CACHE=1 does the same)",
    )


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


def _add_quiet(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument("--quiet", "-q", action="store_true", help=what)


def _add_show_fixes(command: argparse.ArgumentParser) -> None:
    """ruff's names: each figure fixed is listed unless --no-show-fixes."""
    command.add_argument(
        "--show-fixes",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="list each figure fixed, where it is (default; --no-show-fixes: the closing "
        "line only)",
    )


def _add_checking_options(
    command: argparse.ArgumentParser,
    quiet: str = "only the findings' lines: no coverage or closing line (what was not "
    "checked is still said on stderr)",
) -> None:
    """The options of every command that checks documents (check, fix, audit)."""
    _add_fail_on(command)
    command.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings fail the run (a usage or rule-pack error still exits 2)",
    )
    command.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERN",
        help="leave out the files and folders found below a folder given that match PATTERN "
        "(a glob on the name or on the path below the folder; repeatable, or comma-separated); "
        "replaces the default, hidden files and folders (.*)",
    )
    command.add_argument(
        "--extend-exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="as --exclude, in addition to the default and to --exclude",
    )
    _add_quiet(command, quiet)
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
    parser = build_parser()
    try:
        args = parser.parse_args(tokens)
    except _UsageError as error:
        print(f"report-validator: error: {error}{_option_meant(parser, tokens, str(error))}",
              file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    from validator.commands.common import configure

    failed = configure(args)
    if hook and getattr(args, "previous_root", "") is None:
        args.previous_root = Path(".")  # the repository's top, where pre-commit runs hooks
    if failed is not None:
        return failed
    command = import_module(f"validator.commands.{COMMANDS[args.command]}")
    code: int = command.run(args)
    if code == EXIT_FINDINGS and getattr(args, "exit_zero", False):
        return EXIT_CLEAN
    return code


def _option_meant(parser: argparse.ArgumentParser, tokens: list[str], message: str) -> str:
    """`; did you mean --fail-on?` for an option the command does not have, from the options
    of the (sub)command the tokens name."""
    import difflib

    if not message.startswith("unrecognized arguments:"):
        return ""
    command = parser
    options: list[str] = []
    for token in tokens:
        if token.startswith("-"):
            continue
        chosen = None
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction) and token in action.choices:
                chosen = action.choices[token]
        if chosen is None:
            break
        command = chosen
    for action in command._actions:
        options.extend(o for o in action.option_strings if o.startswith("--"))
    unknown = [t.split("=", 1)[0] for t in message.split(":", 1)[1].split() if t.startswith("--")]
    for token in unknown:
        close = difflib.get_close_matches(token, options, n=1, cutoff=0.6)
        if close:
            return f"; did you mean {close[0]}?"
    return ""


# each command's module in validator.commands, with its `run(args) -> int`
COMMANDS = {"check": "check", "fix": "fix", "import": "import_", "audit": "audit", "rules": "rules"}


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a whole number, at least 1")
    return value
