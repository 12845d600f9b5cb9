"""`report-validator rules lint` and `rules test`: a pack's author's tools, run on the packs
given with the bundled ones (as `check` would run them).

lint: every error of loading (what stops a run) and the warnings of `packs/lint.py`;
exit 2 for errors, 1 for warnings only, 0 when clean. test: every case of the packs given
(or of every pack, without any), exit 1 when one fails; a run that finds no case to run, or
packs given whose rules have no cases, says so (a pack with no cases is not a tested pack).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from validator import pointer as jp
from validator.commands.common import did_you_mean, loaded_packs
from validator.findings import Finding, Report, Severity
from validator.packs.lint import lint, schemas_for
from validator.packs.loading import RulePack, given_packs, load_packs, pack_paths
from validator.packs.pack import pack_finding
from validator.pipeline.cases import CaseError, case_engine, case_files, read_cases, run_case
from validator.pipeline.edges import UNREAD, uncovered
from validator.reporters import text
from validator.reporters.text import counted
from validator.schema_check import Schemas

EXIT_CLEAN, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _packs(args: argparse.Namespace) -> tuple[list[RulePack], list[Finding], list[Path]] | None:
    """The packs (bundled and given), their loading errors, and the files given; None when
    a path given does not exist (said)."""
    given = list(args.rules or [])
    missing = [p for p in given if not p.exists()]
    if missing:
        print(f"report-validator: error: no such rule pack: {missing[0]}", file=sys.stderr)
        return None
    packs, problems = load_packs(pack_paths(given, args.bundled))
    return packs, problems, given_packs(given)


def _cases_folders(args: argparse.Namespace, packs: list[RulePack]) -> dict[str, Path]:
    """Each pack's folder of cases (`<folder>/<pack>/<rule-id>.yaml`): --cases, or the
    `cases` folder beside the pack (`rules lint A B`: A's beside A, B's beside B)."""
    return {
        pack.name: Path(args.cases) if args.cases is not None else pack.path.parent / "cases"
        for pack in packs
    }


def _edge_warnings(
    chosen: list[RulePack], cases: dict[str, Path], schemas: Schemas, all_packs: list[RulePack]
) -> list[Finding]:
    """A warning for every edge of a rule (a threshold, a maximum, an era's first edition)
    that none of the rule's cases holds (`pipeline/edges.py`)."""
    found = []
    for pack in chosen:
        folder = cases[pack.name]
        for rule, what in uncovered(pack, folder, schemas, all_packs):
            where = f"{folder / pack.name / rule.id}.yaml"
            if what.startswith(UNREAD):
                message = f"the edges of {rule.qualified_id} were not checked: {what} ({where})"
            else:
                message = (
                    f"no case of {rule.qualified_id} holds {what}: a change to that number "
                    f"would pass its cases ({where})"
                )
            at = jp.join("/rules", rule.id)
            found.append(
                pack_finding(pack.path, pack.source_map, at, message, severity=Severity.WARNING)
            )
    return found


def run_lint(args: argparse.Namespace) -> int:
    loaded = _packs(args)
    if loaded is None:
        return EXIT_ERROR
    packs, problems, files = loaded
    if args.cases is not None and not Path(args.cases).is_dir():
        print(f"report-validator: error: no such folder: {args.cases}", file=sys.stderr)
        return EXIT_ERROR
    warnings: list[Finding] = []
    if not problems:
        schemas, problems = schemas_for(packs)
        if schemas is not None:
            mine = {p.resolve() for p in files}
            chosen = [p for p in packs if p.path.resolve() in mine] if files else packs
            cases = _cases_folders(args, chosen) if files or args.cases is not None else None
            result = lint(chosen, schemas, cases)
            problems, warnings = result.errors, result.warnings
            if cases is not None and not problems:
                warnings += _edge_warnings(chosen, cases, schemas, packs)
    findings = sorted(problems + warnings)
    for f in findings:
        print(f"{f.source}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
    linted = len(files) if files else len(packs)
    errors = sum(f.severity == Severity.ERROR for f in findings)
    summary = (
        f"{counted(linted, 'rule pack')} linted: "
        f"{counted(errors, 'error')}, {counted(len(findings) - errors, 'warning')}"
    )
    if not args.quiet:
        print(summary)
    return EXIT_ERROR if errors else EXIT_FAILED if findings else EXIT_CLEAN


def run_test(args: argparse.Namespace) -> int:
    loaded = _packs(args)
    if loaded is None:
        return EXIT_ERROR
    packs, problems, files = loaded
    if problems:
        sys.stderr.write(text.render(Report(findings=sorted(problems), documents=0)))
        print(
            "report-validator: error: the rule packs have errors; no case was run", file=sys.stderr
        )
        return EXIT_ERROR
    mine = {p.resolve() for p in files}
    tested = [p for p in packs if p.path.resolve() in mine] if files else packs
    folders = _cases_folders(args, tested) if files or args.cases is not None else {}
    present = {name: folder for name, folder in folders.items() if folder.is_dir()}
    if not present:
        where = args.cases if args.cases is not None else "a `cases` folder beside the packs"
        print(f"report-validator: error: no cases to run: {where} is not there", file=sys.stderr)
        return EXIT_ERROR
    known = {r.qualified_id for p in packs for r in p.rules}
    failed = ran = 0
    covered: set[str] = set()
    strays: list[str] = []
    for folder in dict.fromkeys(present.values()):
        names = {name for name, there in present.items() if there == folder}
        for path in case_files(folder):
            rule_id = f"{path.parent.name}/{path.stem}"
            if path.parent.name not in names:
                continue
            if rule_id not in known:  # a misspelt file name: its cases would test nothing
                strays.append(rule_id)
                print(f"{path}: no rule {rule_id} in the packs: its cases were not run")
                continue
            try:
                cases = read_cases(path)
            except CaseError as error:
                print(f"{error}: not run")
                failed += 1
                continue
            engine = case_engine(packs, rule_id)  # one per rule, shared by its cases
            for case in cases:
                outcome = run_case(case, packs, folder.parent, engine)
                ran += 1
                covered.add(case.rule_id)
                if not outcome.passed:
                    failed += 1
                    where = f"{case.path}:{case.line}"
                    print(f"{where}: FAILED {case.rule_id} [{case.name}]: {outcome.detail}")
    untested = sorted(
        r.qualified_id
        for p in tested
        for r in p.rules
        if r.kind is not None and r.qualified_id not in covered
    )
    if untested:
        print(f"no cases for {counted(len(untested), 'rule')}: {', '.join(untested)}")
    if not args.quiet:
        print(f"{counted(ran, 'case')} run: {ran - failed} passed, {failed} failed")
    if ran == 0:
        print("report-validator: error: no case was run", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FAILED if failed or strays else EXIT_CLEAN


def kind_summary(doc: str) -> str:
    """The first paragraph of a kind's documentation, on one line (a sentence may wrap)."""
    first = doc.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in first.splitlines())


def run(args: argparse.Namespace) -> int:
    if args.rules_command == "kinds":
        from validator.checks import KINDS

        for name, kind in KINDS.items():
            print(f"{name}\n    {kind_summary(kind.__doc__ or '')}")
        return EXIT_CLEAN
    if args.rules_command in ("lint", "test"):
        args.rules = [*(args.rules or []), *args.packs] or None
        return (run_lint if args.rules_command == "lint" else run_test)(args)
    packs, failed = loaded_packs(args.rules, args.bundled, not args.no_cache)
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
            + did_you_mean(args.rule_id, sorted(rules)),
            file=sys.stderr,
        )
        return EXIT_ERROR
    from validator.packs.explain import explain

    sys.stdout.write(explain(*found))
    return EXIT_CLEAN
