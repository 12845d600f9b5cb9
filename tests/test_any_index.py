"""Issue 13, rule packs for any index: a folder of the user's (a schema and a pack beside it,
fixtures/another-index/) checks another index's documents with the installed package
untouched; a misspelt survey or pointer stops the run; `rules lint` and `rules test`; the
project's configuration file."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from validator.cli import main
from validator.packs.lint import lint, schemas_for
from validator.packs.loading import RulePack, load_packs, pack_paths
from validator.pipeline.run import check_documents

from .conftest import FIXTURES, SCRATCH

if TYPE_CHECKING:
    from validator.document import Document

INDEX = FIXTURES / "another-index"
NORWAY = INDEX / "documents" / "norway-2021.yaml"
FIW = FIXTURES / "valid" / "fiw-2024-syria.yaml"


def _line(path: Path, text: str) -> int:
    """The line of `path` where `text` first appears (1-based)."""
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if text in t)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """A copy of the example index to break."""
    return Path(shutil.copytree(INDEX, tmp_path / "index"))


def test_another_index_is_checked_with_a_folder_of_its_own(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(NORWAY), "--rules", str(INDEX)]) == 0
    out = capsys.readouterr().out
    assert "figures: 7, 100% checked" in out and "no findings" in out


def test_a_wrong_figure_of_another_index_is_found_where_it_is(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = index / "documents" / "norway-2021.yaml"
    doc.write_text(doc.read_text().replace("overall_score: 9.75", "overall_score: 9.57"))
    assert main(["check", str(doc), "--rules", str(index)]) == 1
    out = capsys.readouterr().out
    line = next(
        i for i, t in enumerate(doc.read_text().splitlines(), 1) if t.startswith("overall_score")
    )
    assert (
        f"norway-2021.yaml:{line}:16: error democracy-index/overall-score-differs-from-mean" in out
    )
    assert "expected 9.75, found 9.57" in out


def test_a_pack_given_adds_to_the_bundled_packs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--rules used to replace every bundled pack: a one-rule pack left FIW unchecked."""
    fiw = tmp_path / "fiw.yaml"
    fiw.write_text(FIW.read_text().replace("total_score: 1\n", "total_score: 2\n"))
    assert main(["check", str(FIW), str(NORWAY), "--rules", str(INDEX)]) == 0
    assert "(DEMOCRACY-INDEX 100%, FIW 100%)" in capsys.readouterr().out
    assert main(["check", str(fiw), str(NORWAY), "--rules", str(INDEX)]) == 1
    assert "fiw/total-score-differs-from-sum" in capsys.readouterr().out


def test_replacing_the_bundled_packs_is_asked_for_and_says_what_went_unchecked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", str(FIW), str(NORWAY), "--rules", str(INDEX), "--no-bundled-rules"])
    out = capsys.readouterr().out
    assert code == 0
    assert "FIW 0%" in out and "unchecked" in out  # said, not counted as passed


def test_a_misspelt_survey_stops_the_run_at_its_line(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = index / "democracy-index.yaml"
    pack.write_text(pack.read_text().replace("survey: democracy-index", "survey: democracy-idnex"))
    assert main(["check", str(NORWAY), "--rules", str(index)]) == 2
    err = capsys.readouterr().err
    assert "democracy-index.yaml:5:9: error core/invalid-rule-pack no schema defines survey" in err
    assert "did you mean 'democracy-index'?" in err


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("value: /overall_score, parts", "value: /overall_scor, parts", "'/overall_scor'"),
        ("at: /categories/*\n", "at: /categorie/*\n", "'/categorie/*'"),
        ("parts: [/categories/*]", "parts: [/categories/*/x]", "'/categories/*/x'"),
        ("input: {field: /overall_score}", "input: {field: /overal_score}", "'/overal_score'"),
    ],
)
def test_a_pointer_no_document_could_hold_stops_the_run(
    index: Path, old: str, new: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = index / "democracy-index.yaml"
    assert old in pack.read_text()
    pack.write_text(pack.read_text().replace(old, new))
    assert main(["rules", "lint", str(index)]) == 2
    out = capsys.readouterr().out
    assert f"pointer {where} matches nothing the schema of democracy-index allows" in out
    line = next(
        i for i, t in enumerate(pack.read_text().splitlines(), 1) if new.split(":")[-1].strip() in t
    )
    assert f"democracy-index.yaml:{line}:" in out


def _pointers(packs: list[RulePack]) -> list[tuple[str, str]]:
    from validator.packs.lint import _pointers as named

    found = []
    for pack in packs:
        for rule in pack.rules:
            if rule.kind is None:
                continue
            for at, pointer in named(rule.rule.at, rule.rule.when, rule.rule.params):
                found.append((rule.qualified_id + at, pointer))
    return found


def test_every_pointer_of_the_bundled_packs_is_allowed_and_each_misspelling_is_not(
    packs: list[RulePack],
) -> None:
    """The oracle is the schemas themselves: every literal segment of every pointer the
    bundled packs name, misspelt by one letter, must be refused (the bundled schemas close
    every mapping), and the pointers as written must all be allowed."""
    from validator.packs.lint import _allows

    schemas, problems = schemas_for(packs)
    assert schemas is not None and problems == []
    by_rule = {r.qualified_id: p for p in packs for r in p.rules}
    pointers = _pointers(packs)
    assert len(pointers) > 100
    for where, pointer in pointers:
        surveys = by_rule[where.split("/params")[0].split("/at")[0].split("/when")[0]].spec.surveys
        surveys = (*surveys, "fiw")  # aggregate rules read FIW records
        assert any(_allows(schemas, s, pointer) for s in surveys), (where, pointer)
        segments = pointer.split("/")
        for i, segment in enumerate(segments):
            if not segment or "*" in segment or "{" in segment or segment.isdigit():
                continue
            misspelt = "/".join([*segments[:i], segment + "q", *segments[i + 1 :]])
            assert not any(_allows(schemas, s, misspelt) for s in surveys), (where, misspelt)


def test_lint_warns_of_unused_tables_untested_rules_and_ids_that_name_no_problem(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = index / "democracy-index.yaml"
    text = pack.read_text().replace("  category-outside-range:", "  check-categories:")
    spare = (
        "  spare:\n    summary: s\n    source: s\n    domain: {min: 0, max: 1, step: 1}\n"
        "    rows: [{min: 0, max: 1, value: x}]\n"
    )
    text = text.replace("tables:\n", "tables:\n" + spare)
    pack.write_text(text)
    assert main(["rules", "lint", str(index)]) == 1
    out = capsys.readouterr().out
    assert "warning core/rule-pack-lint table 'spare' is used by no rule" in out
    assert "rule id 'check-categories' should be kebab-case and name the problem" in out
    assert "no cases for democracy-index/check-categories" in out
    assert "1 rule pack linted: 0 errors, 3 warnings" in out


def test_lint_of_the_example_and_the_bundled_packs_is_clean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "lint", str(INDEX)]) == 0
    assert main(["rules", "lint", "--cases", str(FIXTURES / "rules")]) == 0
    out = capsys.readouterr().out
    assert "1 rule pack linted: 0 errors, 0 warnings" in out
    assert "8 rule packs linted: 0 errors, 0 warnings" in out


def test_rules_test_runs_a_users_cases_and_the_bundled_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "test", str(INDEX)]) == 0
    assert "23 cases run: 23 passed, 0 failed" in capsys.readouterr().out
    assert main(["rules", "test", "--cases", str(FIXTURES / "rules")]) == 0
    out = capsys.readouterr().out
    assert "cases run:" in out and ", 0 failed" in out and "no cases for" not in out


def test_rules_test_reports_a_failing_case_at_its_line_and_exits_1(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = index / "cases" / "democracy-index" / "overall-score-differs-from-mean.yaml"
    cases.write_text(cases.read_text().replace("expect: [/overall_score]}", "expect: []}", 1))
    assert main(["rules", "test", str(index)]) == 1
    out = capsys.readouterr().out
    assert "overall-score-differs-from-mean.yaml:4: FAILED democracy-index/overall-score" in out
    assert "expected findings at [], found ['/overall_score']" in out
    assert "23 cases run: 22 passed, 1 failed" in out


def test_rules_test_says_what_it_could_not_run(
    index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = index / "cases" / "democracy-index"
    (folder / "regime-type-outside-band.yaml").rename(folder / "regime-type-outside-bands.yaml")
    assert main(["rules", "test", str(index)]) == 1  # a case file that names no rule
    out = capsys.readouterr().out
    assert "no rule democracy-index/regime-type-outside-bands in the packs" in out
    assert "no cases for 1 rule: democracy-index/regime-type-outside-band" in out
    shutil.rmtree(index / "cases")
    assert main(["rules", "test", str(index)]) == 2
    assert "no cases to run" in capsys.readouterr().err


def test_a_schema_beside_a_pack_may_not_shadow_a_bundled_one(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (index / "fiw.schema.json").write_text("{}")
    assert main(["check", str(NORWAY), "--rules", str(index)]) == 2
    assert "fiw.schema.json is also a bundled schema" in capsys.readouterr().err


def test_a_schema_beside_a_pack_that_cannot_be_used_stops_the_run(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = index / "democracy-index.schema.json"
    text = schema.read_text().replace('"minLength": 1', '"unevaluatedProperties": false')
    schema.write_text(text)  # a keyword refused by name
    assert main(["check", str(NORWAY), "--rules", str(index)]) == 2
    assert "the schema cannot be used" in capsys.readouterr().err


def test_the_project_configuration_is_read_from_the_working_folder_up(
    index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = index / "documents" / "norway-2021.yaml"
    (tmp_path / ".git").mkdir()  # the repository's top: the search stops here
    (tmp_path / ".report-validator.yaml").write_text("rules: [index]\n")
    monkeypatch.chdir(index / "documents")
    assert main(["check", str(doc)]) == 0
    assert "DEMOCRACY-INDEX" not in capsys.readouterr().out  # one survey: no breakdown
    assert main(["check", str(doc), "--no-config"]) == 1  # unknown survey without the pack
    capsys.readouterr()
    (tmp_path / ".report-validator.yaml").write_text("rules: [index]\nfail_on: warning\n")
    assert main(["check", str(doc)]) == 2
    assert "unknown key 'fail_on'" in capsys.readouterr().err
    (tmp_path / ".report-validator.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.report-validator]\nrules = ["index"]\nselect = ["fiw/"]\n'
    )
    doc.write_text(doc.read_text().replace("overall_score: 9.75", "overall_score: 9.57"))
    # its rules not selected, by the configuration: nothing compared, the run does not pass
    # (issue 26, item 12), and says so
    assert main(["check", str(doc)]) == 2
    captured = capsys.readouterr()
    assert "0% checked" in captured.out and "nothing was checked" in captured.err
    assert main(["check", str(doc), "--select", "democracy-index/"]) == 1  # the flag wins


def test_an_audit_with_a_users_pack_checks_in_every_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "audit.json"
    code = main(
        ["audit", str(NORWAY), str(FIW), "--rules", str(INDEX), "-j", "2", "-q", "--json", str(out)]
    )
    assert code == 0
    report = json.loads(out.read_text())
    assert report["audit"]["documents_checked"] == 2 and report["findings"] == []
    coverage = report["summary"]["coverage"]
    assert coverage["democracy-index"] == {"figures": 7, "checked": 7}


def test_lint_finds_nothing_in_packs_loaded_for_every_run(packs: list[RulePack]) -> None:
    schemas, _ = schemas_for(packs)
    assert schemas is not None
    assert lint(packs, schemas).errors == []
    loaded, problems = load_packs(pack_paths([INDEX]))
    assert problems == [] and "democracy-index" in {p.name for p in loaded}


def _installed() -> list[str]:
    import sys

    script = Path(sys.executable).with_name("report-validator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "validator"]


def test_the_tutorial_runs_through_the_installed_command(index: Path) -> None:
    """docs/another-index.md, steps 4 to 6, in a copy of the example folder, as a user
    types them (the installed command, the working folder the example's)."""
    import subprocess

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_installed(), *argv], cwd=index, capture_output=True, text=True, check=False
        )

    done = run("check", "documents", "--rules", ".")
    assert (done.returncode, done.stdout) == (
        0,
        "figures: 7, 100% checked\n1 document checked: no findings\n",
    )
    doc = index / "documents" / "norway-2021.yaml"
    doc.write_text(doc.read_text().replace("overall_score: 9.75", "overall_score: 9.57"))
    done = run("check", "documents", "--rules", ".")
    tutorial = (INDEX.parent.parent / "docs" / "another-index.md").read_text()
    assert done.returncode == 1 and done.stdout.splitlines()[0] in tutorial
    doc.write_text((INDEX / "documents" / "norway-2021.yaml").read_text())
    assert run("rules", "test", ".").stdout == "23 cases run: 23 passed, 0 failed\n"
    pack = index / "democracy-index.yaml"
    pack.write_text(pack.read_text().replace("survey: democracy-index", "survey: democracy-idnex"))
    done = run("rules", "lint", ".")
    assert done.returncode == 2
    assert done.stdout.splitlines()[0].split("; ")[0] in tutorial


def test_the_readme_rule_example_is_a_valid_pack(tmp_path: Path) -> None:
    import re

    readme = (INDEX.parent.parent / "docs" / "writing-rules.md").read_text()
    section = readme.split("## Writing a rule", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    pack = tmp_path / "example.yaml"
    pack.write_text(
        "pack: example\nsummary: The README's example.\nsurvey: nit\n" + example.group(1)
    )
    loaded, problems = load_packs(pack_paths([pack]))
    assert problems == [] and "example" in {p.name for p in loaded}


def _pack_over_open_schema(rules: str, tables: str = "") -> list[RulePack]:
    import tempfile

    folder = Path(tempfile.mkdtemp(dir=SCRATCH))  # removed when the run ends
    (folder / "x.schema.json").write_text('{"type": "object"}')
    head = "pack: x\nsummary: s\nsurvey: x\n" + tables + "rules:\n"
    (folder / "x.yaml").write_text(head + rules)
    loaded, problems = load_packs(pack_paths([folder], bundled=False))
    assert problems == [], problems
    return loaded


_RULE = (
    "  {id}:\n    summary: s\n    rationale: r\n    fix: f\n    source: s\n"
    "    severity: error\n    check: {check}\n    at: {at}\n    params: {params}\n"
)


def _mean_doc(parts: list[str], printed: str) -> Document:
    from validator.document import Document

    data = {"survey": "x", "parts": [Decimal(p) for p in parts], "mean": Decimal(printed)}
    return Document("d.yaml", data)


def _mean_rule(**exactness: object) -> list[RulePack]:
    """A pack with one mean rule over an open schema, built as a user would write it."""
    options = "".join(f", {k}: {json.dumps(v)}" for k, v in exactness.items())
    rule = _RULE.format(
        id="mean-differs",
        check="mean_equals",
        at="/mean",
        params=f"{{value: /mean, parts: [/parts/*], digits: 2{options}}}",
    )
    return _pack_over_open_schema(rule)


_HUNDREDTHS = st.integers(0, 1000).map(lambda n: Decimal(n).scaleb(-2))


@given(
    unrounded=st.lists(st.fractions(0, 10, max_denominator=10**6), min_size=1, max_size=7),
    mode=st.sampled_from(["half-up", "half-even", "toward-zero"]),
)
def test_a_mean_of_unrounded_parts_printed_with_rounded_parts_is_accepted(
    unrounded: list[Fraction], mode: str
) -> None:
    """The publisher averages unrounded values and prints both rounded: with `parts_rounded`
    the printed mean is always accepted (the false alarm of the issue), and the range the
    finding gives holds it. Without, a tenth of such rows differed by 0.01."""
    from validator.arithmetic import round_to
    from validator.engine import Engine

    parts = [str(round_to(p, 2, "half-up")) for p in unrounded]
    printed = str(round_to(sum(unrounded, Fraction(0)) / len(unrounded), 2, mode))
    engine = Engine(_mean_rule(parts_rounded=True, rounding=mode))
    found = engine.check_document(_mean_doc(parts, printed)).findings
    assert found == []


@given(parts=st.lists(_HUNDREDTHS, min_size=1, max_size=7), off=st.integers(-300, 300))
def test_a_tolerance_accepts_exactly_that_many_units(parts: list[Decimal], off: int) -> None:
    from validator.arithmetic import round_half_up
    from validator.engine import Engine

    mean = round_half_up(sum((Fraction(p) for p in parts), Fraction(0)) / len(parts), 2)
    printed = mean + Decimal(off).scaleb(-2)
    engine = Engine(_mean_rule(tolerance=1))
    found = engine.check_document(_mean_doc([str(p) for p in parts], str(printed))).findings
    assert (found == []) == (abs(off) <= 1)
    if found:
        low, high = mean - Decimal("0.01"), mean + Decimal("0.01")
        assert f"expected {low} to {high}, found {printed}" in found[0].message


def test_a_rule_without_a_message_names_the_parts_and_their_values() -> None:
    """It said "the mean of its parts: expected 6.61, found 6.66"."""
    from validator.engine import Engine

    doc = _mean_doc(["6.77", "7.95", "5.85", "6.79", "5.67"], "6.66")
    [finding] = check_documents(Engine(_mean_rule()), [doc]).findings
    assert finding.message == (
        "the mean of /parts/* (6.77, 7.95, 5.85, 6.79, 5.67): expected 6.61, found 6.66"
    )


def test_a_score_finer_than_the_band_grid_says_the_grid_and_the_value() -> None:
    """It said "the table has no row for the input: expected no value"."""
    from validator.engine import Engine

    bands = (
        "tables:\n  bands:\n    summary: b\n    source: s\n"
        "    domain: {min: 0.00, max: 10.00, step: 0.01}\n    rows:\n"
        "      - {min: 0.00, max: 4.00, value: Low}\n"
        "      - {min: 4.01, max: 10.00, value: High}\n"
    )
    rule = _RULE.format(
        id="band-differs",
        check="threshold_bands",
        at="/band",
        params="{value: /band, input: {field: /score}, table: bands}",
    )
    loaded = _pack_over_open_schema(rule, tables=bands)
    from validator.document import Document

    doc = Document("d.yaml", {"survey": "x", "score": Decimal("4.005"), "band": "High"})
    [finding] = check_documents(Engine(loaded), [doc]).findings
    assert "bands has no row for 4.005: its rows are on a grid of 0.01 from 0.00" in finding.message
    assert finding.expected == "no value"
    doc.data["score"] = Decimal("10.5")
    [finding] = check_documents(Engine(loaded), [doc]).findings
    assert "bands has no row for 10.5: it covers 0.00 to 10.00" in finding.message


def test_the_false_alarm_of_rounded_parts_and_its_range() -> None:
    """Parts 6.773, 7.945, 5.845, 6.789, 5.67 average 6.6044, printed 6.60, while the printed
    parts (6.77, 7.95, 5.85, 6.79, 5.67) average 6.606, 6.61: about one row in ten of such an
    index (952 of 10,000 random rows)."""
    from validator.engine import Engine

    doc = _mean_doc(["6.77", "7.95", "5.85", "6.79", "5.67"], "6.60")
    [alarm] = Engine(_mean_rule()).check_document(doc)[0]
    assert "expected 6.61, found 6.60" in alarm.message
    assert Engine(_mean_rule(parts_rounded=True)).check_document(doc)[0] == []
    wrong = _mean_doc(["6.77", "7.95", "5.85", "6.79", "5.67"], "6.66")
    [finding] = Engine(_mean_rule(parts_rounded=True)).check_document(wrong)[0]
    assert "expected 6.60 to 6.61, found 6.66" in finding.message


RANK = _RULE.format(
    id="rank-differs-from-scores",
    check="aggregate",
    at="/rank",
    params="{value: /rank, of: rank, field: /score, ties: equals-sign, "
    "group: {survey: x, match: [/edition], scope: run}}",
)


def _record(country: str, score: str, rank: object, edition: int = 2021) -> Document:
    from validator.document import Document

    data = {"survey": "x", "country": country, "edition": edition, "score": Decimal(score)}
    return Document(f"{country}.yaml", {**data, "rank": rank})


def test_ranks_follow_the_order_of_scores_ties_marked() -> None:
    from validator.engine import Engine

    engine = Engine(_pack_over_open_schema(RANK))
    good = [_record("A", "9.75", 1), _record("B", "9.18", "=2"), _record("C", "9.18", "2=")]
    good.append(_record("D", "8.00", 4))
    assert check_documents(engine, good).findings == []
    bad = [_record("A", "9.75", 1), _record("B", "9.18", 2), _record("C", "9.18", "=3")]
    bad += [_record("D", "8.00", "=4"), _record("E", "7.00", 6)]
    found = {f.source: f.message for f in check_documents(engine, bad).findings}
    assert sorted(found) == ["B.yaml", "C.yaml", "D.yaml", "E.yaml"]
    assert "expected =2, found 2" in found["B.yaml"]  # the tie's mark missing
    assert "expected =2, found =3" in found["C.yaml"]
    assert "expected 4, found =4" in found["D.yaml"]  # a mark with no tie
    assert "expected 5, found 6" in found["E.yaml"]


@pytest.mark.slow
@given(scores=st.lists(st.integers(0, 20), min_size=1, max_size=12), shift=st.integers(-2, 2))
def test_a_rank_is_accepted_exactly_when_it_is_the_competition_rank(
    scores: list[int], shift: int
) -> None:
    """Oracle: the position of the first equal score in the scores sorted highest first."""
    from validator.engine import Engine

    engine = Engine(_pack_over_open_schema(RANK.replace("ties: equals-sign, ", "")))
    ordered = sorted(scores, reverse=True)
    docs = [_record(f"C{i}", str(s), ordered.index(s) + 1) for i, s in enumerate(scores)]
    assert check_documents(engine, docs).findings == []
    docs[0] = _record("C0", str(scores[0]), ordered.index(scores[0]) + 1 + shift)
    report = check_documents(engine, docs)
    printed = [doc.data["rank"] for doc in docs]
    # most printed ranks beyond the records there are: the run holds part of the edition,
    # and no rank is judged, each listed unchecked
    partial = 2 * sum(rank > len(docs) for rank in printed) >= len(docs)
    if partial:
        assert report.findings == []
        unchecked = {(u.source, u.pointer) for u in report.coverage.unchecked}
        assert {(doc.source, "/rank") for doc in docs} <= unchecked
    else:
        assert (report.findings == []) == (shift == 0)


def _distinct_rank_findings(records: list[tuple[int, int, int]]) -> set[str]:
    """Oracle for `ties: distinct` (and a tie-break): (score, tie-break, printed rank) per
    record C<i>; a rank is right when it lies among the positions its equals occupy in the
    order highest first, and no equal prints the same one."""
    wrong = set()
    for i, (score, second, printed) in enumerate(records):
        ahead = sum((s, b) > (score, second) for s, b, _ in records)
        equals = [j for j, (s, b, _) in enumerate(records) if (s, b) == (score, second) and j != i]
        inside = ahead + 1 <= printed <= ahead + 1 + len(equals)
        twice = any(records[j][2] == printed for j in equals)
        if not inside or twice:
            wrong.add(f"C{i}.yaml")
    return wrong


@pytest.mark.slow
@given(
    records=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(1, 7)), min_size=1, max_size=7
    ),
    tie_break=st.booleans(),
)
def test_distinct_ranks_among_equals_are_accepted_in_any_order_and_never_twice(
    records: list[tuple[int, int, int]], tie_break: bool
) -> None:
    from validator.engine import Engine

    extra = ", tie_break: /unrounded" if tie_break else ""
    rule = RANK.replace("ties: equals-sign", "ties: distinct" + extra)
    engine = Engine(_pack_over_open_schema(rule))
    # printed ranks may not pass for a part of the edition: at most half beyond the count
    assume(2 * sum(r > len(records) for _, _, r in records) < len(records))
    docs = []
    for i, (score, second, printed) in enumerate(records):
        doc = _record(f"C{i}", str(score), printed)
        doc.data["unrounded"] = Decimal(score) + Decimal(second) / 10
        docs.append(doc)
    found = {f.source for f in check_documents(engine, docs).findings}
    oracle = [(s, b if tie_break else 0, r) for s, b, r in records]
    assert found == _distinct_rank_findings(oracle)


def test_a_tie_broken_by_the_unrounded_score_is_no_false_alarm() -> None:
    """Two countries printed 7.2 rank 14 and 15 by their unrounded 7.23 and 7.18: with the
    tie-break, 15 for the first is wrong; with distinct ranks alone either order passes."""
    from validator.engine import Engine

    def run(ties: str, first: int, second: int) -> list[str]:
        engine = Engine(_pack_over_open_schema(RANK.replace("ties: equals-sign", ties)))
        a, b = _record("A", "7.2", first), _record("B", "7.2", second)
        a.data["unrounded"], b.data["unrounded"] = Decimal("7.23"), Decimal("7.18")
        return [f.source for f in check_documents(engine, [a, b]).findings]

    assert run("ties: distinct", 1, 2) == run("ties: distinct", 2, 1) == []
    assert run("ties: distinct, tie_break: /unrounded", 1, 2) == []
    assert run("ties: distinct, tie_break: /unrounded", 2, 1) == ["A.yaml", "B.yaml"]
    assert run("ties: plain", 1, 2) == ["B.yaml"]  # shared: both 1


@pytest.mark.parametrize(
    ("ties", "said"),
    [
        ("ties: distinct", "Ties: every record its own rank, equal scores in any order"),
        (
            "ties: distinct, tie_break: /unrounded",
            "Tie-break: equal scores are ordered by /unrounded",
        ),
        ("ties: equals-sign", 'Ties: equal scores share a rank marked "=2"'),
        ("ties: plain", "Ties: equal scores share a rank, the next rank skips (1, 2, 2, 4)"),
    ],
)
def test_rules_explain_says_how_ties_are_ranked(ties: str, said: str) -> None:
    from validator.packs.explain import explain

    [pack] = [
        p for p in _pack_over_open_schema(RANK.replace("ties: equals-sign", ties)) if p.name == "x"
    ]
    assert said in explain(pack, pack.rules[0])


def test_ranks_of_part_of_an_edition_are_not_judged_and_are_said_unchecked() -> None:
    """A hook that checks the two files a commit changed out of an edition of 180: their
    ranks 2 and 28 are not wrong, the run holds two of the records they are ranked among."""
    from validator.engine import Engine

    engine = Engine(_pack_over_open_schema(RANK.replace("ties: equals-sign, ", "")))
    docs = [_record("Norway", "9.81", 2), _record("United States", "7.85", 28)]
    report = check_documents(engine, docs)
    assert report.findings == []
    assert {(u.source, u.pointer) for u in report.coverage.unchecked} >= {
        ("Norway.yaml", "/rank"),
        ("United States.yaml", "/rank"),
    }
    # with the group's size the pack says it outright: fewer members, not judged; the
    # whole group, judged (ranks 2 and 28 among two are then wrong)
    sized = RANK.replace("ties: equals-sign, ", "").replace("scope: run}", "scope: run, size: 2}")
    found = check_documents(Engine(_pack_over_open_schema(sized)), docs).findings
    assert [(f.source, f.expected, f.actual) for f in found] == [
        ("Norway.yaml", "1", "2"),
        ("United States.yaml", "2", "28"),
    ]
    of_180 = sized.replace("size: 2}", "size: /ranked}")
    for doc in docs:
        doc.data["ranked"] = 180
    assert check_documents(Engine(_pack_over_open_schema(of_180)), docs).findings == []


LAST_RANK = _RULE.format(
    id="last-year-rank-differs-from-previous-edition",
    check="cross_edition",
    at="/last_year_rank",
    params="{value: /last_year_rank, previous: {field: /rank}}",
)


def test_two_swapped_ranks_are_two_findings_not_four() -> None:
    """Ranks 1 and 2 swapped in 2024: the 2025 edition's last-year ranks, printed right,
    are not blamed for differing from the wrong ones (one wrong figure, one finding)."""
    from validator.document import Document
    from validator.engine import Engine

    engine = Engine(_pack_over_open_schema(RANK.replace("ties: equals-sign, ", "") + LAST_RANK))
    docs = [_record("A", "9", 2, 2024), _record("B", "8", 1, 2024)]
    for country, score, rank, last in (("A", "9", 1, 1), ("B", "8", 2, 2)):
        doc = _record(country, score, rank, 2025)
        doc.data["last_year_rank"] = last
        docs.append(Document(f"{country}-2025.yaml", doc.data))
    found = check_documents(engine, docs).findings
    assert [(f.source, f.edition, f.pointer) for f in found] == [
        ("A.yaml", 2024, "/rank"),
        ("B.yaml", 2024, "/rank"),
    ]
    # a last-year rank printed wrong against a right one is still found
    docs[2].data["last_year_rank"] = 2
    docs[0].data["rank"], docs[1].data["rank"] = 1, 2
    found = check_documents(engine, docs).findings
    assert [(f.source, f.pointer, f.expected) for f in found] == [
        ("A-2025.yaml", "/last_year_rank", "1")
    ]


CHANGE = _RULE.format(
    id="score-change-differs-from-previous-edition",
    check="cross_edition",
    at="/score_change",
    params="{value: /score_change, change: {field: /score}, previous: {field: /score}}",
)


def test_a_stated_change_is_the_difference_with_the_previous_edition() -> None:
    """Norway, 9.81 in 2020 and 9.75 in 2021: a change of -0.06."""
    from validator.document import Document
    from validator.engine import Engine

    engine = Engine(_pack_over_open_schema(CHANGE))
    before = Document(
        "2020.yaml", {"survey": "x", "country": "Norway", "edition": 2020, "score": Decimal("9.81")}
    )

    def now(change: str) -> Document:
        data = {"survey": "x", "country": "Norway", "edition": 2021, "score": Decimal("9.75")}
        return Document("2021.yaml", {**data, "score_change": Decimal(change)})

    assert check_documents(engine, [before, now("-0.06")]).findings == []
    [finding] = check_documents(engine, [before, now("0.06")]).findings
    assert "expected -0.06, found 0.06" in finding.message and "edition 2020" in finding.message
    report = check_documents(
        engine, [now("0.06")]
    )  # no previous edition: nothing compared, and said
    assert report.findings == []
    assert "/score_change" in [u.pointer for u in report.coverage.unchecked]


def test_a_report_is_never_written_over_a_pack_or_a_schema_beside_it(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for victim in ("democracy-index.schema.json", "democracy-index.yaml"):
        before = (index / victim).read_bytes()
        argv = ["check", str(NORWAY), "--rules", str(index), "--format", "json"]
        assert main([*argv, "--output", str(index / victim)]) == 2
        assert "is one of the inputs: not overwritten" in capsys.readouterr().err
        assert (index / victim).read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "object", "properties": {"survey": {"pattern": "["}}}',  # re.error
        "[" * 100_000 + "]" * 100_000,  # RecursionError in the JSON reader
        '{"$ref": "#/$defs/nothing"}',  # a reference to nothing
        '{"type": "object", "x": ',  # not JSON
    ],
    ids=["bad-pattern", "deep", "dangling-ref", "not-json"],
)
def test_a_broken_schema_beside_a_pack_is_a_finding_never_a_crash(
    index: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (index / "democracy-index.schema.json").write_text(text)
    assert main(["check", str(NORWAY), "--rules", str(index)]) == 2
    err = capsys.readouterr().err
    assert "democracy-index.schema.json:1:1: error core/invalid-rule-pack the schema cannot" in err
    assert "Traceback" not in err


# -- pages of another index: a page layout beside the pack (issue 24) -----------------------

PAGE = INDEX / "pages" / "norway-2021.txt"


def test_a_page_of_another_index_is_read_with_its_layout_file(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Norway 2021 as the example index's country page prints it, read with the layout file
    beside the pack (layouts/pages/), no Python: every figure checked; a wrong one found at
    its line and column; without the pack the page is no report page."""
    assert main(["check", str(PAGE), "--rules", str(INDEX)]) == 0
    assert "figures: 7, 100% checked" in capsys.readouterr().out
    page = index / "pages" / "norway-2021.txt"
    page.write_text(page.read_text().replace("government: 9.64", "government: 9.46"))
    assert main(["check", str(page), "--rules", str(index), "--format", "json"]) == 1
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["rule"] == "democracy-index/overall-score-differs-from-mean"
    assert (finding["line"], finding["column"]) == (_line(page, "Overall score"), 16)
    assert main(["check", str(PAGE)]) == 1
    assert "core/not-a-report-page" in capsys.readouterr().out


def test_an_audit_reads_another_index_pages_in_every_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for number in range(3):
        shutil.copy(PAGE, folder / f"norway-{number}.txt")
    (folder / "norway-2.txt").write_text(PAGE.read_text().replace("9.75", "9.57"))
    report = tmp_path / "audit.json"
    args = ["audit", str(folder), "--rules", str(INDEX), "--jobs", "2", "--json", str(report)]
    assert main([*args, "-q"]) == 1
    body = json.loads(report.read_text())
    assert "democracy-index-country" in json.dumps(body["layouts"])
    assert "overall-score-differs-from-mean" in report.read_text()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("step: complete", "unknown step 'completed'"),
        ("/categories/civil_liberties", "/categories/civil_libertie is not a field"),
        ('"Regime type: {status}"', "more than one free-text placeholder"),
        ("keys: /properties/categories/properties", "names no properties"),
        ("survey: democracy-index", "has no schema beside the pack"),
        ("layout: democracy-index-country", "a bundled layout has this name"),
    ],
)
def test_a_broken_page_layout_stops_the_run_and_lint_says_why(
    index: Path, capsys: pytest.CaptureFixture[str], change: str, said: str
) -> None:
    """A layout that could read figures no rule sees, or not read at all, must not load."""
    layout = index / "layouts" / "pages" / "democracy-index-country.yaml"
    broken = {
        "step: complete": "step: completed",
        "/categories/civil_liberties": "/categories/civil_libertie",
        '"Regime type: {status}"': '"Regime {text} type: {status}"',
        "keys: /properties/categories/properties": "keys: /properties/categoriez/properties",
        "survey: democracy-index": "survey: democracy-indx",
        "layout: democracy-index-country": "layout: fiw-site",
    }[change]
    text = layout.read_text()
    assert change in text
    layout.write_text(text.replace(change, broken, 1))
    assert main(["check", str(index / "pages"), "--rules", str(index)]) == 2
    captured = capsys.readouterr()
    assert said in captured.out + captured.err
    assert main(["rules", "lint", str(index)]) == 2
    out = capsys.readouterr().out
    assert said in out and "democracy-index-country.yaml" in out
