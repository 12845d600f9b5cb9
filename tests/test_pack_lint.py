"""`rules lint` and `rules test` miss nothing a new pack's author gets wrong (issue 27, item 3):
each test here failed before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from validator.cli import main

from .conftest import FIXTURES, ROOT

INDEX = FIXTURES / "another-index"
PACK = "democracy-index.yaml"


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return Path(shutil.copytree(INDEX, tmp_path / "index"))


def _lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["rules", "lint", *argv])
    return code, capsys.readouterr().out


def test_a_misspelt_survey_in_a_group_is_an_error(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rule would check nothing; only the coverage line dropped."""
    rule = (
        "  rank-differs-from-scores:\n    summary: s\n    rationale: r\n    fix: f\n"
        "    source: s\n    severity: error\n    check: aggregate\n    at: /overall_score\n"
        "    params: {value: /overall_score, of: max, field: /overall_score, "
        "group: {survey: democracy-indx, match: [/edition], scope: run}}\n"
    )
    pack = index / PACK
    pack.write_text(pack.read_text().replace("rules:\n", "rules:\n" + rule))
    code, out = _lint(capsys, str(index))
    assert code == 2
    assert "no schema defines survey 'democracy-indx' (did you mean 'democracy-index'?)" in out


def test_a_band_label_the_schema_does_not_allow_is_an_error(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It would flag every correct document of that band."""
    pack = index / PACK
    pack.write_text(
        pack.read_text().replace("value: Flawed democracy}", "value: Flawed democarcy}")
    )
    code, out = _lint(capsys, str(index))
    assert code == 2
    line = next(
        i for i, t in enumerate(pack.read_text().splitlines(), 1) if "Flawed democarcy" in t
    )
    assert f"{PACK}:{line}:" in out
    assert "table 'regime-type' gives 'Flawed democarcy' (did you mean 'Flawed democracy'?)" in out
    assert "would flag every correct document" in out


def test_each_pack_given_has_its_own_cases_and_each_is_tested(
    index: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`rules lint A B` looked for B's cases under A's `cases/`; `rules test A B` ran A's
    cases alone and exited 0."""
    other = Path(shutil.copytree(index, tmp_path / "other"))
    (other / "democracy-index.schema.json").unlink()  # the same survey: the first's schema
    shutil.rmtree(other / "layouts")
    renamed = (other / PACK).read_text().replace("pack: democracy-index", "pack: other-index")
    (other / PACK).write_text(renamed)
    (other / "cases" / "democracy-index").rename(other / "cases" / "other-index")
    failing = other / "cases" / "other-index" / "overall-score-differs-from-mean.yaml"
    failing.write_text(failing.read_text().replace("expect: [/overall_score]}", "expect: []}", 1))
    code, out = _lint(capsys, str(index), str(other))
    assert code == 0, out
    assert "2 rule packs linted: 0 errors, 0 warnings" in out
    assert main(["rules", "test", str(index), str(other)]) == 1
    out = capsys.readouterr().out
    assert "FAILED other-index/overall-score-differs-from-mean" in out
    assert "46 cases run: 45 passed, 1 failed" in out


def test_rules_without_cases_are_warned_of_when_the_pack_has_no_cases_folder(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(index / "cases")
    code, out = _lint(capsys, str(index))
    assert code == 1
    rules = out.count("no cases for democracy-index/")
    assert rules == 3 and f"1 rule pack linted: 0 errors, {rules} warnings" in out


@pytest.mark.parametrize(
    ("wrong", "right", "said"),
    [
        (
            "check: mean_equals",
            "check: mean_equal",
            "is not a check kind; did you mean 'mean_equals'?",
        ),
        ("table: regime-type", "table: regime-types", "did you mean 'regime-type'?"),
        ("parts: [/categories/*]", "part: [/categories/*]", "did you mean 'parts'?"),
    ],
)
def test_an_unknown_kind_table_or_parameter_gets_a_did_you_mean(
    index: Path, capsys: pytest.CaptureFixture[str], wrong: str, right: str, said: str
) -> None:
    pack = index / PACK
    text = pack.read_text()
    assert wrong in text
    pack.write_text(text.replace(wrong, right, 1))
    code, out = _lint(capsys, str(index))
    assert code == 2
    assert said in out


def test_the_kind_list_names_the_kinds_not_builtin(
    index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`builtin` is the pipeline's own packs' word; a user's pack is told the twelve kinds."""
    from validator.checks import KINDS

    pack = index / PACK
    pack.write_text(pack.read_text().replace("check: range", "check: ranges", 1))
    _, out = _lint(capsys, str(index))
    said = next(line for line in out.splitlines() if "is not a check kind" in line)
    assert "builtin" not in said
    assert all(name in said for name in KINDS) and len(KINDS) == 12
    assert main(["rules", "kinds"]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert listed == list(KINDS)


def test_the_bundled_folder_given_without_the_bundled_packs_is_no_duplicate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out = _lint(capsys, "--no-bundled-rules", "rules", "--cases", "fixtures/rules")
    assert "used by more than one file" not in out
    assert code == 0, out
    assert "8 rule packs linted: 0 errors, 0 warnings" in out
