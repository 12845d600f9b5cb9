"""Issue 13, rule packs for any index: a folder of the user's (a schema and a pack beside it,
fixtures/another-index/) checks another index's documents with the installed package
untouched; a misspelt survey or pointer stops the run; `rules lint` and `rules test`; the
project's configuration file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from validator.cli import main
from validator.rulepack.lint import lint, schemas_for
from validator.rulepack.loading import RulePack, load_packs, pack_paths

from .conftest import FIXTURES

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
    from validator.rulepack.lint import _pointers as named

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
    from validator.rulepack.lint import _allows

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
    assert "7 rule packs linted: 0 errors, 0 warnings" in out


def test_rules_test_runs_a_users_cases_and_the_bundled_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "test", str(INDEX)]) == 0
    assert "11 cases run: 11 passed, 0 failed" in capsys.readouterr().out
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
    assert "11 cases run: 10 passed, 1 failed" in out


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
    schema.write_text(schema.read_text().replace('"minLength": 1', '"format": "name"'))
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
    assert main(["check", str(doc)]) == 0  # its rules not selected, by the configuration
    assert "0% checked" in capsys.readouterr().out  # and said
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
    assert run("rules", "test", ".").stdout == "11 cases run: 11 passed, 0 failed\n"
    pack = index / "democracy-index.yaml"
    pack.write_text(pack.read_text().replace("survey: democracy-index", "survey: democracy-idnex"))
    done = run("rules", "lint", ".")
    assert done.returncode == 2
    assert done.stdout.splitlines()[0].split("; ")[0] in tutorial


def test_the_readme_rule_example_is_a_valid_pack(tmp_path: Path) -> None:
    import re

    readme = (INDEX.parent.parent / "README.md").read_text()
    section = readme.split("### Writing a rule", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    pack = tmp_path / "example.yaml"
    pack.write_text(
        "pack: example\nsummary: The README's example.\nsurvey: nit\n" + example.group(1)
    )
    loaded, problems = load_packs(pack_paths([pack]))
    assert problems == [] and "example" in {p.name for p in loaded}
