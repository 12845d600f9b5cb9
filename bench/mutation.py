"""Mutation testing: realistic faults planted one at a time, and whether a behavioural test
notices. A fault the suite does not notice is a place where a wrong number could ship.

    python bench/mutation.py                 # every mutant, 2 at a time
    python bench/mutation.py --only fiw-     # the mutants whose id starts with fiw-
    python bench/mutation.py --ids a,b       # these mutants only
    python bench/mutation.py --list          # the mutants, not run

Each mutant is one edit of one file (a pack value, an era, a layout mapping, a schema bound,
a check kind, a reporter, the engine): a copy of the working tree, with nothing beside it
(the tests that need ../shared skip, as on a fresh clone), gets the edit, and the suite runs
there with `-x`, without the golden-file tests (a snapshot noticing a change is not a
behavioural test) and without the pre-commit test (slow; it tests the hook's wiring). The
mutant is killed when a test fails, survives when all pass. The report gives the kill ratio
and, for each mutant, the first test that failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [
    sys.executable,
    "-m",
    "pytest",
    "-x",
    "-q",
    "-p",
    "no:cacheprovider",
    "--deselect",
    "tests/test_cli.py::test_golden_output",
    "--deselect",  # a stale generated reference is not a behavioural test either
    "tests/test_schemas.py::test_generated_rule_reference_is_fresh",
    "--deselect",  # in a mutated copy the mutant's own text is gone: it would kill them all
    "tests/test_registry.py::test_every_mutant_of_the_bench_still_applies",
    "--ignore",
    "tests/test_precommit.py",
    # the quick tests that catch most faults first (-x stops at the first failure), then all
    "tests/test_oracle.py",
    "tests/test_layouts.py",
    "tests/test_rule_cases.py",
    "tests/test_rule_edges.py",
    "tests/test_coverage.py",
    "tests/test_cli.py",
    "tests",
]


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str
    old: str
    new: str
    what: str


MUTANTS = [
    # rule packs: tables, bands, eras, arithmetic
    Mutant(
        "fiw-pr-table-row",
        "rules/fiw.yaml",
        "{min: 30, max: 35, value: 2}\n      - {min: 24, max: 29, value: 3}",
        "{min: 31, max: 35, value: 2}\n      - {min: 24, max: 30, value: 3}",
        "PR 30 rated 3",
    ),
    Mutant(
        "fiw-cl-table-row",
        "rules/fiw.yaml",
        "{min: 44, max: 52, value: 2}\n      - {min: 35, max: 43, value: 3}",
        "{min: 45, max: 52, value: 2}\n      - {min: 35, max: 44, value: 3}",
        "CL 44 rated 3",
    ),
    Mutant(
        "fiw-status-band",
        "rules/fiw.yaml",
        "      - {min: 1.0, max: 2.5, value: Free}\n      - {min: 3.0, max: 5.0, value: Partly Free}\n      - {min: 5.5, max: 7.0, value: Not Free}",
        "      - {min: 1.0, max: 2.5, value: Free}\n      - {min: 3.0, max: 5.5, value: Partly Free}\n      - {min: 6.0, max: 7.0, value: Not Free}",
        "FR 5.5 Partly Free from FIW2004",
    ),
    Mutant(
        "fiw-strict-era",
        "rules/fiw.yaml",
        "    check: threshold_bands\n    editions: {first: 2004}\n    params:",
        "    check: threshold_bands\n    editions: {first: 2005}\n    params:",
        "strict status from FIW2005",
    ),
    Mutant(
        "fiw-before-2004-era",
        "rules/fiw.yaml",
        "    editions: {last: 2003}\n    params:\n      value: /status\n      input: {mean: [/political_rights_rating, /civil_liberties_rating]}\n      table: status-from-freedom-rating-before-2004",
        "    editions: {last: 2002}\n    params:\n      value: /status\n      input: {mean: [/political_rights_rating, /civil_liberties_rating]}\n      table: status-from-freedom-rating-before-2004",
        "old status rule to FIW2002",
    ),
    Mutant(
        "fiw-add-a-era",
        "rules/fiw.yaml",
        "    editions: {last: 2017}\n    params: {min: 0, max: 4, step: 1, labels: []}",
        "    editions: {last: 2016}\n    params: {min: 0, max: 4, step: 1, labels: []}",
        "Add A range to FIW2016",
    ),
    Mutant(
        "fiw-add-a-na",
        "rules/fiw.yaml",
        "labels: [N/A]",
        "labels: [N/A, n/a]",
        "n/a accepted after 2018",
    ),
    Mutant(
        "fiw-indicator-max",
        "rules/fiw.yaml",
        'params: {min: 0, max: 4, step: 1}\n    message: "indicator',
        'params: {min: 0, max: 5, step: 1}\n    message: "indicator',
        "indicator 5 accepted",
    ),
    Mutant(
        "fiw-add-q-sign",
        "rules/fiw.yaml",
        "parts: [/indicators/A*, /indicators/B*, /indicators/C*, {field: /add_q, sign: -1, default: 0}]",
        "parts: [/indicators/A*, /indicators/B*, /indicators/C*, {field: /add_q, sign: 1, default: 0}]",
        "Add Q added",
    ),
    Mutant(
        "fiw-score-tables-era",
        "rules/fiw.yaml",
        "    editions: {first: 2013}\n    when: [{field: /political_rights_score, present: false}, {field: /indicators, present: true}]",
        "    editions: {first: 2014}\n    when: [{field: /political_rights_score, present: false}, {field: /indicators, present: true}]",
        "PR table from FIW2014",
    ),
    Mutant(
        "nit-regime-band",
        "rules/nit.yaml",
        "{min: 1.00, max: 2.00, value: Consolidated Authoritarian Regime}\n      - {min: 2.01,",
        "{min: 1.00, max: 2.01, value: Consolidated Authoritarian Regime}\n      - {min: 2.02,",
        "2.01 authoritarian",
    ),
    Mutant(
        "nit-original-band",
        "rules/nit.yaml",
        "max: 2.99, value: Consolidated Democracy}\n      - {min: 3.00,",
        "max: 3.00, value: Consolidated Democracy}\n      - {min: 3.01,",
        "original 3.00 consolidated",
    ),
    Mutant(
        "nit-percentage-divisor",
        "rules/nit.yaml",
        "      input: {mean: [/ratings/*]}\n      steps: [{op: subtract, by: 1}, {op: divide, by: 6}, {op: multiply, by: 100}]",
        "      input: {mean: [/ratings/*]}\n      steps: [{op: subtract, by: 1}, {op: divide, by: 7}, {op: multiply, by: 100}]",
        "DP divides by 7",
    ),
    Mutant(
        "nit-score-digits",
        "rules/nit.yaml",
        "parts: [/ratings/*], digits: 2}",
        "parts: [/ratings/*], digits: 1}",
        "DS to one decimal",
    ),
    Mutant(
        "nit-rating-step",
        "rules/nit.yaml",
        "    at: /ratings/*\n    editions: {first: 2005}\n    params: {min: 1, max: 7, step: 0.25}",
        "    at: /ratings/*\n    editions: {first: 2005}\n    params: {min: 1, max: 7, step: 0.05}",
        "ratings in twentieths",
    ),
    Mutant(
        "nit-direction-words",
        "rules/nit.yaml",
        "    at: /changes/*\n    editions: {first: 2005}\n    when: [{field: /scale, equals: 7-most-democratic}]\n    params: {up: improved, down: declined}",
        "    at: /changes/*\n    editions: {first: 2005}\n    when: [{field: /scale, equals: 7-most-democratic}]\n    params: {up: declined, down: improved}",
        "direction words swapped",
    ),
    Mutant(
        "fotn-modern-band",
        "rules/fotn.yaml",
        "{min: 0, max: 39, value: Not Free}\n      - {min: 40,",
        "{min: 0, max: 40, value: Not Free}\n      - {min: 41,",
        "40 not free",
    ),
    Mutant(
        "fotn-old-band",
        "rules/fotn.yaml",
        "{min: 0, max: 30, value: Free}\n      - {min: 31,",
        "{min: 0, max: 31, value: Free}\n      - {min: 32,",
        "old-scale 31 free",
    ),
    Mutant(
        "fotn-inversion-era",
        "rules/fotn.yaml",
        "    editions: {first: 2019}\n    params: {value: /status",
        "    editions: {first: 2020}\n    params: {value: /status",
        "modern bands from 2020",
    ),
    Mutant("fotn-category-max", "rules/fotn.yaml", "max: 25", "max: 26", "obstacles up to 26"),
    Mutant(
        "sidebar-free-bound",
        "rules/sidebar.yaml",
        "params: {min: 62, max: 100}",
        "params: {min: 61, max: 100}",
        "free sidebar from 61",
    ),
    Mutant(
        "sidebar-internet-band",
        "rules/sidebar.yaml",
        "{min: 40, max: 69, value: partly free}\n      - {min: 70,",
        "{min: 40, max: 70, value: partly free}\n      - {min: 71,",
        "internet 70 partly free",
    ),
    # layouts
    Mutant(
        "layout-g3-g4",
        "rules/layouts/fiw-all-data.yaml",
        "  G3: {field: /indicators/G3}\n  G4: {field: /indicators/G4}",
        "  G3: {field: /indicators/G4}\n  G4: {field: /indicators/G3}",
        "G3 and G4 swapped",
    ),
    Mutant(
        "layout-pr-cl",
        "rules/layouts/fiw-all-data.yaml",
        "  PR rating: {field: /political_rights_rating}\n  CL rating: {field: /civil_liberties_rating}",
        "  PR rating: {field: /civil_liberties_rating}\n  CL rating: {field: /political_rights_rating}",
        "ratings swapped",
    ),
    Mutant(
        "layout-status-code",
        "rules/layouts/fiw-ratings-history.yaml",
        "{F: Free, PF: Partly Free, NF: Not Free}",
        "{F: Free, PF: Not Free, NF: Partly Free}",
        "PF and NF codes swapped",
    ),
    Mutant(
        "layout-territory",
        "rules/layouts/fiw-all-data.yaml",
        "codes: {c: false, t: true}",
        "codes: {c: true, t: false}",
        "countries as territories",
    ),
    # schemas
    Mutant(
        "schema-nit-last-edition",
        "schemas/nit.schema.json",
        '"maximum": 2024',
        '"maximum": 2025',
        "NIT2025 accepted",
    ),
    Mutant(
        "schema-fiw-first-edition",
        "schemas/fiw.schema.json",
        '"minimum": 1973',
        '"minimum": 1972',
        "FIW1972 accepted",
    ),
    # check kinds and arithmetic
    Mutant(
        "kind-range-max",
        "validator/checks/range_step.py",
        "    if not params.min <= value <= top:",
        "    if not params.min <= value < top:",
        "the maximum itself out of range",
    ),
    Mutant(
        "arith-half-even",
        "validator/arithmetic.py",
        "        whole += rest >= Fraction(1, 2)",
        "        whole += rest > Fraction(1, 2)",
        "half-down rounding",
    ),
    Mutant(
        # (`new >= old` for `new > old` is no fault: equal values are reported just before)
        "kind-direction-unchanged",
        "validator/checks/change_direction.py",
        "    if old == new:\n",
        "    if old == new and old != old:\n",
        "a stated change from a value to itself passes",
    ),
    Mutant(
        "kind-compare-no-judge",
        "validator/checks/compare.py",
        "        context.judge(at)\n        if not equal(expected, actual):",
        "        if not equal(expected, actual):",
        "sums judge nothing (coverage)",
    ),
    Mutant(
        "engine-na-passed",
        "validator/engine.py",
        "return PASSED if compared else NOT_APPLICABLE",
        "return PASSED",
        "nothing compared counted as passed",
    ),
    # reporters, CLI, sources
    Mutant(
        "json-infos-as-warnings",
        "validator/reporters/json_report.py",
        '"warnings": report.count(Severity.WARNING),',
        '"warnings": report.count(Severity.WARNING) + report.count(Severity.INFO),',
        "info counted as warnings",
    ),
    Mutant(
        "sarif-no-edition",
        "validator/reporters/sarif.py",
        'PROPERTIES = ("pointer", "expected", "actual", "survey", "country", "edition")',
        'PROPERTIES = ("pointer", "expected", "actual", "survey", "country")',
        "SARIF without edition",
    ),
    Mutant(
        "junit-failures",
        "validator/reporters/junit.py",
        "            failed += not unread",
        "            failed += len(failing) if not unread else 0",
        "JUnit's failures count findings, not failing cases",
    ),
    Mutant(
        "junit-below-fail-on-fails",
        "validator/reporters/junit.py",
        "        failing = [f for f in cases[key] if f.severity >= report.fail_on]",
        "        failing = list(cases[key])",
        "a case with findings below --fail-on fails in JUnit while the run passes",
    ),
    Mutant(
        "fail-on-off-by-one",
        "validator/findings.py",
        "return any(f.severity >= fail_on for f in self.findings)",
        "return any(f.severity > fail_on for f in self.findings)",
        "--fail-on misses its own level",
    ),
    Mutant(
        "select-no-check",
        "validator/api.py",
        "            if not any(rule_matches(i, selector) for i in ids):",
        "            if False:",
        "a typo in --select checks nothing",
    ),
    Mutant(
        "own-output-csv",
        "validator/sources/own_outputs.py",
        'if header[:3] == ["rule", "severity", "message"]:',
        'if header[:3] == ["rule", "severity", "text"]:',
        "audit CSV read as data",
    ),
    Mutant(
        "coverage-counts-country",
        "validator/document.py",
        "        return IDENTITY | frozenset(at for at in marked if not jp.has_wildcard(at))",
        "        return (IDENTITY - {'/country'}) | frozenset(at for at in marked if not jp.has_wildcard(at))",
        "the country counted as a figure",
    ),
    Mutant(
        "page-second-number",
        "validator/sources/pages/page.py",
        "    found = _two_decimals(score, separator)",
        "    found = _two_decimals(maximum, separator)",
        "a page's maximum read as its score",
    ),
    Mutant(
        "page-label-figure-line",
        "validator/sources/pages/page.py",
        "                    return found[0], later + 1, found[1]",
        "                    return found[0], later, found[1]",
        "a figure under its label placed on the label's line",
    ),
    Mutant(
        "page-trend-arrow-swapped",
        "validator/sources/pages/fiw.py",
        '_ARROWS = {"↑": "upward", "↓": "downward"}',
        '_ARROWS = {"↑": "downward", "↓": "upward"}',
        "a trend arrow read the other way",
    ),
    Mutant(
        "page-hub-block-skipped",
        "validator/sources/pages/hub.py",
        "            index = end = status[0]",
        "            index = status[0]",
        "the hub's score blocks looked for inside its glance block",
    ),
    Mutant(
        "page-unread-silent",
        "validator/sources/pages/__init__.py",
        "    problems.extend(unread_figures(page, _labels(layout)))",
        "    problems.extend([])",
        "a score line no step took dropped in silence",
    ),
    Mutant(
        "page-copies-first-wins",
        "validator/sources/pages/__init__.py",
        "    disagree = _copies_disagree(documents)",
        "    disagree: list[SourceProblem] = []",
        "two differing copies of a page both passed",
    ),
    Mutant(
        "page-table-rows-unread",
        "validator/sources/pages/page.py",
        '    row = stripped.startswith("|") or stripped.endswith("|")',
        "    row = False",
        "a table row's cell separators kept",
    ),
    Mutant(
        "page-layout-pointer-swapped",
        "rules/layouts/pages/30-fiw-site.yaml",
        "    at: {figure: /political_rights_score}",
        "    at: {figure: /civil_liberties_score}",
        "a layout file that sends a figure to the wrong field",
    ),
    Mutant(
        "page-figures-missing-silent",
        "validator/sources/pages/__init__.py",
        "    if page.missing:\n        problems.append(figures_missing(page))",
        "    if False:\n        problems.append(figures_missing(page))",
        "labels without their figures not said",
    ),
    # the survivors of an independent mutation study (issue 30), killed since by tests
    Mutant(
        "compiled-rounding-ignored",
        "validator/checks/fast.py",
        "round_to(apply_steps(exact(value), steps), places, rounding)",
        'round_to(apply_steps(exact(value), steps), places, "half-up")',
        "the compiled formula always rounds half-up",
    ),
    Mutant(
        "range-grid-from-zero",
        "validator/checks/range_step.py",
        "not is_multiple(value - params.min, params.step)",
        "not is_multiple(value, params.step)",
        "a range's grid counted from 0, not from its minimum",
    ),
    Mutant(
        "compiled-grid-from-zero",
        "validator/checks/fast.py",
        "        return is_multiple(value - low, step)",
        "        return is_multiple(value, step)",
        "the compiled range's grid counted from 0",
    ),
    Mutant(
        "cross-edition-no-compared-value",
        "validator/checks/cross_edition.py",
        "derive(params.previous, params.table, target, earlier, compared=actual)",
        "derive(params.previous, params.table, target, earlier)",
        "as-printed on last year's side falls back to whole numbers",
    ),
    Mutant(
        "templates-case-sensitive",
        "validator/sources/pages/templates.py",
        'return re.compile("".join(parts), re.IGNORECASE)',
        'return re.compile("".join(parts))',
        "page labels matched in their case only",
    ),
    Mutant(
        "fix-leftover-by-pointer",
        "validator/pipeline/fixing.py",
        "if (_key(work[change.document]), change.pointer) in reported",
        "if change.pointer in {pointer for _, pointer in reported}",
        "one document's leftover finding undoes another's fix",
    ),
    Mutant(
        "junit-tests-are-documents",
        "validator/reporters/junit.py",
        '        "tests": str(len(testcases)),',
        '        "tests": str(len(report.checked)),',
        "JUnit's suite counts documents, not test cases",
    ),
    Mutant(
        "sarif-fired-rules-only",
        "validator/reporters/sarif.py",
        "    ids = sorted(report.rules)",
        "    ids = sorted({f.rule for f in report.findings})",
        "SARIF lists only the rules that fired",
    ),
    Mutant(
        "fiw-subcategory-c-max",
        "rules/fiw.yaml",
        "maxima: {A: 12, B: 16, C: 12, D: 16, E: 12, F: 16, G: 16}",
        "maxima: {A: 12, B: 16, C: 16, D: 16, E: 12, F: 16, G: 16}",
        "subcategory C allowed 16",
    ),
    Mutant(
        "fotn-last-year-band-era",
        "rules/fotn.yaml",
        "    check: threshold_bands\n    editions: {first: 2020}\n    params: {value: /last_year/status",
        "    check: threshold_bands\n    editions: {first: 2019}\n    params: {value: /last_year/status",
        "last year's band from FOTN2019",
    ),
    Mutant(
        "fiw-free-share-significant",
        "rules/fiw-distribution.yaml",
        '      significant: 15\n    message: "share of Free countries',
        '      significant: 4\n    message: "share of Free countries',
        "the Free share compared at 4 significant digits, not 15",
    ),
    Mutant(
        "table-also-ignored",
        "validator/checks/quantity.py",
        "return any(equal(v, written) for v in (self.row.value, *self.row.also))",
        "return equal(self.row.value, written)",
        "a table row's `also` labels refused",
    ),
    Mutant(
        "table-upper-exclusive",
        "validator/rulepack/models.py",
        "            if row.min <= value <= row.max:",
        "            if row.min <= value < row.max:",
        "a table row's last value falls through to the next row",
    ),
    Mutant(
        "era-last-exclusive",
        "validator/rulepack/models.py",
        "self.last is None or edition <= self.last",
        "self.last is None or edition < self.last",
        "an era's last edition outside it",
    ),
    Mutant(
        "tolerance-doubled",
        "validator/checks/quantity.py",
        "unit = Decimal(1).scaleb(-digits) * quantity.tolerance",
        "unit = Decimal(1).scaleb(-digits) * 2 * quantity.tolerance",
        "a tolerance applied twice",
    ),
    Mutant(
        "mean-rounding-ignored",
        "validator/checks/mean_equals.py",
        "        rounding=params.rounding,\n",
        "",
        "a mean rounded half-up whatever the rule says",
    ),
    Mutant(
        "aggregate-significant-off-by-one",
        "validator/checks/aggregate.py",
        "shown = max(0, significant - 1 - stated.adjusted())",
        "shown = max(0, significant - stated.adjusted())",
        "a share read at one significant digit more than the rule says",
    ),
    Mutant(
        "cross-edition-sign-ignored",
        "validator/checks/cross_edition.py",
        "difference = (exact(now) - exact(before)) * params.sign",
        "difference = exact(now) - exact(before)",
        "a stated change read with the sign the rule reverses",
    ),
    Mutant(
        "compiled-maxima-ignored",
        "validator/checks/fast.py",
        "return high if maxima is None else maxima.get(jp.split(pointer)[-1], high)",
        "return high",
        "the compiled range ignores per-key maxima",
    ),
    Mutant(
        "page-unicode-minus",
        "validator/sources/pages/steps.py",
        '_SIGNS = str.maketrans({"−": "-", "–": "-", "+": "", " ": ""})',
        '_SIGNS = str.maketrans({"–": "-", "+": "", " ": ""})',
        "a page's Unicode minus not read as a sign",
    ),
    Mutant(
        "fix-unsafe-by-default",
        "validator/pipeline/fixing.py",
        'allowed = {"safe", "unsafe"} if unsafe else {"safe"}',
        'allowed = {"safe", "unsafe"}',
        "fix writes figures taken from another document without --unsafe-fixes",
    ),
    Mutant(
        "sarif-info-as-warning",
        "validator/reporters/sarif.py",
        'Severity.INFO: "note"}',
        'Severity.INFO: "warning"}',
        "SARIF reports an info finding as a warning",
    ),
    Mutant(
        "text-line-column-swapped",
        "validator/reporters/text.py",
        "{f.source}:{f.line}:{f.column}:",
        "{f.source}:{f.column}:{f.line}:",
        "the text output's line and column swapped",
    ),
    Mutant(
        "edges-verdict-ignored",
        "validator/pipeline/edges.py",
        "reports != edge.accepted and _holds(edge, rule, doc, tables)",
        "_holds(edge, rule, doc, tables)",
        "rules lint counts a case at an edge whatever verdict it expects",
    ),
    Mutant(
        "edges-also-skipped",
        "validator/checks/lookup_table.py",
        "            for label in allowed:\n",
        "            for label in allowed[:1]:\n",
        "rules lint asks no case for the labels a row also allows",
    ),
]


def copy_tree(target: Path) -> None:
    """The files git has (and new ones it does not ignore), as they are in the work tree."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            (target / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / os.fsdecode(name))


def run(mutant: Mutant | None, base: Path, timeout: int) -> tuple[str, str, float]:
    """The suite on a copy of `base` with the mutant's edit (none: the base itself)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        tree = Path(folder) / "report-validator"  # nothing beside it: no ../shared
        shutil.copytree(base, tree)
        if mutant is not None:
            path = tree / mutant.path
            text = path.read_text(encoding="utf-8")
            if text.count(mutant.old) != 1:
                return "invalid", f"the edit matches {text.count(mutant.old)} places", 0.0
            path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        env = {**os.environ, "CI": "true", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("REPORT_VALIDATOR_REQUIRE_BROWSER", None)
        try:
            done = subprocess.run(
                PYTEST, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return "killed", "timeout", time.monotonic() - started
        seconds = time.monotonic() - started
        if done.returncode == 0:
            return "survived", "", seconds
        failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        return "killed", (failed[0] if failed else done.stdout[-300:]), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="mutant ids starting with this")
    parser.add_argument("--ids", default="", help="these mutants only (comma-separated ids)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per mutant")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    named = {i.strip() for i in args.ids.split(",") if i.strip()}
    unknown = named - {m.id for m in MUTANTS}
    if unknown:
        parser.error(f"no mutant {', '.join(sorted(unknown))} (--list shows them)")
    chosen = [m for m in MUTANTS if m.id.startswith(args.only) and (not named or m.id in named)]
    if args.list:
        for m in chosen:
            print(f"{m.id:28} {m.path:42} {m.what}")
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="mutation-base-") as folder:
        base = Path(folder) / "report-validator"  # the tree as it is now, later edits aside
        base.mkdir()
        copy_tree(base)
        verdict, detail, seconds = run(None, base, args.timeout)
        print(f"unmutated: {'all pass' if verdict == 'survived' else detail} ({seconds:.0f} s)")
        if verdict != "survived":
            return 2  # a suite that fails as it is kills every mutant: nothing to learn
        with ThreadPoolExecutor(args.jobs) as pool:
            runs = pool.map(lambda m: run(m, base, args.timeout), chosen)
            for mutant, (verdict, detail, seconds) in zip(chosen, runs, strict=True):
                results.append((mutant, verdict))
                line = f"{verdict:8} {mutant.id:28} {seconds:6.1f} s  {mutant.what}: {detail}"
                print(line, flush=True)
    valid = [v for _, v in results if v != "invalid"]
    killed = valid.count("killed")
    print(f"\n{killed} of {len(valid)} mutants killed ({100 * killed / max(1, len(valid)):.0f}%)")
    for mutant, verdict in results:
        if verdict != "killed":
            print(f"  {verdict}: {mutant.id} ({mutant.path}): {mutant.what}")
    return 0 if all(v != "invalid" for _, v in results) else 2


if __name__ == "__main__":
    sys.exit(main())
