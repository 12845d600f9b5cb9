"""The two indices shipped as examples (examples/, docs/fragile-states-index.md and
docs/rule-of-law-index.md): their real published rows check with no false alarm, every
figure compared or said unchecked, and errors planted in copies are found where planted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from validator.cli import main

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
FSI = EXAMPLES / "fragile-states-index"
WJP = EXAMPLES / "rule-of-law-index"


def _check(paths: list[Path], pack: Path, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    out = tmp_path / "check.json"
    argv = ["check", *map(str, paths), "--rules", str(pack), "--no-config"]
    code = main([*argv, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _edit(path: Path, **changes: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for key in parents:
            node = node[key]
        node[last] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("pack", [FSI, WJP], ids=["fsi", "wjp"])
def test_the_example_packs_lint_clean_and_pass_their_cases(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "lint", str(pack)]) == 0
    assert "1 rule pack linted: 0 errors, 0 warnings" in capsys.readouterr().out
    assert main(["rules", "test", str(pack)]) == 0
    out = capsys.readouterr().out
    assert ", 0 failed" in out and "no cases for" not in out


def test_the_fragile_states_rows_check_clean_and_the_partial_edition_is_said(
    tmp_path: Path,
) -> None:
    code, report = _check([FSI / "documents"], FSI, tmp_path)
    assert (code, report["findings"]) == (0, [])
    assert report["summary"]["documents"] == 15
    # 2020: three of 178 countries, their ranks beyond the three: not judged, listed
    unchecked = {(Path(u["source"]).name, u["pointer"]) for u in report["unchecked"]}
    assert unchecked == {("togo.yaml", "/rank"), ("ghana.yaml", "/rank"), ("canada.yaml", "/rank")}
    assert report["summary"]["figures_checked"] == report["summary"]["figures"] - 3


def test_errors_planted_in_the_fragile_states_rows_are_found_where_planted(
    tmp_path: Path,
) -> None:
    copy = Path(shutil.copytree(FSI, tmp_path / "fsi"))
    docs = copy / "documents"
    _edit(docs / "2021" / "syria.yaml", indicators__E1=8.6)  # 9.6 printed as 8.6
    _edit(docs / "2023" / "yemen.yaml", rank="3rd")  # South Sudan's
    _edit(docs / "2023" / "south-sudan.yaml", rank="2nd")  # swapped with Yemen's
    _edit(docs / "2020" / "togo.yaml", total=88.5)  # digits swapped
    code, report = _check([docs], copy, tmp_path)
    assert code == 1
    found = sorted(
        (Path(f["source"]).parent.name, Path(f["source"]).name, f["pointer"], f["expected"])
        for f in report["findings"]
    )
    assert found == [
        ("2020", "togo.yaml", "/total", "85.2 to 86.4"),
        ("2021", "syria.yaml", "/total", "109.1 to 110.3"),
        ("2023", "south-sudan.yaml", "/rank", "3rd"),
        ("2023", "yemen.yaml", "/rank", "2nd"),
    ]


def test_the_rule_of_law_top_ten_with_ties_checks_clean_and_shared_ranks_would_not(
    tmp_path: Path,
) -> None:
    """Denmark and Norway both 0.89 rank 1 and 2: distinct ranks among equals. With shared
    ranks, the trial's false alarms: four of ten."""
    code, report = _check([WJP / "documents" / "top-ten"], WJP, tmp_path)
    assert (code, report["findings"], report["unchecked"]) == (0, [], [])
    shared = Path(shutil.copytree(WJP, tmp_path / "wjp"))
    pack = shared / "rule-of-law-index.yaml"
    pack.write_text(pack.read_text().replace("ties: distinct", "ties: shared"))
    code, report = _check([shared / "documents" / "top-ten"], shared, tmp_path)
    alarms = sorted((f["country"], f["expected"], f["actual"]) for f in report["findings"])
    assert alarms == [
        ("Australia", "8", "10"),
        ("Canada", "8", "9"),
        ("New Zealand", "6", "7"),
        ("Norway", "1", "2"),
    ]


def test_errors_planted_in_the_rule_of_law_rows_are_found_where_planted(
    tmp_path: Path,
) -> None:
    copy = Path(shutil.copytree(WJP, tmp_path / "wjp"))
    top = copy / "documents" / "top-ten"
    _edit(top / "sweden.yaml", rank=5)  # the Netherlands' place
    _edit(top / "netherlands.yaml", rank=4)  # swapped
    _edit(top / "finland.yaml", overall_score=0.877)  # three decimals
    code, report = _check([top], copy, tmp_path)
    assert code == 1
    found = sorted((f["country"], f["pointer"], f["rule"]) for f in report["findings"])
    assert found == [
        ("Finland", "/overall_score", "rule-of-law-index/score-outside-range"),
        ("Netherlands", "/rank", "rule-of-law-index/rank-differs-from-scores"),
        ("Sweden", "/rank", "rule-of-law-index/rank-differs-from-scores"),
    ]


def test_the_bottom_ten_alone_are_part_of_an_edition_and_said_so(tmp_path: Path) -> None:
    code, report = _check([WJP / "documents" / "bottom-ten"], WJP, tmp_path)
    assert (code, report["findings"]) == (0, [])
    assert sorted(u["value"] for u in report["unchecked"]) == [str(n) for n in range(104, 114)]
