"""The Python API: what the commands call, for notebooks, CI scripts and other tools.

    >>> import validator
    >>> report = validator.check(["fixtures/valid/nit-2018-kazakhstan.yaml"])
    >>> report.findings
    []
    >>> report.coverage.total > 0 and report.coverage.total == report.coverage.total_checked
    True

A `Checker` holds the rule packs, loaded and checked once, and runs them; `check`, `audit`
and `fix` make one from the same settings the command line takes (`rules`, `select`,
`ignore`, the project's configuration file) and run it. Every run goes through one pipeline
(`validator.pipeline.run`): the same findings, figure coverage and tallies whichever entry
point asked. What a run could not use (a pack with errors, a path that does not exist, a
`select` that names no rule) raises `UsageError` with the message the command would print.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from validator.config import Config
from validator.document import Document
from validator.engine import Engine, FindPrevious
from validator.findings import Finding, Report, Severity, rule_matches
from validator.packs.loading import RulePack, load_packs, pack_paths, schema_folders
from validator.pipeline.fix import Outcome, run_fix
from validator.pipeline.model import Given, Run
from validator.pipeline.progress import Progress
from validator.pipeline.run import given, run
from validator.pipeline.spool import Spool
from validator.pipeline.work import Setup
from validator.pipeline_findings import Selection
from validator.schema_check import SUFFIX, Schemas
from validator.sources import HIDDEN, load_paths
from validator.sources.problems import PageOptions

__all__ = [
    "Checker",
    "Finding",
    "Outcome",
    "Report",
    "Run",
    "Severity",
    "UsageError",
    "audit",
    "check",
    "fix",
]


class UsageError(Exception):
    """What a run cannot start with: said as the command line says it (exit 2 there)."""


def settings(
    rules: Iterable[str | Path] = (),
    *,
    bundled_rules: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    previous_root: str | Path | None = None,
    config: str | Path | bool | None = None,
) -> Config:
    """The settings of a run: the project's configuration file under the arguments given,
    as the command line merges them (`config`: a file; None finds the nearest one up from
    the working folder, as the command does; False reads none)."""
    from validator import config as configuration

    found = Config()
    if config is not False:
        path = configuration.find(Path.cwd()) if config is None or config is True else Path(config)
        try:
            found = configuration.load(path)
        except configuration.ConfigError as error:
            raise UsageError(str(error)) from None
    return found.under(
        rules=map(Path, rules),
        bundled_rules=bundled_rules,
        select=select,
        ignore=ignore,
        previous_root=Path(previous_root) if previous_root is not None else None,
    )


class Checker:
    """Rule packs loaded and checked once, run on paths or documents as often as asked."""

    def __init__(
        self,
        packs: list[RulePack],
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        options: PageOptions | None = None,
        previous_root: Path | None = None,
        skip: Sequence[str] = HIDDEN,
    ) -> None:
        """`skip`: the glob patterns of files and folders a walk below a folder given
        leaves out (hidden ones by default; a file named is always read)."""
        unknown = unknown_selector(packs, select, ignore)
        if unknown is not None:
            raise UsageError(unknown)
        self.packs = packs
        self.selection = Selection(tuple(select), tuple(ignore))
        self.engine = Engine(packs, self.selection)
        self.options = options if options is not None else page_options(packs)
        self.previous_root = previous_root
        self.skip = tuple(skip)

    @classmethod
    def load(cls, given: Config | None = None, **options: object) -> Checker:
        """The packs the settings name (the bundled ones, unless left out), loaded and
        checked; `options`: what `PageOptions` takes (country, edition, time_budget)."""
        given = given or Config()
        missing = [p for p in given.rules if not p.exists()]
        if missing:
            raise UsageError(f"no such rule pack: {missing[0]}")
        packs, problems = load_packs(pack_paths(list(given.rules), given.bundled_rules))
        if problems:
            first = sorted(problems)[0]
            raise UsageError(
                f"the rule packs have {len(problems)} errors; the first: "
                f"{first.source}:{first.line}:{first.column}: {first.message}"
            )
        checker = cls(
            packs,
            select=given.select,
            ignore=given.ignore,
            previous_root=given.previous_root,
            skip=given.skip,
        )
        if options:
            checker.options = page_options(packs, PageOptions(**options))  # type: ignore[arg-type]
        return checker

    @property
    def find_previous(self) -> FindPrevious | None:
        if self.previous_root is None:
            return None
        from validator.document_writer import previous_finder

        return previous_finder(self.previous_root)

    def run(
        self,
        paths: Iterable[str | Path | Given],
        *,
        exclude: Iterable[Path] = (),
        jobs: int = 1,
        spool: Spool | None = None,
        progress: Progress | None = None,
        signals: bool = False,
    ) -> Run:
        """Files and folders (and documents given), checked as one run (`jobs` processes;
        `spool`: where the run keeps its documents, in memory when None)."""
        inputs = [item if isinstance(item, Given) else Path(item) for item in paths]
        missing = [p for p in inputs if isinstance(p, Path) and not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {missing[0]}")
        setup = Setup(tuple(p.path for p in self.packs), self.selection, self.options)
        return run(
            inputs,
            self.engine,
            options=self.options,
            jobs=jobs,
            setup=setup,
            spool=spool,
            progress=progress,
            exclude=frozenset(exclude),
            find_previous=self.find_previous,
            signals=signals,
            skip=self.skip,
        )

    def check(self, paths: Iterable[str | Path | Given], **run: object) -> Report:
        """The run's findings and figure coverage, as `check` reports them."""
        return self.run(paths, **run).report()  # type: ignore[arg-type]

    def check_documents(self, documents: Iterable[Document]) -> Report:
        """Documents made or read by the caller, checked as one run (those of one source
        as one file's)."""
        return self.run(given(documents)).report()

    def fix(
        self,
        paths: Iterable[str | Path],
        *,
        unsafe: bool = False,
        diff: bool = False,
        exclude: Iterable[Path] = (),
    ) -> Outcome:
        """Write the figures rules derive from others into the YAML and JSON files given
        (`diff`: write nothing, give the unified diff in `Outcome.diff`)."""
        from validator.sources.own_outputs import OWN_OUTPUT

        read = [Path(p) for p in paths]
        missing = [p for p in read if not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {missing[0]}")
        documents, problems = load_paths(read, self.options, frozenset(exclude), self.skip)
        outcome = run_fix(
            self.packs, self.engine, documents, unsafe, self.find_previous, diff, self.options
        )
        outcome.unread = [f for s, p in problems for f in self.engine.source_findings(s, p)]
        outcome.files = len({doc.source for doc in documents} | {s for s, _ in problems})
        outcome.own_outputs = sum(1 for _, p in problems if p.rule == OWN_OUTPUT)
        return outcome


def page_options(packs: list[RulePack], given: PageOptions | None = None) -> PageOptions:
    """How pages are read: what the user said of them (country, edition, time budget) and
    the page layouts beside the plug-in packs (layouts/pages/), with their surveys'
    schemas."""
    given = given or PageOptions()
    folders = schema_folders(packs)
    if not folders:  # the bundled packs only: the page readers are imported when a page is read
        return PageOptions(given.country, given.edition, given.time_budget)
    from validator.sources.pages.layout import folder_layouts

    layouts = [layout for folder in folders for _, layout in folder_layouts(folder)[0]]
    schemas = None
    if layouts:
        registry = Schemas(folders)
        named = {layout.survey + SUFFIX for layout in layouts} & set(registry.paths)
        schemas = {name[: -len(SUFFIX)]: registry.schema(name) for name in sorted(named)}
    ordered = tuple(sorted(layouts, key=lambda layout: layout.priority))
    return PageOptions(given.country, given.edition, given.time_budget, ordered, schemas)


def unknown_selector(
    packs: list[RulePack], select: Sequence[str], ignore: Sequence[str]
) -> str | None:
    """What is wrong with a `select` or `ignore` that names no rule (a typo would check
    nothing, or leave out nothing, in silence), with the ids it may have meant."""
    ids = sorted(rule.qualified_id for pack in packs for rule in pack.rules)
    for option, values in (("--select", select), ("--ignore", ignore)):
        for selector in values:
            if not any(rule_matches(i, selector) for i in ids):
                said = f"{option} {selector}: no rule has this id or prefix"
                return said + did_you_mean(selector, ids)
    return None


def did_you_mean(name: str, ids: list[str]) -> str:
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


def check(
    paths: Iterable[str | Path],
    *,
    rules: Iterable[str | Path] = (),
    bundled_rules: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    previous_root: str | Path | None = None,
    config: str | Path | bool | None = False,
) -> Report:
    """Check files and folders as `report-validator check` does; the `Report` holds the
    findings (`report.findings`), the documents read and figure coverage
    (`report.coverage`). `config`: False (the default) reads no configuration file, None
    the nearest one up from the working folder, or a file's path."""
    chosen = settings(
        rules,
        bundled_rules=bundled_rules,
        select=select,
        ignore=ignore,
        previous_root=previous_root,
        config=config,
    )
    return Checker.load(chosen).check(paths)


@contextmanager
def audit(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    rules: Iterable[str | Path] = (),
    bundled_rules: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: str | Path | bool | None = False,
) -> Iterator[Run]:
    """An audit's `Run` (tallies by rule, layout and status, coverage, the findings in a
    spool on disk), for the `with` block's length: the spool is removed after it.

    >>> import validator
    >>> with validator.audit(["fixtures/valid"]) as run:
    ...     (run.files_read, run.checked, run.is_failing(validator.Severity.ERROR))
    (12, 12, False)
    """
    chosen = settings(
        rules, bundled_rules=bundled_rules, select=select, ignore=ignore, config=config
    )
    checker = Checker.load(chosen)
    with tempfile.TemporaryDirectory(prefix="report-validator-audit-") as folder:
        spool = Spool(Path(folder) / "spool.sqlite")
        try:
            yield checker.run(paths, jobs=jobs, spool=spool)
        finally:
            spool.close()


def fix(
    paths: Iterable[str | Path],
    *,
    diff: bool = False,
    unsafe: bool = False,
    rules: Iterable[str | Path] = (),
    bundled_rules: bool = True,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    config: str | Path | bool | None = False,
) -> Outcome:
    """Write the figures rules derive from others into the files given, as
    `report-validator fix` does (`diff`: only say what would change)."""
    chosen = settings(
        rules, bundled_rules=bundled_rules, select=select, ignore=ignore, config=config
    )
    return Checker.load(chosen).fix(paths, unsafe=unsafe, diff=diff)
